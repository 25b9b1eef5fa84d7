//! A video lesson's uploaded file, in the lesson's form: what it is now, a new one sent as soon as
//! it is chosen (with the share sent so far), removal after a confirmation; then its captions.

use leptos::prelude::*;
use madani_shared::courses::LessonVideo;
use madani_shared::endpoints::{DeleteLessonVideo, UploadLessonVideo};
use madani_shared::ids::{CourseId, LessonId};
use madani_shared::text::Language;

use super::super::focus_soon;
use super::captions::LessonCaptions;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{FileField, FormAlert, FormState, aria_busy};
use crate::components::mutation::Mutation;
use crate::i18n::{format, format_bytes, format_percent, k, tr, use_locale};
use crate::session::use_session;

/// "MP4, 12.5 MB".
fn video_facts(lang: Language, video: &LessonVideo) -> String {
    let kind = video.content_type.rsplit('/').next().unwrap_or(&video.content_type).to_uppercase();
    format(lang, k::VIDEO_CURRENT, &[("type", &kind), ("size", &format_bytes(lang, video.size_bytes))])
}

/// A video lesson's uploaded file: what it is now, a new one sent as soon as it is chosen (with
/// the share sent so far), removal after a confirmation. Apart from the lesson's form: a file is
/// sent or removed at once, not on "Save".
#[component]
pub(super) fn LessonVideoFile(course_id: CourseId, lesson_id: LessonId, video: Option<LessonVideo>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let video = RwSignal::new(video);
    // The share of the file sent, while it is being sent.
    let sent: RwSignal<Option<f64>> = RwSignal::new(None);
    let upload = Mutation::new(move |file: web_sys::File| async move {
        sent.set(Some(0.0));
        let progress = Callback::new(move |share: f64| {
            sent.try_set(Some(share));
        });
        let answer = session.upload_file::<UploadLessonVideo>((course_id, lesson_id), &file, progress).await;
        sent.try_set(None);
        answer
    })
    .form(form)
    .toast(k::VIDEO_UPLOADED)
    .then(move |l| {
        video.try_set(l.video);
    });
    let confirm = RwSignal::new(false);
    let remove =
        Mutation::new(move |()| async move { session.call::<DeleteLessonVideo>((course_id, lesson_id), &()).await })
            .form(form)
            .toast(k::VIDEO_REMOVED)
            .then(move |()| {
                video.try_set(None);
                // The button is gone: on to the file input.
                focus_soon("lesson-video-file".into());
            });
    let label = Signal::derive(move || if video.with(Option::is_some) { k::VIDEO_REPLACE } else { k::VIDEO_CHOOSE });
    view! {
        <section
            class="stack stack--tight lesson-video"
            id="lesson-video"
            aria-labelledby="lesson-video-title"
            aria-busy=aria_busy(form.pending)
        >
            <h5 class="card__subtitle" id="lesson-video-title">{tr(k::VIDEO_TITLE)}</h5>
            <p class="list__meta" id="lesson-video-current">
                {move || match video.get() {
                    Some(v) => view! { <bdi>{move || video_facts(locale.get(), &v)}</bdi> }.into_any(),
                    None => tr(k::VIDEO_NONE).into_any(),
                }}
            </p>
            // A refused file is told under the input; anything else (the network, a lesson of
            // another kind) here.
            {move || form.fields.with(Vec::is_empty).then(|| view! { <FormAlert form=form /> })}
            <FileField id="lesson-video-file" label=label field="video" accept="video/mp4,video/webm" form=form on_file=Callback::new(move |file| upload.dispatch(file)) hint=k::VIDEO_HINT />
            {move || sent.get().map(|share| {
                let percent = (share * 100.0).round().clamp(0.0, 100.0) as i64;
                view! {
                    <div class="progress-block">
                        <label class="progress-block__label" for="lesson-video-progress">
                            {move || format(locale.get(), k::VIDEO_UPLOADING, &[("percent", &format_percent(locale.get(), percent))])}
                        </label>
                        <progress class="progress" id="lesson-video-progress" max="100" value=percent.to_string()></progress>
                    </div>
                }
            })}
            {move || video.with(Option::is_some).then(|| view! {
                <div>
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        id="lesson-video-remove"
                        disabled=move || form.pending.get()
                        on:click=move |_| confirm.set(true)
                    >
                        {tr(k::VIDEO_REMOVE)}
                    </button>
                </div>
            })}
            <ConfirmDialog open=confirm title=k::VIDEO_REMOVE_TITLE message=k::VIDEO_REMOVE_TEXT confirm_label=k::VIDEO_REMOVE
                on_confirm=Callback::new(move |()| remove.dispatch(())) title_id="remove-video-title" />
        </section>
        <LessonCaptions course_id lesson_id video />
    }
}
