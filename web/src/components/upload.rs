//! Pictures chosen on the device and sent as they are (an association's logo, a course's cover):
//! the current one shown, the server's verdict on a new one under the file input (`field.<field>.<code>`).

use leptos::prelude::*;
use madani_shared::Endpoint;

use super::form::{FileField, FormAlert, FormState};
use crate::i18n::{tr, use_locale};
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

/// Send the picture `file` as the body of `E`, the form pending meanwhile; its answer, or `None`
/// once the form shows why not.
pub async fn send_picture<E: Endpoint>(
    session: Session,
    path_args: &[&str],
    file: web_sys::File,
    form: FormState,
) -> Option<E::Response> {
    form.clear();
    form.pending.set(true);
    let bytes = file_bytes(&file).await;
    let result = session.upload::<E>(path_args, &[], bytes, file.type_()).await;
    form.pending.try_set(false);
    match result {
        Ok(answer) => Some(answer),
        Err(e) => {
            form.fail(e);
            None
        }
    }
}

/// The current picture (or `none`), a file input to send a new one, and a button to remove it. The
/// page sends (`on_file`, with [`send_picture`]) and removes (`on_remove`).
#[component]
pub fn PicturePicker(
    /// The file input's id; the other ids start with it.
    id: &'static str,
    /// The field the server's errors name (`logo`, `cover`).
    field: &'static str,
    title: usize,
    choose: usize,
    hint: usize,
    remove_label: usize,
    /// The text alternative of the preview: it shows what the page will look like.
    preview_alt: usize,
    #[prop(optional)] none: Option<usize>,
    #[prop(into)] picture: Signal<Option<String>>,
    /// The preview's width and height in CSS pixels (the picture is fitted inside).
    size: (u32, u32),
    #[prop(default = "picture-picker__preview")] preview_class: &'static str,
    form: FormState,
    on_file: Callback<web_sys::File>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let (width, height) = size;
    view! {
        <section
            class="card stack picture-picker"
            id=format!("{id}-picker")
            aria-labelledby=labelled_by
            aria-busy=move || if form.pending.get() { "true" } else { "false" }
        >
            <h2 class="card__title" id=title_id>{tr(title)}</h2>
            <div class="picture-picker__body">
                {move || match picture.get() {
                    Some(src) => view! {
                        <img
                            class=preview_class
                            id=format!("{id}-preview")
                            src=src
                            alt=move || crate::i18n::text(locale.get(), preview_alt)
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
                    <FileField id=id label=choose field=field accept=PICTURE_TYPES form=form on_file=on_file hint=hint />
                    {move || picture.with(Option::is_some).then(|| view! {
                        <div>
                            <button
                                type="button"
                                class="btn btn--secondary btn--small"
                                id=format!("{id}-remove")
                                disabled=move || form.pending.get()
                                on:click=move |_| on_remove.run(())
                            >
                                {tr(remove_label)}
                            </button>
                        </div>
                    })}
                </div>
            </div>
        </section>
    }
}
