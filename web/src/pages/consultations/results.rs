//! `/consultations/:id/results`: per question a bar chart with, for everyone, the table of the same
//! figures; the breakdowns by wilaya and by field (small groups shown as "< 5"); the free-text
//! answers, a page at a time (its organisers, who moderate them, also see those hidden, with the
//! reason, and hide or restore each); the results as a CSV file.

use leptos::prelude::*;
use madani_shared::consultations::*;
use madani_shared::endpoints::{ExportResults, GetConsultation, GetResults, ListTextAnswers, ModerateTextAnswer};
use madani_shared::ids::ConsultationId;
use madani_shared::text::Language;

use super::{check_scoped, consultation_href, focus_soon, kind_label, phase_badge, scoped_error, session_ready};
use crate::app::use_title;
use crate::components::download::save_file;
use crate::components::form::{BusyButton, ErrorSummary, FormState, SubmitButton, TextAreaField};
use crate::components::icon::{Icon, icon};
use crate::components::label::label;
use crate::components::list::PagedList;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::components::territory::wilaya_label;
use crate::i18n::{format, format_datetime, k, plural, text, tr, use_locale};
use crate::session::use_session;

/// A figure with at most two decimals, as the language writes it.
fn decimal(lang: Language, value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let s = rounded.to_string();
    if lang == Language::Fr { s.replace('.', ",") } else { s }
}

fn percent(lang: Language, value: f64) -> String {
    let s = decimal(lang, (value * 10.0).round() / 10.0);
    match lang {
        Language::Fr => format!("{s}\u{a0}%"),
        _ => format!("{s}%"),
    }
}

/// What an option or a value is called.
fn option_name(lang: Language, o: &OptionCount) -> String {
    o.label.as_ref().map(|l| l.get(lang).to_owned()).unwrap_or_else(|| o.option_id.clone())
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    use_title(k::CONSULT_RESULTS_TITLE);
    let session = use_session();
    let results = read_of(param::<ConsultationId>("id"), move |id| async move {
        session_ready(session).await;
        // The breakdown by wilaya: its tables say "< 5" for the small groups.
        let query = madani_shared::consultations::ResultsQuery {
            breakdown: Some(madani_shared::consultations::Breakdown::Wilaya),
        };
        let r = session.call_as_viewer::<GetResults>(id, &query).await?;
        // Its organisers moderate the free-text answers.
        let moderator = session.is_signed_in()
            && session.call_as_viewer::<GetConsultation>(id, &()).await.is_ok_and(|c| c.viewer.organiser);
        Ok((r, moderator))
    });
    view! {
        <div class="page">
            <Loaded resource=results title=k::CONSULT_RESULTS_TITLE let:rm>
                <ResultsView r=rm.0 moderator=rm.1 />
            </Loaded>
        </div>
    }
}

#[component]
fn ResultsView(r: ConsultationResults, moderator: bool) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = r.consultation_id;
    let title = r.title.clone();
    let respondents = r.respondents;
    let published = r.phase == ConsultationPhase::ResultsPublished;
    // Before they are published the file needs the organiser's token: fetched, then offered.
    let export = Mutation::new(move |()| async move { session.fetch::<ExportResults>(id).await }).then(move |bytes| {
        let csv = String::from_utf8_lossy(&bytes);
        let csv = if csv.starts_with('\u{feff}') { csv.into_owned() } else { format!("\u{feff}{csv}") };
        save_file(&format!("consultation-{id}.csv"), "text/csv;charset=utf-8", &csv);
    });
    let csv_href = format!("/api/v1/consultations/{id}/results.csv");
    view! {
        <article class="stack stack--loose results">
            <div class="page__header stack stack--tight">
                <BackLink href=consultation_href(id) label=k::CONSULT_BACK_TO_ONE />
                <h1 class="page__title" id="results-title">
                    <span class="results__kicker">{tr(k::CONSULT_RESULTS_TITLE)}</span>
                    <span dir="auto">{move || title.get(locale.get()).to_owned()}</span>
                </h1>
                <p class="cluster">
                    {phase_badge(r.phase)}
                    <span id="results-respondents">{move || plural(locale.get(), "consult.answers_count", respondents)}</span>
                </p>
                {r.published_at.map(|at| view! { <p class="list__meta">{move || format(locale.get(), k::CONSULT_RESULTS_PUBLISHED_AT, &[("at", &format_datetime(locale.get(), at))])}</p> })}
                {(!published).then(|| view! { <p class="alert alert--info" role="status">{tr(k::CONSULT_RESULTS_PREVIEW)}</p> })}
                <p class="cluster">
                    {if published {
                        view! {
                            <a class="btn btn--secondary btn--small" id="results-csv" href=csv_href download=format!("consultation-{id}.csv")>
                                {icon(Icon::Download)}<span>{tr(k::CONSULT_DOWNLOAD_CSV)}</span>
                            </a>
                        }.into_any()
                    } else {
                        view! {
                            <BusyButton busy=export.pending() attr:class="btn btn--secondary btn--small" attr:id="results-csv" on:click=move |_| export.dispatch(())>
                                {icon(Icon::Download)}<span>{tr(k::CONSULT_DOWNLOAD_CSV)}</span>
                            </BusyButton>
                        }.into_any()
                    }}
                </p>
            </div>
            {r.questions.into_iter().enumerate().map(|(i, q)| view! { <QuestionResults q n=i + 1 consultation=id moderator /> }).collect_view()}
        </article>
    }
}

#[component]
fn QuestionResults(q: QuestionResult, n: usize, consultation: ConsultationId, moderator: bool) -> impl IntoView {
    let locale = use_locale();
    let base = format!("r-{}", q.question_id);
    let title = q.title.clone();
    let kind = q.kind;
    let answered = q.answered;
    let charted = matches!(
        kind,
        SurveyQuestionKind::SingleChoice | SurveyQuestionKind::MultipleChoice | SurveyQuestionKind::Scale
    );
    let chart = (charted && !q.options.is_empty()).then(|| bar_chart(&q.options));
    let table = match kind {
        SurveyQuestionKind::Matrix => matrix_table(&q, &base).into_any(),
        SurveyQuestionKind::ShortText | SurveyQuestionKind::LongText => {
            view! { <TextAnswers consultation question=q.question_id.clone() moderator /> }.into_any()
        }
        _ => option_table(&q, &base).into_any(),
    };
    let stats = (q.mean.is_some() || q.median.is_some()).then(|| {
        let (mean, median) = (q.mean, q.median);
        view! {
            <dl class="kv kv--inline results__stats">
                {mean.map(|m| view! { <dt>{tr(k::CONSULT_MEAN)}</dt> <dd>{move || decimal(locale.get(), m)}</dd> })}
                {median.map(|m| view! { <dt>{tr(k::CONSULT_MEDIAN)}</dt> <dd>{move || decimal(locale.get(), m)}</dd> })}
            </dl>
        }
    });
    let breakdowns = ["wilaya", "field"]
        .into_iter()
        .filter_map(|dimension| {
            let groups: Vec<BreakdownGroup> =
                q.breakdown.iter().filter(|g| g.dimension == dimension).cloned().collect();
            (!groups.is_empty()).then(|| breakdown_table(&q.options, groups, dimension, &base))
        })
        .collect_view();
    view! {
        <section class="card stack results__question" aria-labelledby=format!("{base}-title") id=base.clone()>
            <h2 class="card__title" id=format!("{base}-title")>
                <span>{format!("{n}. ")}</span>
                <span dir="auto">{move || title.get(locale.get()).to_owned()}</span>
            </h2>
            <p class="list__meta">
                {move || kind_label(locale.get(), kind)}
                " · "
                {move || plural(locale.get(), "consult.answered_count", answered)}
            </p>
            {chart}
            {stats}
            {table}
            {breakdowns}
        </section>
    }
}

/// Horizontal bars, one per option, as long as its share: a picture of the table that follows
/// (hidden from screen readers, which read the table).
fn bar_chart(options: &[OptionCount]) -> impl IntoView + use<> {
    let locale = use_locale();
    let options = options.to_vec();
    let most = options.iter().map(|o| o.percent).fold(0.0f64, f64::max).max(1.0);
    let rows = options
        .into_iter()
        .map(|o| {
            let width = (o.percent / most * 100.0).clamp(0.0, 100.0);
            let name = o.clone();
            let share = o.percent;
            view! {
                <div class="bar-chart__row">
                    <span class="bar-chart__label" dir="auto">{move || option_name(locale.get(), &name)}</span>
                    <svg class="bar-chart__bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                        <rect class="bar-chart__track" x="0" y="0" width="100" height="10"></rect>
                        <rect class="bar-chart__fill" x="0" y="0" width=format!("{width:.2}") height="10"></rect>
                    </svg>
                    <span class="bar-chart__value">{move || percent(locale.get(), share)}</span>
                </div>
            }
        })
        .collect_view();
    view! { <div class="bar-chart" aria-hidden="true">{rows}</div> }
}

fn option_table(q: &QuestionResult, base: &str) -> impl IntoView + use<> {
    let locale = use_locale();
    let ranking = q.kind == SurveyQuestionKind::Ranking;
    let title = q.title.clone();
    let rows = q
        .options
        .iter()
        .map(|o| {
            let name = o.clone();
            let (count, share, rank) = (o.count, o.percent, o.average_rank);
            view! {
                <tr>
                    <th scope="row" dir="auto">{move || option_name(locale.get(), &name)}</th>
                    <td>{count}</td>
                    <td>{move || percent(locale.get(), share)}</td>
                    {ranking.then(|| view! { <td>{move || rank.map(|r| decimal(locale.get(), r)).unwrap_or_default()}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{base}-caption")>
            <table class="table results__table" id=format!("{base}-table")>
                <caption id=format!("{base}-caption") class="sr-only">{move || format(locale.get(), k::CONSULT_TABLE_OF, &[("title", title.get(locale.get()))])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(k::CONSULT_OPTION)}</th>
                        <th scope="col">{tr(k::CONSULT_COUNT)}</th>
                        <th scope="col">{tr(k::CONSULT_PERCENT)}</th>
                        {ranking.then(|| view! { <th scope="col">{tr(k::CONSULT_AVERAGE_RANK)}</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn matrix_table(q: &QuestionResult, base: &str) -> impl IntoView + use<> {
    let locale = use_locale();
    let title = q.title.clone();
    let columns: Vec<OptionCount> = q.matrix.first().map(|r| r.options.clone()).unwrap_or_default();
    let head = columns
        .into_iter()
        .map(|o| view! { <th scope="col" dir="auto">{move || option_name(locale.get(), &o)}</th> })
        .collect_view();
    let rows = q
        .matrix
        .iter()
        .cloned()
        .map(|row| {
            let name = row.label.clone();
            let cells = row
                .options
                .into_iter()
                .map(|o| {
                    let (count, share) = (o.count, o.percent);
                    view! { <td>{count} " " <span class="muted">{move || format!("({})", percent(locale.get(), share))}</span></td> }
                })
                .collect_view();
            view! { <tr><th scope="row" dir="auto">{move || name.get(locale.get()).to_owned()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{base}-caption")>
            <table class="table results__table" id=format!("{base}-table")>
                <caption id=format!("{base}-caption") class="sr-only">{move || format(locale.get(), k::CONSULT_TABLE_OF, &[("title", title.get(locale.get()))])}</caption>
                <thead><tr><td></td>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The respondents of each wilaya (or field) who chose each option; a group or a cell of fewer than
/// five is "< 5".
fn breakdown_table(
    options: &[OptionCount],
    groups: Vec<BreakdownGroup>,
    dimension: &'static str,
    base: &str,
) -> impl IntoView + use<> {
    let locale = use_locale();
    let small = move || text(locale.get(), k::CONSULT_SMALL_CELL).to_owned();
    let head = options
        .iter()
        .cloned()
        .map(|o| view! { <th scope="col" dir="auto">{move || option_name(locale.get(), &o)}</th> })
        .collect_view();
    let rows = groups
        .into_iter()
        .map(|g| {
            let name: Box<dyn Fn() -> String + Send + Sync> = if dimension == "wilaya" {
                Box::new(wilaya_label(g.value.clone()))
            } else {
                let value = g.value.clone();
                Box::new(move || label(locale.get(), "activity", &value))
            };
            let cell = move |v: Option<i64>| match v {
                Some(n) => view! { <td>{n}</td> }.into_any(),
                None => view! { <td>{small}</td> }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    {cell(g.respondents)}
                    {g.counts.into_iter().map(cell).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let caption = if dimension == "wilaya" { k::CONSULT_BY_WILAYA } else { k::CONSULT_BY_FIELD };
    let first = if dimension == "wilaya" { k::PICKER_WILAYA } else { k::DIR_FIELD };
    view! {
        <details class="results__breakdown">
            <summary>{tr(caption)}</summary>
            <div class="table-wrap" tabindex="0" role="region" aria-label=tr(caption)>
                <table class="table" id=format!("{base}-by-{dimension}")>
                    <caption class="sr-only">{tr(caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(first)}</th>
                            <th scope="col">{tr(k::CONSULT_RESPONDENTS)}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="field__hint">{tr(k::CONSULT_SMALL_CELL_HINT)}</p>
        </details>
    }
}

/// The free-text answers to a question, anonymous, twenty at a time; for moderators, those hidden
/// too (marked, with the reason), each to hide or restore.
#[component]
fn TextAnswers(consultation: ConsultationId, question: String, moderator: bool) -> impl IntoView {
    let session = use_session();
    let fetch = move |cursor: Option<String>| {
        let query = TextAnswersQuery { question_id: question.clone(), limit: Some(20), cursor };
        async move { session.call_as_viewer::<ListTextAnswers>(consultation, &query).await }
    };
    view! {
        <div class="results__texts">
            <h3 class="card__subtitle">{tr(k::CONSULT_TEXT_ANSWERS)}</h3>
            <PagedList fetch render=move |t: TextAnswer| view! { <TextAnswerView consultation t moderator /> } />
        </div>
    }
}

/// One free-text answer; for moderators, whether it is hidden and why, and the button that hides
/// or restores it with its form.
#[component]
fn TextAnswerView(consultation: ConsultationId, t: TextAnswer, moderator: bool) -> impl IntoView {
    let locale = use_locale();
    let base = format!("ta-{}", t.id);
    let answer = RwSignal::new(t);
    let open = RwSignal::new(false);
    let hidden = move || answer.with(|a| a.hidden);
    let action = move || if hidden() { ModerationAction::Restore } else { ModerationAction::Hide };
    let toggle_id = format!("{base}-toggle");
    view! {
        <div class="stack stack--tight results__text-answer" id=base.clone() data-hidden=move || hidden().then_some("true")>
            <p class="results__text" dir="auto">{move || answer.with(|a| a.text.clone())}</p>
            <p class="list__meta">
                {move || hidden().then(|| view! { <span class="badge badge--warning">{tr(k::MODERATION_HIDDEN)}</span> " " })}
                <bdi>{move || format_datetime(locale.get(), answer.with(|a| a.submitted_at))}</bdi>
            </p>
            {move || answer.with(|a| a.hidden_reason.clone()).filter(|_| hidden()).map(|reason| view! {
                <p class="list__meta" dir="auto">{move || format(locale.get(), k::MODERATION_HIDDEN_BECAUSE, &[("reason", &reason)])}</p>
            })}
            {moderator.then(|| view! {
                <div class="cluster">
                    <button type="button" class="btn btn--secondary btn--small" id=toggle_id.clone()
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        on:click=move |_| open.set(true)>
                        {move || text(locale.get(), if hidden() { k::MODERATION_RESTORE } else { k::MODERATION_HIDE })}
                    </button>
                </div>
                {move || open.get().then(|| view! { <TextAnswerForm consultation answer action=action() open toggle_id=toggle_id.clone() /> })}
            })}
        </div>
    }
}

/// Hide or restore a free-text answer, with the reason (kept in the audit log).
#[component]
fn TextAnswerForm(
    consultation: ConsultationId,
    answer: RwSignal<TextAnswer>,
    action: ModerationAction,
    open: RwSignal<bool>,
    toggle_id: String,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let id = answer.with_untracked(|a| a.id);
    let base = format!("ta-{id}-{}", action.as_str());
    let toast =
        if action == ModerationAction::Hide { k::MODERATION_HIDDEN_TOAST } else { k::MODERATION_RESTORED_TOAST };
    let back = toggle_id.clone();
    let decide = Mutation::new(move |request: TextAnswerDecision| async move {
        session.call::<ModerateTextAnswer>((consultation, id), &request).await.map_err(scoped_error("moderation"))
    })
    .form(form)
    .toast(toast)
    .then(move |decided| {
        answer.try_set(decided);
        open.try_set(false);
        focus_soon(back.clone());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = TextAnswerDecision { action, reason: reason.get_untracked().trim().to_owned() };
        if check_scoped(form, "moderation", &request) {
            decide.dispatch(request);
        }
    };
    let (label_key, submit_key) = match action {
        ModerationAction::Restore => (k::MODERATION_REASON_RESTORE, k::MODERATION_RESTORE),
        _ => (k::MODERATION_REASON_HIDE, k::MODERATION_HIDE),
    };
    let cancel = move |_| {
        open.set(false);
        focus_soon(toggle_id.clone());
    };
    focus_soon(format!("{base}-reason"));
    view! {
        <form class="stack stack--tight moderation-form" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <TextAreaField id=format!("{base}-reason") field="moderation.reason" label=label_key value=reason form rows=3 hint=k::CONSULT_TEXT_REASON_HINT />
            <div class="cluster">
                <SubmitButton label=submit_key form=form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=cancel>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
