//! The catalog: search as you type, filters by field, level and language, cards, "load more".

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use madani_shared::ClientError;
use madani_shared::associations::Field;
use madani_shared::courses::*;
use madani_shared::endpoints::ListCourses;
use madani_shared::page::Page;
use madani_shared::text::Language;

use super::{course_href, duration_text, is_staff, languages_view, level_label, session_ready, status_badge};
use crate::app::use_title;
use crate::components::debounce::debounced;
use crate::components::states::{EmptyState, ErrorState, Skeleton};
use crate::errors::problem_text;
use crate::i18n::{k, plural, text, tr, use_locale};
use crate::pages::associations::{FacetSelect, label};
use crate::session::use_session;

fn course_card(c: CourseSummary) -> impl IntoView {
    let locale = use_locale();
    let title = c.title.clone();
    let summary = c.summary.clone();
    let languages = languages_view(&c.languages);
    let minutes = c.estimated_minutes;
    let lessons = c.lesson_count;
    view! {
        <article class="card card--link course-card">
            {c.cover_url.clone().map(|src| view! { <img class="course-cover" src=src alt="" width="640" height="320" loading="lazy" /> })}
            <h2 class="card__title">
                <A href=course_href(&c.id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
            </h2>
            <p class="course-card__summary" dir="auto">{move || summary.get(locale.get()).to_owned()}</p>
            <p class="cluster">
                {(c.status != CourseStatus::Published).then(|| status_badge(c.status))}
                <span class="badge badge--info">{move || level_label(locale.get(), c.level)}</span>
                <span class="badge">{move || label(locale.get(), "activity", c.field.as_str())}</span>
            </p>
            <p class="list__meta">
                {languages}
                {minutes.map(|m| view! { " · " <bdi>{move || duration_text(locale.get(), m)}</bdi> })}
                " · "
                <bdi>{move || plural(locale.get(), "course.lessons_count", lessons)}</bdi>
            </p>
        </article>
    }
}

#[component]
pub fn Catalog() -> impl IntoView {
    use_title(k::COURSES_TITLE);
    let locale = use_locale();
    let session = use_session();
    let q = RwSignal::new(String::new());
    let debounced = debounced(q, Duration::from_millis(250));
    let field = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let language = RwSignal::new(String::new());
    let mine = RwSignal::new(false);
    let items: RwSignal<Vec<CourseSummary>> = RwSignal::new(Vec::new());
    let result: RwSignal<Option<Result<Page<CourseSummary>, Arc<ClientError>>>> = RwSignal::new(None);
    let loading = RwSignal::new(false);
    let generation = RwSignal::new(0u64);
    let load = move |cursor: Option<String>| {
        let request = CatalogQuery {
            q: Some(debounced.get_untracked()).filter(|s| !s.trim().is_empty()),
            field: Field::parse(&field.get_untracked()),
            level: CourseLevel::parse(&level.get_untracked()),
            language: Language::parse(&language.get_untracked()),
            mine: mine.get_untracked().then_some(true),
            cursor: cursor.clone(),
            ..Default::default()
        };
        let n = generation.get_untracked() + 1;
        generation.set(n);
        loading.set(true);
        spawn_local(async move {
            session_ready(session).await;
            let answer = session.call::<ListCourses>(&[], &request).await.map_err(Arc::new);
            // A newer search has started, or the page is gone: drop this answer.
            if generation.try_get_untracked() != Some(n) {
                return;
            }
            if let Ok(page) = &answer {
                if cursor.is_some() {
                    items.try_update(|list| list.extend(page.items.clone()));
                } else {
                    items.try_set(page.items.clone());
                }
            }
            result.try_set(Some(answer));
            loading.try_set(false);
        });
    };
    Effect::new(move |_| {
        debounced.track();
        field.track();
        level.track();
        language.track();
        mine.track();
        load(None);
    });
    let next_cursor =
        move || result.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).and_then(|p| p.next_cursor.clone()));
    view! {
        <div class="page">
            <div class="page__header cluster">
                <div>
                    <h1 class="page__title">{tr(k::COURSES_TITLE)}</h1>
                    <p class="lead">{tr(k::COURSES_LEAD)}</p>
                </div>
                <Show when=move || is_staff(session)>
                    <A href="/courses/new" attr:class="btn btn--primary" attr:id="new-course">{tr(k::COURSES_NEW)}</A>
                </Show>
            </div>
            <div class="stack">
                <div class="field">
                    <label class="field__label" for="catalog-q">{tr(k::COURSES_SEARCH)}</label>
                    <input
                        class="input"
                        id="catalog-q"
                        type="search"
                        autocomplete="off"
                        aria-describedby="catalog-q-hint"
                        prop:value=move || q.get()
                        on:input=move |ev| q.set(event_target_value(&ev))
                    />
                    <p class="field__hint" id="catalog-q-hint">{tr(k::COURSES_SEARCH_HINT)}</p>
                </div>
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect
                        id="filter-field"
                        label=k::DIR_FIELD
                        selected=field
                        options=Signal::derive(move || {
                            let lang = locale.get();
                            Field::ALL.iter().map(|f| (f.as_str().to_owned(), label(lang, "activity", f.as_str()))).collect()
                        })
                    />
                    <FacetSelect
                        id="filter-level"
                        label=k::COURSE_LEVEL
                        selected=level
                        options=Signal::derive(move || {
                            let lang = locale.get();
                            CourseLevel::ALL.iter().map(|l| (l.as_str().to_owned(), level_label(lang, *l))).collect()
                        })
                    />
                    <FacetSelect
                        id="filter-language"
                        label=k::COURSE_LANGUAGE
                        selected=language
                        options=Signal::derive(move || {
                            Language::ALL.iter().map(|l| (l.code().to_owned(), text(*l, super::language_key(*l)).to_owned())).collect()
                        })
                    />
                    <Show when=move || session.is_signed_in()>
                        <label class="checkbox">
                            <input type="checkbox" id="filter-mine" prop:checked=move || mine.get() on:change=move |ev| mine.set(event_target_checked(&ev)) />
                            {tr(k::COURSES_MINE)}
                        </label>
                    </Show>
                </fieldset>
                {move || match result.get() {
                    None => view! { <Skeleton /> }.into_any(),
                    Some(Err(e)) => {
                        let message = Signal::derive(move || problem_text(locale.get(), &e));
                        view! { <ErrorState message=message on_retry=Callback::new(move |_| load(None)) /> }.into_any()
                    }
                    Some(Ok(_)) if items.with(Vec::is_empty) => view! { <EmptyState message=k::COURSES_EMPTY /> }.into_any(),
                    Some(Ok(_)) => view! {
                        <div class="grid grid--cards" id="catalog-results">{move || items.get().into_iter().map(course_card).collect_view()}</div>
                    }
                        .into_any(),
                }}
                <Show when=move || next_cursor().is_some()>
                    <button
                        type="button"
                        class="btn btn--secondary"
                        id="catalog-more"
                        aria-busy=move || if loading.get() { "true" } else { "false" }
                        on:click=move |_| load(next_cursor())
                    >
                        {tr(k::COMMON_LOAD_MORE)}
                    </button>
                </Show>
            </div>
        </div>
    }
}
