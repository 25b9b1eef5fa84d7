//! Writing in a conversation: Enter sends, Shift+Enter starts a new line (and Enter while an input
//! method composes a word is the input method's); up to 4,000 characters, and up to 5 files (sent
//! as soon as they are chosen; a message of files alone needs no text).

use leptos::prelude::*;
use madani_shared::endpoints::{SendMessageCall, UploadAttachment};
use madani_shared::ids::ConversationId;
use madani_shared::messaging::{Message, SendMessage};

use crate::components::attachments::{AttachmentPicker, ChosenFiles, FileTexts};
use crate::components::form::{FormAlert, FormState, aria_busy, described_by, field_error, invalid};
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr};
use crate::session::use_session;

/// The most characters in a message.
const MAX: usize = 4000;

/// The file picker's texts, in the messages' area.
const FILE_TEXTS: FileTexts = FileTexts {
    attach: k::MSG_FILE_ATTACH,
    hint: k::MSG_FILE_HINT,
    chosen: k::MSG_FILE_CHOSEN,
    remove: k::MSG_FILE_REMOVE,
    sending: k::MSG_FILE_SENDING,
    not_allowed: k::MSG_FILE_NOT_ALLOWED,
    empty: k::MSG_FILE_EMPTY,
    too_large: k::MSG_FILE_TOO_LARGE,
    too_many: k::MSG_FILE_TOO_MANY,
    at_most: k::MSG_FILE_AT_MOST,
};

#[component]
pub(super) fn Composer(id: ConversationId, sent: Callback<Message>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    let files = ChosenFiles::new();
    form.control("body", "composer-body", k::MSG_COMPOSER);
    form.control("attachment_ids", "composer-files", k::MSG_FILE_ATTACH);
    form.clear_on_change("attachment_ids", move || files.track());
    let send = Mutation::new(move |r: SendMessage| async move { session.call::<SendMessageCall>(id, &r).await })
        .form(form)
        .then(move |m| {
            body.try_set(String::new());
            files.clear();
            sent.run(m);
        });
    let submit = move || {
        let text = body.get_untracked();
        let attachment_ids = files.ids();
        // An empty box without files sends nothing (and says nothing): Enter on it is a slip. Files
        // still on their way wait for the send button.
        if (!text.trim().is_empty() || !attachment_ids.is_empty())
            && !form.pending.get_untracked()
            && !files.sending_untracked()
        {
            send.submit(SendMessage { body: text, attachment_ids });
        }
    };
    let upload = move |file: web_sys::File, progress: Callback<f64>| async move {
        session.upload_named_file::<UploadAttachment>(id, &file, progress).await
    };
    let count = move || body.with(|b| b.chars().count());
    view! {
        <form class="composer" id="composer" on:submit=move |ev| {
            ev.prevent_default();
            submit();
        } novalidate=true>
            <FormAlert form />
            <label class="sr-only" for="composer-body">{tr(k::MSG_COMPOSER)}</label>
            <div class="composer__row">
                <textarea
                    id="composer-body"
                    name="body"
                    class="textarea composer__input"
                    rows="2"
                    maxlength=MAX.to_string()
                    dir="auto"
                    aria-invalid=invalid(form, "body")
                    aria-describedby=described_by("composer-body", true, form, "body")
                    prop:value=move || body.get()
                    on:input=move |ev| {
                        body.set(event_target_value(&ev));
                        form.changed("body");
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            submit();
                        }
                    }
                ></textarea>
                <button type="submit" id="composer-send" class="btn btn--primary" aria-busy=aria_busy(form.pending)
                    disabled=move || files.sending()>
                    <span>{tr(k::MSG_SEND)}</span>
                </button>
            </div>
            <p class="field__hint composer__hint" id="composer-body-hint">
                {tr(k::MSG_COMPOSER_HINT)}
                <Show when=move || { count() > MAX - 500 }>
                    " " <span class="composer__count">{move || format!("{}/{MAX}", count())}</span>
                </Show>
            </p>
            {field_error("composer-body", form, "body")}
            <AttachmentPicker id="composer-files" files texts=FILE_TEXTS upload />
            {field_error("composer-files", form, "attachment_ids")}
        </form>
    }
}
