//! One message: who wrote it (the association, for a message signed as one), when, whether it was
//! edited, its text and files (or, deleted, a tombstone); its author changes or deletes it in its
//! first 15 minutes. Under the reader's latest one: who has read it.

use leptos::prelude::*;
use madani_shared::endpoints::UpdateMessage;
use madani_shared::ids::{MessageId, UserId};
use madani_shared::messaging::{EditMessage, Message};

use super::is_mine;
use super::short_time;
use crate::components::attachments::AttachmentList;
use crate::components::form::{FormAlert, FormState, field_error, invalid};
use crate::components::mutation::Mutation;
use crate::i18n::{format_datetime, k, tr, use_locale};
use crate::session::use_session;

#[component]
pub(super) fn MessageItem(
    m: Message,
    me: Option<UserId>,
    /// The message as the server now has it, after a change.
    changed: Callback<Message>,
    ask_delete: Callback<MessageId>,
    /// The reader's latest message's number and who has read it: shown under that message.
    receipt: Signal<Option<(i64, String)>>,
) -> impl IntoView {
    let locale = use_locale();
    let seq = m.seq;
    // Drawn once under the message it belongs to, its text then changing in place (a live region).
    let receipt_here = Memo::new(move |_| receipt.with(|r| r.as_ref().is_some_and(|(at, _)| *at == seq)));
    let mine = is_mine(&m, me);
    let id = m.id;
    let at = m.created_at;
    let edited = m.edited_at.filter(|_| !m.deleted);
    // The browser's clock (chrono has none in WASM); the server has the last word.
    let changeable = mine && !m.deleted && js_sys::Date::now() < m.editable_until.timestamp_millis() as f64;
    let author = {
        let (signed, name) = (m.signed_as.clone(), m.author.as_ref().map(|a| a.display_name.clone()));
        move || match &signed {
            Some(a) => a.name.get(locale.get()).to_owned(),
            None => name.clone().unwrap_or_default(),
        }
    };
    let editing = RwSignal::new(false);
    let class = match (mine, m.deleted) {
        (_, true) => "message message--deleted",
        (true, false) => "message message--mine",
        (false, false) => "message",
    };
    let body = m.body.clone().unwrap_or_default();
    let html = m.html.clone().filter(|_| !m.deleted);
    let files = (!m.deleted && !m.attachments.is_empty()).then(|| m.attachments.clone());
    view! {
        <li class=class id=format!("message-{}", m.seq) data-seq=m.seq.to_string()>
            <p class="message__meta">
                <strong class="message__author" dir="auto">{author}</strong>
                " "
                <time datetime=at.to_rfc3339() title=move || format_datetime(locale.get(), at)>{move || short_time(locale.get(), at)}</time>
                {edited.map(|_| view! { " · " <span class="message__edited">{tr(k::MSG_EDITED)}</span> })}
            </p>
            {match html {
                None => view! { <p class="message__tombstone">{tr(k::MSG_DELETED)}</p> }.into_any(),
                Some(html) => view! {
                    <Show when=move || !editing.get() fallback={
                        let body = body.clone();
                        move || view! { <EditForm id body=body.clone() editing changed /> }
                    }>
                        <div class="message__body prose" dir="auto" inner_html=html.clone()></div>
                    </Show>
                }
                .into_any(),
            }}
            {files.map(|files| view! { <div class="message__files"><AttachmentList files /></div> })}
            {changeable.then(|| view! {
                <Show when=move || !editing.get()>
                    <p class="message__actions">
                        <button type="button" class="link-button message__edit" on:click=move |_| editing.set(true)>{tr(k::MSG_EDIT)}</button>
                        <button type="button" class="link-button message__delete" on:click=move |_| ask_delete.run(id)>{tr(k::MSG_DELETE)}</button>
                    </p>
                </Show>
            })}
            <Show when=move || receipt_here.get()>
                <p class="thread__seen" id="thread-seen" aria-live="polite">
                    {move || receipt.with(|r| r.as_ref().map(|(_, seen)| seen.clone()).unwrap_or_default())}
                </p>
            </Show>
        </li>
    }
}

/// A message's text changed in place.
#[component]
fn EditForm(id: MessageId, body: String, editing: RwSignal<bool>, changed: Callback<Message>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let text = RwSignal::new(body);
    let input = format!("edit-{id}");
    form.control("body", input.clone(), k::MSG_EDIT_LABEL);
    let save = Mutation::new(move |r: EditMessage| async move { session.call::<UpdateMessage>(id, &r).await })
        .form(form)
        .then(move |m| {
            editing.try_set(false);
            changed.run(m);
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(EditMessage { body: text.get_untracked() });
    };
    view! {
        <form class="stack stack--tight message__form" on:submit=submit novalidate=true>
            <FormAlert form />
            <label class="sr-only" for=input.clone()>{tr(k::MSG_EDIT_LABEL)}</label>
            <textarea
                id=input.clone()
                class="textarea"
                rows="3"
                maxlength="4000"
                dir="auto"
                aria-invalid=invalid(form, "body")
                aria-describedby=move || form.error_for("body").map(|_| format!("edit-{id}-error"))
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    form.changed("body");
                }
            ></textarea>
            {field_error(input, form, "body")}
            <div class="cluster">
                <button type="submit" class="btn btn--primary btn--small" disabled=move || form.pending.get()>{tr(k::MSG_SAVE)}</button>
                <button type="button" class="btn btn--ghost btn--small" on:click=move |_| editing.set(false)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
