//! A video lesson's captions, in the lesson's form under its uploaded file: for each language, the
//! track it has (size, date), a file input that sends a new one as soon as it is chosen, and a
//! button that removes it. The server's verdict on a refused file shows under its input.

use leptos::prelude::*;
use madani_shared::courses::{Caption, LessonVideo};
use madani_shared::endpoints::{DeleteLessonCaptions, UploadLessonCaptions};
use madani_shared::ids::{CourseId, LessonId};
use madani_shared::text::Language;

use super::super::focus_soon;
use crate::components::form::{FileField, FormAlert, FormState, aria_busy};
use crate::components::mutation::Mutation;
use crate::components::upload::file_bytes;
use crate::i18n::{format, format_bytes, format_date, k, text, tr, use_locale};
use crate::session::use_session;

/// What the file input takes (the server checks the content: UTF-8, first line `WEBVTT`).
const WEBVTT_TYPES: &str = ".vtt,text/vtt";

/// The id of the file input of the captions in `lang`; the track's other ids start with
/// `captions-<lang>`.
fn file_input_id(lang: Language) -> &'static str {
    match lang {
        Language::Ar => "captions-ar-file",
        Language::Fr => "captions-fr-file",
        Language::En => "captions-en-file",
    }
}

/// The name of `lang` in the reader's language ("Arabic" to an English reader).
fn language_name(lang: Language) -> usize {
    match lang {
        Language::Ar => k::CAPTIONS_LANGUAGE_AR,
        Language::Fr => k::CAPTIONS_LANGUAGE_FR,
        Language::En => k::CAPTIONS_LANGUAGE_EN,
    }
}

/// "12 kB, sent on 21 November 2026".
fn caption_facts(reader: Language, caption: &Caption) -> String {
    format(
        reader,
        k::CAPTIONS_CURRENT,
        &[("size", &format_bytes(reader, caption.size_bytes)), ("date", &format_date(reader, caption.updated_at))],
    )
}

/// The captions section of a video lesson's form. `video` is the lesson's uploaded file, shared with
/// the file's own section: a new file keeps its captions, a removed one takes them along.
#[component]
pub(super) fn LessonCaptions(
    course_id: CourseId,
    lesson_id: LessonId,
    video: RwSignal<Option<LessonVideo>>,
) -> impl IntoView {
    let has_video = move || video.with(Option::is_some);
    view! {
        <section class="stack stack--tight lesson-captions" id="lesson-captions" aria-labelledby="lesson-captions-title">
            <h5 class="card__subtitle" id="lesson-captions-title">{tr(k::CAPTIONS_TITLE)}</h5>
            <Show
                when=has_video
                fallback=|| view! { <p class="list__meta" id="lesson-captions-need-video">{tr(k::CAPTIONS_NEED_VIDEO)}</p> }
            >
                <p class="field__hint" id="lesson-captions-hint">{tr(k::CAPTIONS_HINT)}</p>
                {Language::ALL
                    .into_iter()
                    .map(|language| view! { <CaptionTrack course_id lesson_id language video /> })
                    .collect_view()}
            </Show>
        </section>
    }
}

/// The captions in one language: what there is, a file to send, a button to remove it.
#[component]
fn CaptionTrack(
    course_id: CourseId,
    lesson_id: LessonId,
    language: Language,
    video: RwSignal<Option<LessonVideo>>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let id = file_input_id(language);
    let code = language.code();
    let track =
        move || video.with(|v| v.as_ref().and_then(|v| v.captions.iter().find(|c| c.language == language).cloned()));
    let upload = Mutation::new(move |file: web_sys::File| async move {
        let bytes = file_bytes(&file).await;
        // Whatever type the system gives a `.vtt` file (often none): the server reads the content.
        session.upload::<UploadLessonCaptions>((course_id, lesson_id, language), &[], bytes, "text/vtt".into()).await
    })
    .form(form)
    .toast(k::CAPTIONS_UPLOADED)
    .then(move |lesson| {
        video.try_set(lesson.video);
    });
    let remove = Mutation::new(move |()| async move {
        session.call::<DeleteLessonCaptions>((course_id, lesson_id, language), &()).await
    })
    .form(form)
    .toast(k::CAPTIONS_REMOVED)
    .then(move |()| {
        video.try_update(|v| {
            if let Some(v) = v {
                v.captions.retain(|c| c.language != language);
            }
        });
        // The button is gone: on to the file input.
        focus_soon(id.into());
    });
    let label = Signal::derive(move || if track().is_some() { k::CAPTIONS_REPLACE } else { k::CAPTIONS_CHOOSE });
    view! {
        <fieldset class="stack stack--tight lesson-captions__track" id=format!("captions-{code}") aria-busy=aria_busy(form.pending)>
            <legend class="field__label">{tr(language_name(language))}</legend>
            <p class="list__meta" id=format!("captions-{code}-current")>
                {move || match track() {
                    Some(c) => caption_facts(locale.get(), &c),
                    None => text(locale.get(), k::CAPTIONS_NONE).to_owned(),
                }}
            </p>
            // A refused file is told under the input; anything else (the network, a video removed
            // meanwhile) here.
            {move || form.fields.with(Vec::is_empty).then(|| view! { <FormAlert form=form /> })}
            <FileField id=id label=label field="captions" accept=WEBVTT_TYPES form=form
                on_file=Callback::new(move |file| upload.dispatch(file)) />
            {move || track().is_some().then(|| view! {
                <div>
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        id=format!("captions-{code}-remove")
                        disabled=move || form.pending.get()
                        on:click=move |_| remove.dispatch(())
                    >
                        {tr(k::CAPTIONS_REMOVE)}
                    </button>
                </div>
            })}
        </fieldset>
    }
}
