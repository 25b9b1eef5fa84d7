//! `/messages` and `/messages/:id`: the conversations beside the one open on a wide screen; on a
//! phone the list, or the open conversation with a way back; `/messages/new` starts one. One route
//! for all three, so that opening another conversation (or the one just started) keeps the list and
//! the live events. A conversation the reader may not see is the not-found page, as the server
//! answers.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use madani_shared::ErrorCode;
use madani_shared::endpoints::GetConversation;
use madani_shared::ids::ConversationId;
use madani_shared::messaging::EventKind;

use super::list::ConversationList;
use super::new::NewConversation;
use super::thread::Thread;
use crate::app::use_title;
use crate::components::live::{Live, News};
use crate::components::loaded::fetched;
use crate::errors::not_found;
use crate::i18n::{k, tr};
use crate::pages::not_found::NotFound;
use crate::session::use_session;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let session = use_session();
    let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id));
    let live = Live::start();
    let params = use_params_map();
    let starting = Memo::new(move |_| params.with(|p| p.get("id").as_deref() == Some("new")));
    // `None`: no conversation in the address; `Some(None)`: something that is not one.
    let selected = Memo::new(move |_| {
        params.with(|p| p.get("id").filter(|v| v != "new").map(|v| v.parse::<ConversationId>().ok()))
    });
    let open = Signal::derive(move || selected.get().flatten());
    let conversation = LocalResource::new(move || {
        let wanted = selected.get();
        async move {
            match wanted {
                None => None,
                Some(None) => Some(fetched(Err(not_found()))),
                Some(Some(id)) => {
                    live.wait_ready().await;
                    Some(fetched(session.call::<GetConversation>(id, &()).await))
                }
            }
        }
    });
    let refetch = Callback::new(move |()| conversation.refetch());
    live.listen(move |news| {
        if let News::Event(e) = news
            && e.kind == EventKind::ConversationUpdated
            && e.conversation_id.is_some()
            && e.conversation_id == open.get_untracked()
        {
            conversation.refetch();
        }
    });
    let info = Signal::derive(move || conversation.get().flatten());
    let missing =
        move || info.with(|i| matches!(i, Some(Err(e)) if e.problem().is_some_and(|p| p.code == ErrorCode::NotFound)));
    let panes = move || {
        use_title(k::NAV_MESSAGES);
        view! {
            <div class=move || if selected.with(Option::is_some) { "page page--wide messages messages--open" } else { "page page--wide messages" }>
                <div class="page__header cluster messages__header">
                    <h1 class="page__title">{tr(k::NAV_MESSAGES)}</h1>
                    <A href="/messages/new" attr:id="new-conversation" attr:class="btn btn--primary btn--small">{tr(k::MSG_NEW)}</A>
                    <A href="/account/messages" attr:class="btn btn--ghost btn--small">{tr(k::MSG_SETTINGS)}</A>
                </div>
                <p class="messages__status" role="status">
                    {move || (!live.online.get()).then(|| tr(k::MSG_RECONNECTING)())}
                </p>
                <div class="messages__panes">
                    <ConversationList selected=open me />
                    <div class="messages__thread">
                        {move || match open.get() {
                            Some(id) => view! { <Thread id info me refetch /> }.into_any(),
                            None => view! { <p class="messages__pick muted">{tr(k::MSG_PICK)}</p> }.into_any(),
                        }}
                    </div>
                </div>
            </div>
        }
    };
    view! {
        <Show when=move || !starting.get() fallback=NewConversation>
            <Show when=move || !missing() fallback=NotFound>{panes()}</Show>
        </Show>
    }
}
