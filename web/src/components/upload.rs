//! Pictures chosen on the device and sent as they are (an association's logo, a course's cover):
//! the current one shown, the server's verdict on a new one under the file input (`field.<field>.<code>`).

use std::future::Future;

use leptos::prelude::*;
use madani_shared::{ClientError, Endpoint};

use super::form::{FileField, FormAlert, FormState, aria_busy};
use super::mutation::Mutation;
use crate::i18n::{k, key_index, tr, use_locale};
use crate::session::Session;

/// The picture types the server takes (it checks the content, not this list).
pub const PICTURE_TYPES: &str = "image/png,image/jpeg,image/webp";

/// The bytes of a chosen file. For small files only (pictures, a megabyte at most): a video goes
/// through [`Session::upload_file`], which never copies it into the app's memory.
pub async fn file_bytes(file: &web_sys::File) -> Vec<u8> {
    match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        // Unreadable (removed from the disk meanwhile): the server answers `required`.
        Err(_) => Vec::new(),
    }
}

/// Send the picture `file` as the body of `E`.
pub async fn upload_picture<E: Endpoint>(
    session: Session,
    path: E::Path,
    file: web_sys::File,
) -> Result<E::Response, ClientError>
where
    E::Path: Clone,
{
    let bytes = file_bytes(&file).await;
    session.upload::<E>(path, &[], bytes, file.type_()).await
}

/// The text `<field>.<what>` of a picker (`logo.title`, `cover.removed`, …).
fn text_of(field: &str, what: &str) -> Option<usize> {
    key_index(&format!("{field}.{what}"))
}

/// The current picture (or, if there is a text `none` or `<field>.none`, that), a file input that
/// sends a new one as soon as it is chosen (`upload`, answering the new picture's address), and a
/// button that removes it (`remove`). The server's verdict on a refused file shows under the input.
/// `field` is the field the server's errors name (`logo`, `cover`), and the texts' prefix.
/// `changed` runs after either.
#[component]
pub fn PicturePicker<U, UFut, R, RFut>(
    /// The file input's id; the other ids start with it.
    id: &'static str,
    field: &'static str,
    picture: Option<String>,
    /// The preview's width and height in CSS pixels (the picture is fitted inside).
    size: (u32, u32),
    #[prop(default = "picture-picker__preview")] preview_class: &'static str,
    upload: U,
    remove: R,
    #[prop(optional)] changed: Option<Callback<()>>,
    /// The text shown without a picture, instead of `<field>.none` (a project's cover, not a course's).
    #[prop(optional)]
    none: Option<usize>,
) -> impl IntoView
where
    U: Fn(web_sys::File) -> UFut + 'static,
    UFut: Future<Output = Result<Option<String>, ClientError>> + 'static,
    R: Fn(()) -> RFut + 'static,
    RFut: Future<Output = Result<(), ClientError>> + 'static,
{
    let locale = use_locale();
    let form = FormState::new();
    let picture = RwSignal::new(picture);
    let key = move |what: &str| text_of(field, what).unwrap_or(k::COMMON_EMPTY);
    let now = move |shown: Option<String>| {
        picture.try_set(shown);
        if let Some(changed) = changed {
            changed.try_run(());
        }
    };
    let upload = Mutation::new(upload).form(form).toast(key("changed")).then(now);
    let remove = Mutation::new(remove).form(form).toast(key("removed")).then(move |()| now(None));
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let (width, height) = size;
    let none = none.or_else(|| text_of(field, "none"));
    view! {
        <section
            class="card stack picture-picker"
            id=format!("{id}-picker")
            aria-labelledby=labelled_by
            aria-busy=aria_busy(form.pending)
        >
            <h2 class="card__title" id=title_id>{tr(key("title"))}</h2>
            <div class="picture-picker__body">
                {move || match picture.get() {
                    Some(src) => view! {
                        <img
                            class=preview_class
                            id=format!("{id}-preview")
                            src=src
                            alt=move || crate::i18n::text(locale.get(), key("current"))
                            width=width
                            height=height
                        />
                    }
                        .into_any(),
                    None => none.map(|key| view! { <p class="muted picture-picker__none">{tr(key)}</p> }).into_any(),
                }}
                <div class="stack stack--tight picture-picker__controls">
                    // A refused picture is told under the input; anything else (the network) here.
                    {move || form.fields.with(Vec::is_empty).then(|| view! { <FormAlert form=form /> })}
                    <FileField id=id label=key("choose") field=field accept=PICTURE_TYPES form=form
                        on_file=Callback::new(move |file| upload.dispatch(file)) hint=key("hint") />
                    {move || picture.with(Option::is_some).then(|| view! {
                        <div>
                            <button
                                type="button"
                                class="btn btn--secondary btn--small"
                                id=format!("{id}-remove")
                                disabled=move || form.pending.get()
                                on:click=move |_| remove.dispatch(())
                            >
                                {tr(key("remove"))}
                            </button>
                        </div>
                    })}
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::text_of;

    #[test]
    fn every_picker_has_its_texts() {
        for field in ["logo", "cover"] {
            for what in ["title", "choose", "hint", "current", "remove", "changed", "removed"] {
                assert!(text_of(field, what).is_some(), "{field}.{what}");
            }
        }
        assert!(text_of("cover", "none").is_some());
    }
}
