//! A group conversation's people, in a dialog opened from the conversation's head: who is in it
//! (who left marked so, and not removable), removing someone (the group's starter alone), adding
//! people from the member's connections and fellow members, and leaving (every member). What the
//! server refuses (`messages_refused`, `connection_required`, `conversation_full`, …) is said in the
//! add form's summary, in the reader's language. The conversation is loaded again after each change.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use madani_shared::FieldError;
use madani_shared::endpoints::{AddParticipantsCall, RemoveParticipant};
use madani_shared::ids::{ConversationId, UserId};
use madani_shared::messaging::{AddParticipants, Conversation, Participant};

use super::people::{PeopleBoxes, Person, people};
use crate::components::dialog::{ConfirmDialog, follow_open};
use crate::components::form::{ErrorSummary, FormState, SubmitButton};
use crate::components::mutation::Mutation;
use crate::components::states::{ProblemState, Skeleton};
use crate::i18n::{counted, format, k, text, tr, use_locale};
use crate::session::use_session;

/// The forms of "{count} people", by the language's plural rules.
const COUNT: [usize; 6] = [
    k::MSG_MEMBERS_COUNT_ZERO,
    k::MSG_MEMBERS_COUNT_ONE,
    k::MSG_MEMBERS_COUNT_TWO,
    k::MSG_MEMBERS_COUNT_FEW,
    k::MSG_MEMBERS_COUNT_MANY,
    k::MSG_MEMBERS_COUNT_OTHER,
];

/// The head's button that opens the group's people.
#[component]
pub(super) fn PeopleButton(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button type="button" id="group-people" class="btn btn--secondary btn--small" aria-haspopup="dialog"
            on:click=move |_| open.set(true)>
            {tr(k::MSG_PEOPLE)}
        </button>
    }
}

/// The group's people, in a dialog that `open` shows. It stays mounted while the conversation is
/// loaded again, so that it stays open and follows the changes.
#[component]
pub(super) fn GroupPeople(
    id: ConversationId,
    conversation: Memo<Option<Conversation>>,
    me: Option<UserId>,
    open: RwSignal<bool>,
    refetch: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let dialog = NodeRef::<html::Dialog>::new();
    follow_open(dialog, open);
    let adding = RwSignal::new(false);
    let participants =
        Memo::new(move |_| conversation.with(|c| c.as_ref().map(|c| c.participants.clone()).unwrap_or_default()));
    let started_by = Memo::new(move |_| conversation.with(|c| c.as_ref().and_then(|c| c.started_by)));
    let member = Memo::new(move |_| participants.with(|list| list.iter().any(|p| Some(p.user_id) == me && !p.left)));
    let present = Signal::derive(move || {
        participants.with(|list| list.iter().filter(|p| !p.left).map(|p| p.user_id).collect::<Vec<_>>())
    });
    let count = move || counted(locale.get(), present.with(Vec::len) as i64, COUNT);

    let to_remove: RwSignal<Option<UserId>> = RwSignal::new(None);
    let confirm_remove = RwSignal::new(false);
    let remove =
        Mutation::new(move |user: UserId| async move { session.call::<RemoveParticipant>((id, user), &()).await })
            .toast(k::MSG_MEMBERS_REMOVED_TOAST)
            .then(move |_| refetch.run(()));
    let ask_remove = move |user: UserId| {
        to_remove.set(Some(user));
        confirm_remove.set(true);
    };
    let confirm_leave = RwSignal::new(false);
    let leave = Mutation::new(move |me: UserId| async move { session.call::<RemoveParticipant>((id, me), &()).await })
        .toast(k::MSG_MEMBERS_LEFT_TOAST)
        .then(move |_| {
            open.try_set(false);
            navigate("/messages", NavigateOptions::default());
        });

    let row = move |p: Participant| {
        let user = p.user_id;
        let mine = Some(user) == me;
        let starter = started_by.get_untracked() == Some(user);
        let removable = !mine && !p.left && me.is_some() && started_by.get_untracked() == me;
        let name = p.display_name.clone();
        view! {
            <li class=if p.left { "group-person group-person--left" } else { "group-person" } data-user=user.to_string()>
                <span class="group-person__who">
                    <span class="group-person__name" dir="auto">{p.display_name.clone()}</span>
                    {mine.then(|| view! { " " <span class="muted">{move || format!("({})", text(locale.get(), k::MSG_MEMBERS_YOU))}</span> })}
                    {starter.then(|| view! { <span class="badge badge--info">{tr(k::MSG_MEMBERS_STARTER)}</span> })}
                    {p.left.then(|| view! { <span class="badge group-person__gone">{tr(if p.removed { k::MSG_MEMBERS_REMOVED } else { k::MSG_MEMBERS_GONE })}</span> })}
                </span>
                {removable.then(|| view! {
                    <button type="button" class="btn btn--ghost btn--small group-person__remove"
                        aria-label=move || format(locale.get(), k::MSG_MEMBERS_REMOVE_LABEL, &[("name", &name)])
                        disabled=move || remove.pending().get()
                        on:click=move |_| ask_remove(user)>
                        {tr(k::MSG_MEMBERS_REMOVE)}
                    </button>
                })}
            </li>
        }
    };

    view! {
        <dialog class="dialog group-people" id="group-people-dialog" node_ref=dialog aria-labelledby="group-people-title"
            on:close=move |_| {
                open.set(false);
                adding.set(false);
            }>
            <h2 class="dialog__title" id="group-people-title">{tr(k::MSG_MEMBERS_TITLE)}</h2>
            <p class="muted group-people__count" id="group-people-count">{count}</p>
            <ul class="group-people__list" id="group-people-list">
                <For each=move || participants.get() key=|p| (p.user_id, p.left, p.removed, p.display_name.clone()) children=row />
            </ul>
            <Show when=move || member.get()>
                <Show when=move || adding.get() fallback=move || view! {
                    <p>
                        <button type="button" id="group-add" class="btn btn--secondary btn--small" on:click=move |_| adding.set(true)>
                            {tr(k::MSG_MEMBERS_ADD)}
                        </button>
                    </p>
                }>
                    <AddPeople id present adding refetch />
                </Show>
            </Show>
            <div class="dialog__actions cluster group-people__actions">
                {move || member.get().then(|| view! {
                    <button type="button" id="group-leave" class="btn btn--ghost btn--small group-people__leave"
                        disabled=move || leave.pending().get() on:click=move |_| confirm_leave.set(true)>
                        {tr(k::MSG_MEMBERS_LEAVE)}
                    </button>
                })}
                <button type="button" id="group-people-close" class="btn btn--secondary btn--small" on:click=move |_| open.set(false)>
                    {tr(k::COMMON_CLOSE)}
                </button>
            </div>
        </dialog>
        <ConfirmDialog open=confirm_remove title=k::MSG_MEMBERS_REMOVE_TITLE message=k::MSG_MEMBERS_REMOVE_TEXT
            confirm_label=k::MSG_MEMBERS_REMOVE title_id="remove-person-title"
            on_confirm=Callback::new(move |()| if let Some(user) = to_remove.get_untracked() { remove.dispatch(user) }) />
        <ConfirmDialog open=confirm_leave title=k::MSG_MEMBERS_LEAVE_TITLE message=k::MSG_MEMBERS_LEAVE_TEXT
            confirm_label=k::MSG_MEMBERS_LEAVE title_id="leave-group-title"
            on_confirm=Callback::new(move |()| if let Some(me) = me { leave.dispatch(me) }) />
    }
}

/// Adding people: the member's connections and fellow members not in the group, as boxes.
#[component]
fn AddPeople(
    id: ConversationId,
    /// Who is in the group now.
    present: Signal<Vec<UserId>>,
    adding: RwSignal<bool>,
    refetch: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let chosen: RwSignal<Vec<UserId>> = RwSignal::new(Vec::new());
    let candidates = LocalResource::new(move || async move { people(session).await.map_err(Arc::new) });
    let add = Mutation::new(move |r: AddParticipants| async move { session.call::<AddParticipantsCall>(id, &r).await })
        .form(form)
        .toast(k::MSG_MEMBERS_ADDED_TOAST)
        .then(move |_| {
            chosen.try_set(Vec::new());
            adding.try_set(false);
            refetch.run(());
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user_ids = chosen.get_untracked();
        form.clear();
        if user_ids.is_empty() {
            form.show(vec![FieldError { field: "user_ids".into(), code: "required".into(), message: String::new() }]);
        } else {
            add.dispatch(AddParticipants { user_ids });
        }
    };
    let boxes = move |list: Vec<Person>| {
        view! {
            <PeopleBoxes list chosen form ids=("add-people", "add-person") field="user_ids"
                legend=k::MSG_MEMBERS_ADD hint=k::MSG_MEMBERS_ADD_HINT />
        }
    };
    view! {
        <form class="stack group-people__add" id="add-people-form" on:submit=submit novalidate=true>
            <ErrorSummary form />
            {move || match candidates.get() {
                None => view! { <Skeleton lines=2 /> }.into_any(),
                Some(Err(error)) => view! { <ProblemState error on_retry=Callback::new(move |()| candidates.refetch()) /> }.into_any(),
                Some(Ok(list)) => {
                    let list: Vec<Person> = present.with(|here| list.into_iter().filter(|p| !here.contains(&p.id)).collect());
                    if list.is_empty() {
                        view! { <p class="alert alert--info" id="add-nobody">{tr(k::MSG_MEMBERS_NOBODY_TO_ADD)}</p> }.into_any()
                    } else {
                        boxes(list).into_any()
                    }
                }
            }}
            <div class="cluster">
                <SubmitButton label=k::MSG_MEMBERS_ADD_SUBMIT form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--ghost btn--small" on:click=move |_| adding.set(false)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
