//! Writing in a conversation: Enter sends, Shift+Enter starts a new line (and Enter while an input
//! method composes a word is the input method's); up to 4,000 characters.

use leptos::prelude::*;
use madani_shared::endpoints::SendMessageCall;
use madani_shared::ids::ConversationId;
use madani_shared::messaging::{Message, SendMessage};

use crate::components::form::{FormAlert, FormState, aria_busy, described_by, field_error, invalid};
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr};
use crate::session::use_session;

/// The most characters in a message.
const MAX: usize = 4000;

#[component]
pub(super) fn Composer(id: ConversationId, sent: Callback<Message>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    form.control("body", "composer-body", k::MSG_COMPOSER);
    let send = Mutation::new(move |r: SendMessage| async move { session.call::<SendMessageCall>(id, &r).await })
        .form(form)
        .then(move |m| {
            body.try_set(String::new());
            sent.run(m);
        });
    let submit = move || {
        let text = body.get_untracked();
        // An empty box sends nothing (and says nothing): Enter on it is a slip.
        if !text.trim().is_empty() && !form.pending.get_untracked() {
            send.submit(SendMessage::new(text));
        }
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
                <button type="submit" id="composer-send" class="btn btn--primary" aria-busy=aria_busy(form.pending)>
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
        </form>
    }
}
