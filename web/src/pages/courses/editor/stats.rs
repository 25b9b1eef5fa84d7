//! For a course's trainers: its learners with their progress (and as a CSV file), and its figures —
//! the completion rate and, for each quiz, how often each question was answered right.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::courses::*;
use madani_shared::endpoints::{ExportLearners, GetCourseStats, ListLearners};
use madani_shared::ids::CourseId;
use madani_shared::page::PageQuery;
use madani_shared::text::Language;

use crate::components::download::save_file;
use crate::components::form::BusyButton;
use crate::components::icon::{Icon, icon};
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::states::EmptyState;
use crate::components::table::Table;
use crate::i18n::{format, format_date, format_number, format_percent, k, tr, use_locale};
use crate::session::use_session;

/// Learners shown at a time.
const PAGE: u32 = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Learners,
    Stats,
}

impl Tab {
    const ALL: [Tab; 2] = [Tab::Learners, Tab::Stats];

    fn id(self) -> &'static str {
        match self {
            Tab::Learners => "learners",
            Tab::Stats => "stats",
        }
    }

    fn label(self) -> usize {
        match self {
            Tab::Learners => k::COURSE_LEARNERS,
            Tab::Stats => k::COURSE_STATS,
        }
    }
}

/// The learners and the figures of a course, as two tabs (WAI-ARIA tabs: arrows, Home, End).
#[component]
pub(crate) fn FollowUp(id: CourseId) -> impl IntoView {
    let locale = use_locale();
    let active = RwSignal::new(Tab::Learners);
    let select = move |tab: Tab, focus: bool| {
        active.set(tab);
        if focus {
            super::super::focus_soon(format!("tab-{}", tab.id()));
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // In right-to-left layouts the arrows are mirrored.
        let rtl = locale.get_untracked() == Language::Ar;
        let i = Tab::ALL.iter().position(|t| *t == active.get_untracked()).unwrap_or(0);
        let n = Tab::ALL.len();
        let next = match ev.key().as_str() {
            "ArrowRight" if !rtl => (i + 1) % n,
            "ArrowLeft" if rtl => (i + 1) % n,
            "ArrowLeft" | "ArrowRight" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        select(Tab::ALL[next], true);
    };
    view! {
        <section class="stack stack--tight" aria-labelledby="follow-up-title">
            <h2 id="follow-up-title">{tr(k::COURSE_FOLLOW_UP)}</h2>
            <div class="tabs" role="tablist" aria-labelledby="follow-up-title" on:keydown=on_key>
                {Tab::ALL
                    .into_iter()
                    .map(|tab| {
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=format!("tab-{}", tab.id())
                                aria-controls=format!("panel-{}", tab.id())
                                aria-selected=move || if active.get() == tab { "true" } else { "false" }
                                tabindex=move || if active.get() == tab { "0" } else { "-1" }
                                on:click=move |_| select(tab, false)
                            >
                                {tr(tab.label())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="tab-panel" role="tabpanel" id="panel-learners" aria-labelledby="tab-learners" hidden=move || active.get() != Tab::Learners>
                <Learners id=id />
            </div>
            <div class="tab-panel" role="tabpanel" id="panel-stats" aria-labelledby="tab-stats" hidden=move || active.get() != Tab::Stats>
                // Fetched each time the tab is opened, so the figures are fresh.
                {move || (active.get() == Tab::Stats).then(|| view! { <Figures id=id /> })}
            </div>
        </section>
    }
}

/// The learners of a course with their progress, and the list as a CSV file.
#[component]
fn Learners(id: CourseId) -> impl IntoView {
    let session = use_session();
    // The first page, then more on demand ("Load more" under the table); the CSV holds them all.
    let more: RwSignal<Vec<Learner>> = RwSignal::new(Vec::new());
    let next: RwSignal<Option<String>> = RwSignal::new(None);
    let learners = LocalResource::new(move || async move {
        let first = session.call::<ListLearners>(id, &PageQuery { limit: Some(PAGE), cursor: None }).await;
        if let Ok(page) = &first {
            next.try_set(page.next_cursor.clone());
            more.try_set(Vec::new());
        }
        fetched(first.map(|page| page.items))
    });
    let load_more = Mutation::new(move |cursor: String| async move {
        session.call::<ListLearners>(id, &PageQuery { limit: Some(PAGE), cursor: Some(cursor) }).await
    })
    .then(move |page| {
        more.update(|m| m.extend(page.items));
        next.set(page.next_cursor);
    });
    let loading_more = load_more.pending();
    // Fetched with the access token (a plain link would carry none), then offered as a file.
    let export = Mutation::new(move |()| async move { session.fetch::<ExportLearners>(id).await }).then(move |bytes| {
        let csv = String::from_utf8_lossy(&bytes);
        // A byte order mark, so that spreadsheets read the (Arabic) names as UTF-8.
        let csv = if csv.starts_with('\u{feff}') { csv.into_owned() } else { format!("\u{feff}{csv}") };
        save_file(&format!("learners-{id}.csv"), "text/csv;charset=utf-8", &csv);
    });
    let busy = export.pending();
    let none = || view! { <p class="muted" id="no-learners">{tr(k::COURSE_NO_LEARNERS)}</p> };
    view! {
        <Loaded resource=learners is_empty=Vec::is_empty empty=none let:list>
            <div class="stack stack--tight">
                <div class="cluster follow-up__bar">
                    <BusyButton busy attr:class="btn btn--secondary btn--small" attr:id="export-learners" on:click=move |_| export.dispatch(())>
                        {icon(Icon::Download)}
                        <span>{tr(k::COURSE_EXPORT_LEARNERS)}</span>
                    </BusyButton>
                </div>
                <Table id="learners" caption=k::COURSE_LEARNERS columns=&[k::COURSE_LEARNER, k::COURSE_ENROLLED_ON, k::COURSE_PROGRESS, k::COURSE_COMPLETED_ON]>
                    {list.into_iter().map(learner_row).collect_view()}
                    {move || more.get().into_iter().map(learner_row).collect_view()}
                </Table>
                {move || next.get().map(|cursor| view! {
                    <BusyButton busy=loading_more attr:class="btn btn--secondary" attr:id="more-learners"
                        on:click=move |_| load_more.dispatch(cursor.clone())>
                        {tr(k::COMMON_LOAD_MORE)}
                    </BusyButton>
                })}
            </div>
        </Loaded>
    }
}

fn learner_row(l: Learner) -> impl IntoView {
    let locale = use_locale();
    let name = l.display_name.clone();
    let percent = l.progress.percent.clamp(0, 100);
    let done = l.progress.completed_at;
    view! {
        <tr>
            <th scope="row"><A href=format!("/members/{}", l.user_id) attr:dir="auto">{l.display_name.clone()}</A></th>
            <td>{move || format_date(locale.get(), l.enrolled_at)}</td>
            <td>
                <span class="learner-progress">
                    <progress
                        max="100"
                        value=percent.to_string()
                        aria-label=move || format(locale.get(), k::COURSE_PROGRESS_OF, &[("name", &name)])
                    ></progress>
                    <bdi>{move || format_percent(locale.get(), percent.into())}</bdi>
                </span>
            </td>
            <td>{move || done.map(|d| format_date(locale.get(), d)).unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}

/// The course's figures.
#[component]
fn Figures(id: CourseId) -> impl IntoView {
    let session = use_session();
    let stats = LocalResource::new(move || async move { fetched(session.call::<GetCourseStats>(id, &()).await) });
    let empty = || view! { <div id="course-stats-empty"><EmptyState message=k::COURSE_STATS_EMPTY /></div> };
    view! {
        <Loaded resource=stats is_empty=|s: &CourseStats| s.learners == 0 empty let:stats>
            <FiguresView stats />
        </Loaded>
    }
}

/// A figure that reads as a number and shows as a bar (the bar is decoration: the number says it).
fn meter(value: impl Fn() -> String + Send + Sync + 'static, percent: i32) -> impl IntoView {
    view! {
        <span class="stat-meter">
            <span class="stat-meter__bar" aria-hidden="true">
                <span class="stat-meter__fill" style:inline-size=format!("{}%", percent.clamp(0, 100))></span>
            </span>
            <bdi class="stat-meter__value">{value}</bdi>
        </span>
    }
}

#[component]
fn FiguresView(stats: CourseStats) -> impl IntoView {
    let locale = use_locale();
    let number = move |n: i64| move || format_number(locale.get(), n);
    let (learners, completed) = (stats.learners, stats.completed);
    view! {
        <div class="stack" id="course-stats">
            <dl class="stat-tiles">
                <div class="stat-tile">
                    <dt>{tr(k::COURSE_LEARNERS)}</dt>
                    <dd id="stats-learners">{number(learners)}</dd>
                </div>
                <div class="stat-tile">
                    <dt>{tr(k::COURSE_STATS_COMPLETED)}</dt>
                    <dd id="stats-completed">{number(completed)}</dd>
                </div>
                <div class="stat-tile stat-tile--wide">
                    <dt>{tr(k::COURSE_STATS_COMPLETION_RATE)}</dt>
                    <dd id="stats-completion">
                        {match stats.completion_percent {
                            Some(p) => meter(move || format_percent(locale.get(), p.into()), p).into_any(),
                            None => view! { "—" }.into_any(),
                        }}
                    </dd>
                </div>
            </dl>
            <section class="stack stack--tight" aria-labelledby="stats-quizzes-title">
                <h3 id="stats-quizzes-title">{tr(k::COURSE_STATS_QUIZZES)}</h3>
                {if stats.quizzes.is_empty() {
                    view! { <p class="muted">{tr(k::COURSE_STATS_NO_QUIZZES)}</p> }.into_any()
                } else {
                    view! {
                        <p class="field__hint">{tr(k::COURSE_STATS_QUIZZES_HINT)}</p>
                        {stats.quizzes.into_iter().map(|q| view! { <QuizFigures quiz=q /> }).collect_view()}
                    }
                        .into_any()
                }}
            </section>
        </div>
    }
}

#[component]
fn QuizFigures(quiz: QuizStats) -> impl IntoView {
    let locale = use_locale();
    let title = quiz.title.clone();
    let caption_title = quiz.title.clone();
    let heading_id = format!("stats-quiz-{}", quiz.lesson_id);
    let labelled_by = heading_id.clone();
    let fact =
        move |key: usize, n: i64| move || format(locale.get(), key, &[("count", &format_number(locale.get(), n))]);
    let total = quiz.questions.len();
    view! {
        <section class="stats-quiz stack stack--tight" aria-labelledby=labelled_by data-lesson=quiz.lesson_id.to_string()>
            <h4 class="card__subtitle" id=heading_id>
                <bdi dir="auto">{move || title.get(locale.get()).to_owned()}</bdi>
            </h4>
            <p class="list__meta stats-quiz__facts">
                <span>{fact(k::COURSE_STATS_ATTEMPTS, quiz.attempts)}</span>
                <span>{fact(k::COURSE_STATS_TOOK, quiz.learners)}</span>
                <span>{fact(k::COURSE_STATS_PASSED, quiz.passed)}</span>
            </p>
            {if quiz.attempts == 0 {
                view! { <p class="muted">{tr(k::COURSE_STATS_NO_ATTEMPTS)}</p> }.into_any()
            } else {
                let caption = move || format(locale.get(), k::COURSE_STATS_CAPTION, &[("title", caption_title.get(locale.get()))]);
                let region_label = caption.clone();
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=region_label>
                        <table class="table stats-table">
                            <caption class="sr-only">{caption}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tr(k::COURSE_STATS_QUESTION)}</th>
                                    <th scope="col">{tr(k::COURSE_STATS_RIGHT_ANSWERS)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {quiz.questions.into_iter().enumerate().map(|(i, q)| question_row(i + 1, total, q)).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

fn question_row(n: usize, total: usize, q: QuestionStats) -> impl IntoView {
    let locale = use_locale();
    let prompt = q.prompt.clone();
    let (right, answered) = (q.correct, q.answered);
    let figures = match q.correct_percent {
        Some(p) => {
            let of = move || {
                let lang = locale.get();
                format(
                    lang,
                    k::COURSE_STATS_RIGHT_OF,
                    &[("right", &format_number(lang, right)), ("answered", &format_number(lang, answered))],
                )
            };
            view! {
                {meter(move || format_percent(locale.get(), p.into()), p)}
                <span class="list__meta"><bdi>{of}</bdi></span>
            }
            .into_any()
        }
        None => view! { <span class="muted">{tr(k::COURSE_STATS_NOT_ANSWERED)}</span> }.into_any(),
    };
    view! {
        <tr data-question=q.question_id.clone()>
            <th scope="row">
                <span class="stats-table__n">{move || format(locale.get(), k::QUIZ_QUESTION_N, &[("n", &n.to_string()), ("total", &total.to_string())])}</span>
                <span dir="auto">{move || prompt.get(locale.get()).to_owned()}</span>
            </th>
            <td class="stats-table__figures">{figures}</td>
        </tr>
    }
}
