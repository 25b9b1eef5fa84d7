//! `/my/learning`: the courses I follow, with my progress in each and the way back in.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::courses::MyCourse;
use madani_shared::endpoints::ListMyCourses;

use super::{ProgressBar, course_href, lesson_href, level_label};
use crate::components::loaded::{Loaded, fetched};
use crate::components::page::PageHeader;
use crate::components::states::EmptyState;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn MyLearning() -> impl IntoView {
    let session = use_session();
    let mine = LocalResource::new(move || async move { fetched(session.call::<ListMyCourses>((), &()).await) });
    let empty = || {
        view! {
            <div class="stack center" id="my-courses-empty">
                <EmptyState message=k::LEARNING_EMPTY />
                <p><A href="/courses" attr:class="btn btn--primary">{tr(k::LEARNING_BROWSE)}</A></p>
            </div>
        }
    };
    view! {
        <div class="page">
            <PageHeader title=k::LEARNING_TITLE lead=k::LEARNING_LEAD>
                <A href="/courses" attr:class="btn btn--secondary">{tr(k::LEARNING_BROWSE)}</A>
            </PageHeader>
            <Loaded resource=mine is_empty=Vec::is_empty empty let:list>
                <ul class="grid grid--cards my-courses" id="my-courses">
                    {list.into_iter().map(my_course_card).collect_view()}
                </ul>
            </Loaded>
        </div>
    }
}

fn my_course_card(m: MyCourse) -> impl IntoView {
    let locale = use_locale();
    let id = m.course.id;
    let title = m.course.title.clone();
    let done = m.progress.completed_at.is_some();
    let target = m.progress.last_lesson_id.map(|l| lesson_href(id, l)).unwrap_or_else(|| course_href(id));
    let title_text = title.clone();
    view! {
        <li class="card stack my-course">
            {m.course.cover_url.clone().map(|src| view! { <img class="course-cover" src=src alt="" width="640" height="320" loading="lazy" /> })}
            <h2 class="card__title">
                <A href=course_href(id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
            </h2>
            <p class="cluster">
                <span class="badge badge--info">{move || level_label(locale.get(), m.course.level)}</span>
                {done.then(|| view! { <span class="badge badge--success">{tr(k::COURSE_COMPLETED)}</span> })}
            </p>
            <ProgressBar id=format!("progress-{id}") progress=m.progress.clone() />
            <p class="cluster">
                <A href=target attr:class="btn btn--primary btn--small">
                    {tr(if done { k::COURSE_REVIEW } else { k::COURSE_CONTINUE })}
                    <span class="sr-only">": " {move || title_text.get(locale.get()).to_owned()}</span>
                </A>
                {m.progress.certificate_id.map(|c| {
                    let title = m.course.title.clone();
                    view! {
                        <A href=format!("/certificates/{c}") attr:class="btn btn--secondary btn--small">
                            {tr(k::CERTIFICATES_VIEW)}
                            <span class="sr-only">": " {move || title.get(locale.get()).to_owned()}</span>
                        </A>
                    }
                })}
            </p>
        </li>
    }
}
