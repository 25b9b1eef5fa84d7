//! Following an association, from its page: the button and the follower count.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use madani_shared::endpoints::{FollowAssociation, GetFollowStatus, UnfollowAssociation};
use madani_shared::ids::AssociationId;

use super::auth::login_then;
use super::mutation::Mutation;
use crate::i18n::{format, k, text, use_locale};
use crate::session::use_session;

/// Follow or unfollow an association, with its follower count.
#[component]
pub fn FollowButton(id: AssociationId) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    // `true`: unfollow.
    let toggle = Mutation::new(move |unfollow: bool| async move {
        if unfollow {
            session.call::<UnfollowAssociation>(id, &()).await
        } else {
            session.call::<FollowAssociation>(id, &()).await
        }
    });
    let status = LocalResource::new(move || {
        // Signed in or not changes the answer; so does following.
        session.user.track();
        toggle.version().track();
        async move { session.call_as_viewer::<GetFollowStatus>(id, &()).await.ok() }
    });
    let status = move || status.get().flatten();
    let following = move || status().is_some_and(|s| s.following);
    let click = move |_| {
        if !session.is_signed_in() {
            navigate(&login_then(&format!("/associations/{id}")), NavigateOptions::default());
            return;
        }
        toggle.dispatch(following());
    };
    view! {
        <div class="cluster">
            <button
                type="button"
                id="follow-button"
                class=move || if following() { "btn btn--secondary" } else { "btn btn--primary" }
                disabled=move || toggle.pending().get()
                on:click=click
            >
                {move || text(locale.get(), if following() { k::NETWORK_UNFOLLOW } else { k::NETWORK_FOLLOW })}
            </button>
            <span class="muted" id="follower-count">
                {move || status().map(|s| format(locale.get(), k::NETWORK_FOLLOWERS, &[("count", &s.follower_count.to_string())]))}
            </span>
        </div>
    }
}
