//! The course's status card: publish, archive; and when publishing is refused, what is missing and
//! where (a course without lessons, each quiz without questions, with a button that opens it).

use leptos::prelude::*;
use madani_shared::courses::*;
use madani_shared::endpoints::UpdateCourseEndpoint;
use madani_shared::{ClientError, FieldError};

use super::Outline;
use crate::components::mutation::Mutation;
use crate::i18n::{format, k, tr, use_locale};
use crate::pages::courses::status_badge;
use crate::session::use_session;

/// What publishing lacks, as the server said it: the lessons of the empty quizzes, and whether the
/// course has no lesson at all.
#[derive(Clone, Debug, Default, PartialEq)]
struct Missing {
    no_lessons: bool,
    empty_quizzes: Vec<String>,
}

impl Missing {
    fn of(errors: &[FieldError]) -> Self {
        Missing {
            no_lessons: errors.iter().any(|e| e.code == "no_lessons"),
            empty_quizzes: errors
                .iter()
                .filter(|e| e.code == "quiz_without_questions")
                .filter_map(|e| e.field.strip_prefix("lessons[")?.strip_suffix(']').map(str::to_owned))
                .collect(),
        }
    }

    fn is_empty(&self) -> bool {
        !self.no_lessons && self.empty_quizzes.is_empty()
    }
}

#[component]
pub(super) fn StatusCard(outline: Outline) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let (id, status) = (outline.course, outline.status);
    let missing = RwSignal::new(Missing::default());
    // A refusal that names what is missing is shown here, not as a toast (`None`: told).
    let set_status = Mutation::new(move |to: CourseStatus| async move {
        let request = UpdateCourse { status: Some(to), ..Default::default() };
        match session.call::<UpdateCourseEndpoint>(id, &request).await {
            Err(ClientError::Api(p)) if p.status == 422 && !Missing::of(&p.errors).is_empty() => {
                missing.try_set(Missing::of(&p.errors));
                crate::pages::courses::focus_soon("publish-missing".to_owned());
                Ok(None)
            }
            answer => answer.map(Some),
        }
    })
    .toast_by(|c: &Option<Course>| {
        c.as_ref().map(|c| {
            if c.summary.status == CourseStatus::Published {
                k::COURSE_PUBLISHED_TOAST
            } else {
                k::COURSE_ARCHIVED_TOAST
            }
        })
    })
    .then(move |c| {
        if let Some(c) = c {
            missing.try_set(Missing::default());
            status.try_set(c.summary.status);
        }
    });
    let lesson_title = move |lesson: &str| {
        outline.modules.with(|modules| {
            modules
                .iter()
                .flat_map(|m| &m.lessons)
                .find(|l| l.id.to_string() == lesson)
                .map(|l| (l.id, l.title.clone()))
        })
    };
    view! {
        <section class="card stack" aria-labelledby="status-title">
            <h2 class="card__title" id="status-title">{tr(k::COURSE_STATUS)}</h2>
            <p class="cluster" id="course-status">{move || status_badge(status.get())}</p>
            <p class="field__hint">{tr(k::COURSE_STATUS_HINT)}</p>
            <Show when=move || !missing.with(Missing::is_empty)>
                <div class="alert alert--error stack stack--tight" id="publish-missing" tabindex="-1" role="alert">
                    <p><strong>{tr(k::COURSE_PUBLISH_BLOCKED)}</strong></p>
                    <ul class="stack stack--tight">
                        {move || missing.get().no_lessons.then(|| view! { <li>{tr(k::COURSE_PUBLISH_NO_LESSONS)}</li> })}
                        {move || missing.get().empty_quizzes.into_iter().map(|lesson| {
                            let found = lesson_title(&lesson);
                            let title = found.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
                            view! {
                                <li class="cluster">
                                    <span dir="auto">{move || format(locale.get(), k::COURSE_PUBLISH_EMPTY_QUIZ, &[("title", title.get(locale.get()))])}</span>
                                    {found.map(|target| view! {
                                        <button type="button" class="btn btn--secondary btn--small" on:click=move |_| outline.editing_quiz.set(Some(target.clone()))>
                                            {tr(k::COURSE_PUBLISH_OPEN_QUIZ)}
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
            <div class="cluster">
                <Show when=move || status.get() != CourseStatus::Published>
                    <button type="button" class="btn btn--primary" id="publish-course" on:click=move |_| set_status.dispatch(CourseStatus::Published)>{tr(k::COURSE_PUBLISH)}</button>
                </Show>
                <Show when=move || status.get() == CourseStatus::Published>
                    <button type="button" class="btn btn--secondary" id="archive-course" on:click=move |_| set_status.dispatch(CourseStatus::Archived)>{tr(k::COURSE_ARCHIVE)}</button>
                </Show>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str, code: &str) -> FieldError {
        FieldError { field: field.into(), code: code.into(), message: String::new() }
    }

    #[test]
    fn reads_what_is_missing_from_the_refusal() {
        let m = Missing::of(&[
            error("lessons[0193]", "quiz_without_questions"),
            error("lessons[0194]", "quiz_without_questions"),
            error("title.fr", "length"),
        ]);
        assert_eq!(m.empty_quizzes, vec!["0193".to_owned(), "0194".to_owned()]);
        assert!(!m.no_lessons && !m.is_empty());
        assert!(Missing::of(&[error("status", "no_lessons")]).no_lessons);
        assert!(Missing::of(&[error("title.fr", "length")]).is_empty());
    }
}
