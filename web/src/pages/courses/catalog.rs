//! The catalog: search as you type, filters by field, level and language, cards, "load more".

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::Field;
use madani_shared::courses::*;
use madani_shared::endpoints::ListCourses;
use madani_shared::text::Language;

use super::{course_href, duration_text, is_staff, languages_view, level_label, session_ready, status_badge};
use crate::components::debounce::debounced;
use crate::components::facet::FacetSelect;
use crate::components::label::{label, labelled};
use crate::components::page::PageHeader;
use crate::components::search::{Search, SearchField, SearchResults};
use crate::i18n::{k, plural, text, tr, use_locale};
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
                <A href=course_href(c.id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
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
    let session = use_session();
    let q = RwSignal::new(String::new());
    let debounced = debounced(q, Duration::from_millis(250));
    let field = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let language = RwSignal::new(String::new());
    let mine = RwSignal::new(false);
    // "Include the drafts I can edit" is for staff, and for trainers who have drafts or archived
    // courses (for anyone else it changes nothing): a member is asked about once signed in.
    let has_drafts = LocalResource::new(move || {
        let member = session.user.with(|u| u.as_ref().is_some_and(|u| !u.role.is_staff()));
        async move {
            if !member {
                return false;
            }
            let probe = CatalogQuery { mine: Some(true), limit: Some(100), ..Default::default() };
            session
                .call::<ListCourses>((), &probe)
                .await
                .is_ok_and(|page| page.items.iter().any(|c| c.status != CourseStatus::Published))
        }
    });
    let may_edit = move || is_staff(session) || (session.is_signed_in() && has_drafts.get().unwrap_or(false));
    // With no words and no filter, an empty catalog has no course at all.
    let empty_message = Signal::derive(move || {
        let unfiltered = debounced.get().trim().is_empty()
            && field.get().is_empty()
            && level.get().is_empty()
            && language.get().is_empty();
        if unfiltered { k::COURSES_NONE_YET } else { k::COURSES_EMPTY }
    });
    let search = Search::new(move |cursor| {
        let request = CatalogQuery {
            q: Some(debounced.get()).filter(|s| !s.trim().is_empty()),
            field: Field::parse(&field.get()),
            level: CourseLevel::parse(&level.get()),
            language: Language::parse(&language.get()),
            mine: mine.get().then_some(true),
            cursor,
            ..Default::default()
        };
        async move {
            session_ready(session).await;
            session.call::<ListCourses>((), &request).await
        }
    });
    view! {
        <div class="page">
            <PageHeader title=k::COURSES_TITLE lead=k::COURSES_LEAD>
                <Show when=move || is_staff(session)>
                    <A href="/courses/new" attr:class="btn btn--primary" attr:id="new-course">{tr(k::COURSES_NEW)}</A>
                </Show>
            </PageHeader>
            <div class="stack">
                <SearchField id="catalog-q" label=k::COURSES_SEARCH hint=k::COURSES_SEARCH_HINT value=q />
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect id="filter-field" label=k::DIR_FIELD selected=field options=|lang| {
                        labelled(lang, "activity", Field::ALL.iter().map(|f| f.as_str()))
                    } />
                    <FacetSelect id="filter-level" label=k::COURSE_LEVEL selected=level options=|lang| {
                        labelled(lang, "course.level", CourseLevel::ALL.iter().map(|l| l.as_str()))
                    } />
                    <FacetSelect id="filter-language" label=k::COURSE_LANGUAGE selected=language options=|_| {
                        Language::ALL.iter().map(|l| (l.code().to_owned(), text(*l, super::language_key(*l)).to_owned())).collect()
                    } />
                    <Show when=may_edit>
                        <label class="checkbox">
                            <input type="checkbox" id="filter-mine" prop:checked=move || mine.get() on:change=move |ev| mine.set(event_target_checked(&ev)) />
                            {tr(k::COURSES_MINE)}
                        </label>
                    </Show>
                </fieldset>
                <SearchResults search empty_message more_id="catalog-more">
                    <div class="grid grid--cards" id="catalog-results">{move || search.items.get().into_iter().map(course_card).collect_view()}</div>
                </SearchResults>
            </div>
        </div>
    }
}
