//! A lesson's uploaded video, played from its signed address, with its captions.

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::courses::{Caption, LessonVideo};
use madani_shared::endpoints::GetLesson;
use madani_shared::ids::{CourseId, LessonId};

use super::language_key;
use crate::components::icon::{Icon, icon};
use crate::i18n::{k, text, tr, use_locale};
use crate::session::use_session;

/// A fresh address is asked for at most this often: a signed one lasts two hours, so a video that
/// fails again sooner is broken, not expired.
const VIDEO_REFRESH_MS: f64 = 10.0 * 60.0 * 1000.0;

/// One `<track>` per captions file, each labelled with its language's own name (as the language
/// menu names them: "العربية", "Français", "English"); the one in the page's language is on by default.
fn caption_tracks(captions: RwSignal<Vec<Caption>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        captions
            .get()
            .into_iter()
            .map(|c| {
                let lang = c.language;
                view! {
                    <track
                        kind="captions"
                        srclang=lang.code()
                        label=text(lang, language_key(lang))
                        src=c.url
                        default=move || locale.get() == lang
                    />
                }
            })
            .collect_view()
    }
}

/// A lesson's uploaded video, played from its signed address. That address lasts two hours: when
/// the video fails (the page stayed open longer), the lesson is fetched again once for a new one
/// (and new ones for its captions), and playback resumes where it stopped.
#[component]
pub(super) fn UploadedVideo(course_id: CourseId, lesson_id: LessonId, video: LessonVideo) -> impl IntoView {
    let session = use_session();
    let node = NodeRef::<leptos::html::Video>::new();
    let href = RwSignal::new(video.url.clone());
    let captions = RwSignal::new(video.captions.clone());
    let refreshed_at: StoredValue<Option<f64>> = StoredValue::new(None);
    let resume_at = StoredValue::new(0.0_f64);
    let failed = RwSignal::new(false);
    // Whether this browser plays the type at all (Safari and WebM, say): if not, offer the file.
    let playable = RwSignal::new(true);
    let content_type = video.content_type.clone();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            playable.set(!el.can_play_type(&content_type).is_empty());
        }
    });
    let on_error = move |_| {
        let now = js_sys::Date::now();
        if refreshed_at.get_value().is_some_and(|at| now - at < VIDEO_REFRESH_MS) {
            failed.set(true);
            return;
        }
        refreshed_at.set_value(Some(now));
        resume_at.set_value(node.get_untracked().map(|v| v.current_time()).unwrap_or(0.0));
        spawn_local(async move {
            let fresh = session.call::<GetLesson>((course_id, lesson_id), &()).await.ok().and_then(|l| l.video);
            match (fresh, node.get_untracked()) {
                (Some(v), Some(el)) => {
                    href.try_set(v.url.clone());
                    captions.try_set(v.captions.clone());
                    // A new `src` loads the video again.
                    el.set_src(&v.url);
                }
                _ => {
                    failed.try_set(true);
                }
            }
        });
    };
    let on_loaded = move |_| {
        let at = resume_at.get_value();
        if at > 0.0
            && let Some(el) = node.get_untracked()
        {
            el.set_current_time(at);
            resume_at.set_value(0.0);
        }
        failed.set(false);
    };
    view! {
        <div class="stack stack--tight video-player">
            <video
                class="video-player__video"
                id="lesson-video"
                node_ref=node
                controls=true
                preload="metadata"
                src=video.url.clone()
                data-type=video.content_type.clone()
                width="1280"
                height="720"
                aria-labelledby="lesson-title"
                on:error=on_error
                on:loadedmetadata=on_loaded
            >
                {caption_tracks(captions)}
                // For a browser without <video>.
                <a href=video.url.clone() download="">{tr(k::LESSON_VIDEO_DOWNLOAD)}</a>
            </video>
            {move || failed.get().then(|| view! {
                <div class="alert alert--error" role="alert" id="lesson-video-failed">{tr(k::LESSON_VIDEO_FAILED)}</div>
            })}
            {move || (!playable.get()).then(|| view! {
                <p><a class="btn btn--secondary" id="lesson-video-download" href=move || href.get() download="">
                    {icon(Icon::Download)}
                    {tr(k::LESSON_VIDEO_DOWNLOAD)}
                </a></p>
            })}
        </div>
    }
}
