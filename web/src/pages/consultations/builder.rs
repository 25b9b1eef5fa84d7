//! The questionnaire builder: sections, questions of every kind with their settings, options and
//! rows (added, removed, moved), display conditions on an earlier question; the texts in the
//! language chosen; a preview as a respondent sees it; saved whole, with the server's problems next
//! to the question they name (`sections[0].questions[2].options`).

use leptos::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::consultations::*;
use madani_shared::endpoints::PutQuestionnaire;
use madani_shared::ids::ConsultationId;
use madani_shared::text::Language;

use super::controls::QuestionControl;
use super::question_editor::QuestionEditor;
use super::{focus_soon, kind_label};
use crate::components::form::{ErrorSummary, FormState, language_options};
use crate::components::localized::{get_language, set_language};
use crate::components::mutation::Mutation;
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

/// The next free id `<prefix><n>` among `taken`.
pub(super) fn next_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str>) -> String {
    let n = taken.filter_map(|id| id.strip_prefix(prefix)?.parse::<u32>().ok()).max().unwrap_or(0) + 1;
    format!("{prefix}{n}")
}

pub(super) fn needs_options(kind: SurveyQuestionKind) -> bool {
    use SurveyQuestionKind::*;
    matches!(kind, SingleChoice | MultipleChoice | Ranking | Matrix)
}

pub(super) fn choice(id: String, lang: Language, words: &str) -> SurveyChoice {
    let mut label = LocalizedText::default();
    set_language(&mut label, lang, words.to_owned());
    SurveyChoice { id, label }
}

/// A new question of `kind`, with what the kind needs to be valid (two options, a row, a scale).
fn new_question(id: String, kind: SurveyQuestionKind, lang: Language) -> SurveyQuestion {
    let mut q = SurveyQuestion {
        id,
        kind,
        title: LocalizedText::default(),
        help: LocalizedText::default(),
        required: false,
        options: Vec::new(),
        rows: Vec::new(),
        min_choices: None,
        max_choices: None,
        scale_max: None,
        low_label: LocalizedText::default(),
        high_label: LocalizedText::default(),
        min: None,
        max: None,
        show_if: None,
    };
    retype(&mut q, kind, lang);
    q
}

/// Change a question's kind, keeping what still fits.
pub(super) fn retype(q: &mut SurveyQuestion, kind: SurveyQuestionKind, lang: Language) {
    q.kind = kind;
    if needs_options(kind) {
        while q.options.len() < 2 {
            let id = next_id("o", q.options.iter().map(|o| o.id.as_str()));
            let n = q.options.len() + 1;
            q.options.push(choice(id, lang, &format(lang, k::CONSULT_OPTION_N, &[("n", &n.to_string())])));
        }
    } else {
        q.options.clear();
    }
    if kind == SurveyQuestionKind::Matrix {
        if q.rows.is_empty() {
            q.rows.push(choice("r1".into(), lang, &format(lang, k::CONSULT_ROW_N, &[("n", "1")])));
        }
    } else {
        q.rows.clear();
    }
    if kind != SurveyQuestionKind::MultipleChoice {
        (q.min_choices, q.max_choices) = (None, None);
    }
    q.scale_max = (kind == SurveyQuestionKind::Scale).then_some(q.scale_max.unwrap_or(5));
    if kind != SurveyQuestionKind::Number {
        (q.min, q.max) = (None, None);
    }
}

/// Where a question is: its section and place.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct At(pub(super) usize, pub(super) usize);

impl At {
    pub(super) fn field(self) -> String {
        format!("sections[{}].questions[{}]", self.0, self.1)
    }
}

/// The builder's state: the questionnaire, the language its texts are typed in, and a count of the
/// changes of structure (which draw the builder again; a typed text does not).
#[derive(Clone, Copy)]
pub(super) struct Build {
    pub(super) q: RwSignal<Questionnaire>,
    pub(super) lang: RwSignal<Language>,
    structure: RwSignal<u32>,
    pub(super) frozen: bool,
}

impl Build {
    pub(super) fn reshape(self, change: impl FnOnce(&mut Questionnaire), focus: Option<String>) {
        self.q.update(change);
        self.structure.update(|n| *n += 1);
        if let Some(id) = focus {
            focus_soon(id);
        }
    }

    pub(super) fn question(self, at: At, f: impl FnOnce(&mut SurveyQuestion)) {
        self.q.update(|q| {
            if let Some(x) = q.sections.get_mut(at.0).and_then(|s| s.questions.get_mut(at.1)) {
                f(x)
            }
        });
    }

    pub(super) fn get(self, at: At) -> Option<SurveyQuestion> {
        self.q.with_untracked(|q| q.sections.get(at.0).and_then(|s| s.questions.get(at.1)).cloned())
    }
}

/// An input for one language of a text.
pub(super) fn text_input(
    b: Build,
    id: String,
    key: usize,
    value: LocalizedText,
    set: impl Fn(&mut Questionnaire, LocalizedText) + Send + Sync + 'static,
    multiline: bool,
) -> impl IntoView {
    let lang = b.lang.get_untracked();
    let current = get_language(&value, lang);
    let store = StoredValue::new(value);
    let on_input = move |ev| {
        let mut v = store.get_value();
        set_language(&mut v, lang, event_target_value(&ev));
        store.set_value(v.clone());
        b.q.update(|q| set(q, v));
    };
    let dir = if lang == Language::Ar { "rtl" } else { "ltr" };
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{tr(key)}</label>
            {if multiline {
                view! { <textarea class="textarea" id=id rows="2" lang=lang.code() dir=dir prop:value=current on:input=on_input></textarea> }.into_any()
            } else {
                view! { <input class="input" id=id lang=lang.code() dir=dir prop:value=current on:input=on_input /> }.into_any()
            }}
        </div>
    }
}

#[component]
pub(super) fn QuestionnaireBuilder(id: ConsultationId, questionnaire: Questionnaire, frozen: bool) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let b = Build {
        q: RwSignal::new(questionnaire),
        lang: RwSignal::new(locale.get_untracked()),
        structure: RwSignal::new(0),
        frozen,
    };
    let form = FormState::new();
    let save = Mutation::new(move |q: Questionnaire| async move { session.call::<PutQuestionnaire>(id, &q).await })
        .form(form)
        .toast(k::CONSULT_QUESTIONNAIRE_SAVED)
        .then(move |c: Consultation| {
            b.q.try_set(c.questionnaire);
            b.structure.try_update(|n| *n += 1);
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = b.q.get_untracked();
        match q.check() {
            Ok(()) => save.dispatch(q),
            Err(problems) => form.show(problems),
        }
    };
    let preview = RwSignal::new(false);
    let add_kind = RwSignal::new(SurveyQuestionKind::SingleChoice.as_str().to_owned());
    let add_question = move |section: usize| {
        let lang = b.lang.get_untracked();
        let kind = SurveyQuestionKind::parse(&add_kind.get_untracked()).unwrap_or(SurveyQuestionKind::SingleChoice);
        let qid = b.q.with_untracked(|q| next_id("q", q.questions().map(|x| x.id.as_str())));
        let focus = format!("b-{qid}-title");
        b.reshape(
            |q| {
                if q.sections.is_empty() {
                    q.sections.push(SurveySection { title: LocalizedText::default(), questions: Vec::new() });
                }
                let s = section.min(q.sections.len() - 1);
                q.sections[s].questions.push(new_question(qid, kind, lang));
            },
            Some(focus),
        );
    };
    let sections = move || {
        b.structure.track();
        b.lang.track();
        let q = b.q.get_untracked();
        let count = q.sections.len();
        q.sections
            .into_iter()
            .enumerate()
            .map(|(s, section)| {
                let n = section.questions.len();
                let questions = section
                    .questions
                    .into_iter()
                    .enumerate()
                    .map(|(i, question)| view! { <QuestionEditor b form at=At(s, i) q=question last=i + 1 == n /> })
                    .collect_view();
                view! {
                    <section class="builder-section card stack" aria-labelledby=format!("b-section-{s}")>
                        <h3 class="card__subtitle" id=format!("b-section-{s}")>{move || format(locale.get(), k::CONSULT_SECTION_N, &[("n", &(s + 1).to_string())])}</h3>
                        {text_input(b, format!("b-section-{s}-title"), k::CONSULT_SECTION_TITLE, section.title.clone(), move |q, v| q.sections[s].title = v, false)}
                        <ol class="builder-questions stack">{questions}</ol>
                        <div class="cluster">
                            <button type="button" class="btn btn--secondary btn--small" id=format!("b-add-{s}") disabled=frozen on:click=move |_| add_question(s)>
                                {tr(k::CONSULT_ADD_QUESTION)}
                            </button>
                            {(count > 1 && n == 0).then(|| view! {
                                <button type="button" class="btn btn--ghost btn--small" disabled=frozen
                                    on:click=move |_| b.reshape(|q| { q.sections.remove(s); }, Some("b-add-section".into()))>
                                    {tr(k::CONSULT_REMOVE_SECTION)}
                                </button>
                            })}
                        </div>
                    </section>
                }
            })
            .collect_view()
    };
    let preview_view = move || {
        preview.get().then(|| {
            let q = b.q.get();
            let answers = RwSignal::new(Vec::<AnswerItem>::new());
            let pform = FormState::new();
            let all: Vec<SurveyQuestion> = q.questions().cloned().collect();
            let shown = Memo::new(move |_| answers.with(|a| visible_questions(&q, a).into_iter().map(str::to_owned).collect::<Vec<_>>()));
            view! {
                <section class="card stack builder-preview" id="builder-preview" aria-labelledby="builder-preview-title">
                    <h3 class="card__subtitle" id="builder-preview-title" tabindex="-1">{tr(k::CONSULT_PREVIEW)}</h3>
                    {all.into_iter().map(|x| {
                        let qid = x.id.clone();
                        view! { <div hidden=move || !shown.with(|s| s.contains(&qid))><QuestionControl q=x answers form=pform prefix="p" /></div> }
                    }).collect_view()}
                </section>
            }
        })
    };
    view! {
        <form class="stack builder" id="builder" on:submit=submit novalidate=true aria-labelledby="builder-title">
            <h2 id="builder-title">{tr(k::CONSULT_QUESTIONNAIRE)}</h2>
            {frozen.then(|| view! { <p class="alert alert--warning" role="status">{tr(k::ERROR_QUESTIONNAIRE_FROZEN)}</p> })}
            <ErrorSummary form=form />
            <div class="cluster builder__tools">
                <div class="field">
                    <label class="field__label" for="builder-lang">{tr(k::CONSULT_TEXTS_IN)}</label>
                    <select class="select" id="builder-lang" on:change=move |ev| if let Some(l) = Language::parse(&event_target_value(&ev)) { b.lang.set(l) }>
                        {language_options().into_iter().map(|(code, key)| view! { <option value=code selected=b.lang.get_untracked().code() == code>{tr(key)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="builder-kind">{tr(k::CONSULT_NEW_QUESTION_KIND)}</label>
                    <select class="select" id="builder-kind" disabled=frozen on:change=move |ev| add_kind.set(event_target_value(&ev))>
                        {SurveyQuestionKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{move || kind_label(locale.get(), *kind)}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            {sections}
            <div class="cluster">
                <button type="button" class="btn btn--secondary btn--small" id="b-add-section" disabled=frozen on:click=move |_| {
                    let s = b.q.with_untracked(|q| q.sections.len());
                    b.reshape(|q| q.sections.push(SurveySection { title: LocalizedText::default(), questions: Vec::new() }), Some(format!("b-section-{s}-title")));
                }>{tr(k::CONSULT_ADD_SECTION)}</button>
                <button type="button" class="btn btn--ghost btn--small" id="b-preview" aria-expanded=move || if preview.get() { "true" } else { "false" }
                    on:click=move |_| preview.update(|p| *p = !*p)>{tr(k::CONSULT_PREVIEW)}</button>
                <button type="submit" class="btn btn--primary" id="b-save" disabled=move || form.pending.get()>{tr(k::CONSULT_SAVE_QUESTIONNAIRE)}</button>
            </div>
            {preview_view}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_highest_taken() {
        assert_eq!(next_id("q", ["q1", "q7", "funding", "q3"].into_iter()), "q8");
        assert_eq!(next_id("o", std::iter::empty()), "o1");
    }

    #[test]
    fn a_new_question_is_valid_for_its_kind() {
        for kind in SurveyQuestionKind::ALL {
            let mut q = new_question("q1".into(), *kind, Language::Fr);
            q.title.fr = Some("?".into());
            let questionnaire =
                Questionnaire { sections: vec![SurveySection { title: LocalizedText::default(), questions: vec![q] }] };
            assert_eq!(questionnaire.check(), Ok(()), "{kind:?}");
        }
    }

    #[test]
    fn a_new_kind_drops_what_no_longer_fits() {
        let mut q = new_question("q1".into(), SurveyQuestionKind::Matrix, Language::Fr);
        retype(&mut q, SurveyQuestionKind::Number, Language::Fr);
        assert!(q.options.is_empty() && q.rows.is_empty() && q.scale_max.is_none());
        retype(&mut q, SurveyQuestionKind::Scale, Language::Fr);
        assert_eq!(q.scale_max, Some(5));
    }
}
