//! The questionnaire as a respondent fills it in: one question per screen on a phone (a section per
//! screen on a wider one), the display conditions applied as they answer, the draft saved to the
//! server a second after each change and when they leave a question — kept on the page and sent
//! again when a save fails — then the final answer, with its problems in the error summary.

use std::collections::HashSet;
use std::time::Duration;

use leptos::prelude::*;
use madani_shared::consultations::*;
use madani_shared::endpoints::{SaveAnswerDraft, SubmitAnswer};
use madani_shared::ids::AssociationId;
use madani_shared::{ClientError, FieldError};

use super::controls::{QuestionControl, answer_field};
use super::{consultation_href, focus_soon};
use crate::components::form::{ErrorSummary, FormState, aria_busy};
use crate::components::mutation::Mutation;
use crate::errors::problem_text;
use crate::i18n::{format, format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

/// Where the draft stands on the server.
#[derive(Clone, Debug, PartialEq)]
enum Saving {
    Idle,
    Unsaved,
    Sending,
    Saved,
    /// The network failed: sent again shortly, and when the browser is back online.
    Offline,
    Refused(String),
}

/// Below this width (48rem) one question per screen.
fn is_phone() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w < 768.0)
}

/// The answers to send: in the questionnaire's order, blank ones left out (and, for the final
/// answer, those its other answers hide).
fn to_send(questionnaire: &Questionnaire, answers: &[AnswerItem], visible_only: bool) -> Vec<AnswerItem> {
    let shown: HashSet<String> = visible_questions(questionnaire, answers).into_iter().map(str::to_owned).collect();
    questionnaire
        .questions()
        .filter(|q| !visible_only || shown.contains(&q.id))
        .filter_map(|q| answers.iter().find(|a| a.question_id == q.id && !a.is_blank()).cloned())
        .collect()
}

/// `answers[i]` names the i-th item sent: named after its question instead, whose control shows it.
fn by_question(errors: Vec<FieldError>, sent: &[AnswerItem]) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            if let Some(rest) = e.field.strip_prefix("answers[")
                && let Some((i, _)) = rest.split_once(']')
                && let Some(item) = i.parse::<usize>().ok().and_then(|i| sent.get(i))
            {
                e.field = answer_field(&item.question_id);
            }
            e
        })
        .collect()
}

#[component]
pub(super) fn AnswerForm(
    c: Consultation,
    association: Option<AssociationId>,
    officer: bool,
    existing: Option<ConsultationAnswer>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let id = c.summary.id;
    let questionnaire = StoredValue::new(c.questionnaire.clone());
    let answers = RwSignal::new(existing.as_ref().map(|a| a.answers.clone()).unwrap_or_default());
    let status = RwSignal::new(existing.as_ref().map(|a| a.status).unwrap_or(AnswerStatus::Draft));
    let submitted_at = RwSignal::new(existing.as_ref().and_then(|a| a.submitted_at));
    let can_submit = RwSignal::new(existing.as_ref().map(|a| a.can_submit).unwrap_or(officer));
    let open = c.summary.phase == ConsultationPhase::Open;
    // After a submission the answer is shown as it was given; "change" reopens it where allowed.
    let editing = RwSignal::new(status.get_untracked() == AnswerStatus::Draft);
    let locked = Signal::derive(move || !open || !editing.get());

    // ---- Saving the draft as you go ----
    let saving = RwSignal::new(Saving::Idle);
    let edits = RwSignal::new(0u64);
    let saved_upto = StoredValue::new(0u64);
    let in_flight = StoredValue::new(false);
    let save_now: StoredValue<Box<dyn Fn()>, LocalStorage> = StoredValue::new_local(Box::new(|| {}));
    let schedule = move |delay: Duration| {
        let n = edits.get_untracked();
        set_timeout(
            move || {
                if edits.try_get_untracked() == Some(n) {
                    save_now.with_value(|f| f());
                }
            },
            delay,
        );
    };
    save_now.set_value(Box::new(move || {
        // A submitted answer changes only by submitting it again.
        if in_flight.get_value()
            || edits.get_untracked() <= saved_upto.get_value()
            || status.get_untracked() != AnswerStatus::Draft
        {
            return;
        }
        in_flight.set_value(true);
        let sent = edits.get_untracked();
        saving.set(Saving::Sending);
        let request = SaveAnswer {
            association_id: association,
            answers: questionnaire.with_value(|q| answers.with_untracked(|a| to_send(q, a, false))),
        };
        leptos::task::spawn_local(async move {
            let answer = session.call::<SaveAnswerDraft>(id, &request).await;
            // (None of this once the page is gone.)
            if in_flight.try_set_value(false).is_some() {
                return;
            }
            match answer {
                Ok(_) => {
                    saved_upto.set_value(sent);
                    if edits.get_untracked() > sent {
                        save_now.with_value(|f| f());
                    } else {
                        saving.set(Saving::Saved);
                    }
                }
                Err(ClientError::Transport(_)) => {
                    saving.set(Saving::Offline);
                    // Again in a while (a newer change schedules its own save).
                    let n = edits.get_untracked();
                    set_timeout(
                        move || {
                            if edits.try_get_untracked() == Some(n) {
                                save_now.with_value(|f| f());
                            }
                        },
                        Duration::from_secs(5),
                    );
                }
                Err(e) => saving.set(Saving::Refused(problem_text(locale.get_untracked(), &e))),
            }
        });
    }));
    Effect::watch(
        move || answers.track(),
        move |_, _, _| {
            edits.update(|n| *n += 1);
            if status.get_untracked() == AnswerStatus::Draft {
                saving.set(Saving::Unsaved);
                schedule(Duration::from_secs(1));
            }
        },
        false,
    );
    let online = window_event_listener(leptos::ev::online, move |_| save_now.with_value(|f| f()));
    on_cleanup(move || online.remove());
    let leave_question = move |_| save_now.with_value(|f| f());

    // ---- Screens ----
    let phone = RwSignal::new(is_phone());
    let resize = window_event_listener(leptos::ev::resize, move |_| phone.set(is_phone()));
    on_cleanup(move || resize.remove());
    let show_all = RwSignal::new(false);
    let step = RwSignal::new(0usize);
    let visible = Memo::new(move |_| {
        questionnaire.with_value(|q| {
            answers.with(|a| visible_questions(q, a).into_iter().map(str::to_owned).collect::<HashSet<_>>())
        })
    });
    // Each screen's questions: one each on a phone, a section's on a wider screen.
    let screens = Memo::new(move |_| {
        let shown = visible.get();
        questionnaire.with_value(|q| {
            if phone.get() {
                q.questions().filter(|x| shown.contains(&x.id)).map(|x| vec![x.id.clone()]).collect::<Vec<_>>()
            } else {
                q.sections
                    .iter()
                    .map(|s| {
                        s.questions.iter().filter(|x| shown.contains(&x.id)).map(|x| x.id.clone()).collect::<Vec<_>>()
                    })
                    .filter(|s| !s.is_empty())
                    .collect()
            }
        })
    });
    let total = move || screens.with(Vec::len);
    let current = move || step.get().min(total().saturating_sub(1));
    let on_screen = move |qid: &str| {
        visible.with(|v| v.contains(qid))
            && (show_all.get() || screens.with(|s| s.get(current()).is_some_and(|s| s.iter().any(|x| x == qid))))
    };
    let go = move |delta: isize| {
        save_now.with_value(|f| f());
        let next = (current() as isize + delta).clamp(0, total().saturating_sub(1) as isize) as usize;
        step.set(next);
        focus_soon("answer-progress".into());
    };
    let progress = move || {
        let lang = locale.get();
        let (n, of) = ((current() + 1).to_string(), total().to_string());
        let key = if phone.get() { k::CONSULT_QUESTION_N_OF } else { k::CONSULT_SECTION_N_OF };
        format(lang, key, &[("n", &n), ("total", &of)])
    };

    // ---- Submitting ----
    let form = FormState::new();
    let submit = Mutation::new(move |request: SaveAnswer| async move {
        let sent = request.answers.clone();
        session.call::<SubmitAnswer>(id, &request).await.map_err(|e| match e {
            ClientError::Api(mut p) => {
                p.errors = by_question(std::mem::take(&mut p.errors), &sent);
                show_all.try_set(true);
                ClientError::Api(p)
            }
            other => other,
        })
    })
    .form(form)
    .then(move |answer: ConsultationAnswer| {
        status.try_set(answer.status);
        submitted_at.try_set(answer.submitted_at);
        can_submit.try_set(answer.can_submit);
        editing.try_set(false);
        saved_upto.try_set_value(edits.get_untracked());
        saving.try_set(Saving::Idle);
        focus_soon("answer-confirmation".into());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let items = questionnaire.with_value(|q| answers.with_untracked(|a| to_send(q, a, true)));
        if let Err(errors) = questionnaire.with_value(|q| check_answers(q, &items, true)) {
            show_all.set(true);
            form.show(by_question(errors, &items));
            return;
        }
        submit.dispatch(SaveAnswer { association_id: association, answers: items });
    };
    let busy = submit.pending();

    let sections = c.questionnaire.sections.clone();
    let questions_view = sections
        .into_iter()
        .enumerate()
        .map(|(s, section)| {
            let ids: Vec<String> = section.questions.iter().map(|q| q.id.clone()).collect();
            let title = section.title.clone();
            let has_title = !title.is_empty();
            let section_shown = move || ids.iter().any(|q| on_screen(q));
            let items = section
                .questions
                .into_iter()
                .map(|q| {
                    let qid = q.id.clone();
                    view! {
                        <div class="survey-q-wrap" hidden=move || !on_screen(&qid) on:focusout=leave_question>
                            <QuestionControl q answers form prefix="a" disabled=locked />
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="survey-section stack" hidden=move || !section_shown() aria-labelledby=has_title.then(|| format!("section-{s}"))>
                    {has_title.then(|| view! { <h2 class="survey-section__title" id=format!("section-{s}") dir="auto">{move || title.get(locale.get()).to_owned()}</h2> })}
                    {items}
                </section>
            }
        })
        .collect_view();
    let saving_text = move || {
        let lang = locale.get();
        match saving.get() {
            Saving::Idle => String::new(),
            Saving::Unsaved => text(lang, k::CONSULT_UNSAVED).to_owned(),
            Saving::Sending => text(lang, k::CONSULT_SAVING).to_owned(),
            Saving::Saved => text(lang, k::CONSULT_SAVED).to_owned(),
            Saving::Offline => text(lang, k::CONSULT_OFFLINE).to_owned(),
            Saving::Refused(why) => format(lang, k::CONSULT_NOT_SAVED, &[("reason", &why)]),
        }
    };
    let saving_class = move || match saving.get() {
        Saving::Offline | Saving::Refused(_) => "save-state save-state--error",
        Saving::Saved => "save-state save-state--ok",
        _ => "save-state",
    };
    let first = move || current() == 0 || show_all.get();
    let last = move || current() + 1 >= total() || show_all.get();
    view! {
        <div class="stack">
            <Show when=move || !editing.get()>
                <div class="alert alert--success stack stack--tight" role="status" id="answer-confirmation" tabindex="-1">
                    <p><strong>{tr(k::CONSULT_SUBMITTED)}</strong></p>
                    {move || submitted_at.get().map(|at| view! { <p>{move || format(locale.get(), k::CONSULT_SUBMITTED_AT, &[("at", &format_datetime(locale.get(), at))])}</p> })}
                    <p class="cluster">
                        <a class="btn btn--secondary btn--small" href=consultation_href(id)>{tr(k::CONSULT_BACK_TO_ONE)}</a>
                        <Show when=move || open && can_submit.get()>
                            <button type="button" class="btn btn--ghost btn--small" id="change-answer" on:click=move |_| editing.set(true)>{tr(k::CONSULT_CHANGE_ANSWER)}</button>
                        </Show>
                    </p>
                </div>
            </Show>
            <form class="stack survey" id="answer-form" novalidate=true on:submit=on_submit aria-labelledby="answer-title">
                <ErrorSummary form=form />
                <div class="survey__bar cluster">
                    <p class="survey__progress" id="answer-progress" tabindex="-1" hidden=move || show_all.get()>{progress}</p>
                    <p class=saving_class id="save-state" role="status">{saving_text}</p>
                </div>
                {(!officer && c.summary.respondent == Respondent::Association).then(|| view! {
                    <p class="alert alert--info" id="answer-member-note">{tr(k::CONSULT_MEMBER_DRAFTS)}</p>
                })}
                {questions_view}
                <div class="form-actions survey__nav">
                    <button type="button" class="btn btn--secondary" id="answer-previous" hidden=first on:click=move |_| go(-1)>
                        <span class="flip-rtl" aria-hidden="true">"← "</span>{tr(k::CONSULT_PREVIOUS)}
                    </button>
                    <button type="button" class="btn btn--primary" id="answer-next" hidden=last on:click=move |_| go(1)>
                        {tr(k::CONSULT_NEXT)}<span class="flip-rtl" aria-hidden="true">" →"</span>
                    </button>
                    <Show when=move || last() && editing.get() && open && can_submit.get()>
                        <button type="submit" class="btn btn--primary" id="submit-answer" disabled=busy aria-busy=aria_busy(busy)>
                            {tr(k::CONSULT_SUBMIT)}
                        </button>
                    </Show>
                </div>
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(question: &str, choice: Option<&str>) -> AnswerItem {
        AnswerItem { question_id: question.into(), choice: choice.map(String::from), ..Default::default() }
    }

    fn questionnaire() -> Questionnaire {
        serde_json::from_value(serde_json::json!({"sections": [{"questions": [
            {"id": "funded", "kind": "single_choice", "title": {"fr": "?"}, "required": true,
             "options": [{"id": "yes", "label": {"fr": "Oui"}}, {"id": "no", "label": {"fr": "Non"}}]},
            {"id": "amount", "kind": "number", "title": {"fr": "?"},
             "show_if": {"question_id": "funded", "operator": "equals", "option_id": "yes"}}
        ]}]}))
        .unwrap()
    }

    #[test]
    fn an_item_s_problem_goes_to_its_question() {
        let sent = [item("funded", Some("yes")), item("amount", None)];
        let errors = vec![
            FieldError::new("answers[1]", "out_of_range", ""),
            FieldError::new("answers.funded", "required", ""),
            FieldError::new("answers[9]", "unknown_question", ""),
        ];
        let fields: Vec<String> = by_question(errors, &sent).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["answers.amount", "answers.funded", "answers[9]"]);
    }

    #[test]
    fn the_final_answer_leaves_out_blank_and_hidden_answers() {
        let q = questionnaire();
        let amount = AnswerItem { number: Some(5.0), ..item("amount", None) };
        let answers = [amount.clone(), item("funded", Some("no"))];
        let sent =
            |visible_only| to_send(&q, &answers, visible_only).into_iter().map(|a| a.question_id).collect::<Vec<_>>();
        assert_eq!(sent(false), ["funded", "amount"], "a draft keeps it, in the questionnaire's order");
        assert_eq!(sent(true), ["funded"], "hidden by \"no\"");
    }
}
