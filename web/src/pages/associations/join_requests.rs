//! Officers answer the requests to join their association.

use leptos::prelude::*;
use madani_shared::endpoints::{ApproveJoinRequest, ListJoinRequests, RejectJoinRequest};
use madani_shared::ids::{AssociationId, JoinRequestId};
use madani_shared::page::PageQuery;

use crate::components::list::all_pages;
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr};
use crate::session::use_session;

#[component]
pub(super) fn JoinRequests(id: AssociationId, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    // `(request, approve)`.
    let decide = Mutation::new(move |(request, approve): (JoinRequestId, bool)| async move {
        if approve {
            session.call::<ApproveJoinRequest>((id, request), &()).await.map(drop)
        } else {
            session.call::<RejectJoinRequest>((id, request), &()).await.map(drop)
        }
        .map(|()| approve)
    })
    .toast_by(|approved| Some(if *approved { k::ASSOC_APPROVED } else { k::ASSOC_DECLINED }))
    .then(move |_| {
        refetch.try_run(());
    });
    let requests = LocalResource::new(move || {
        decide.version().track();
        // The queue as a whole (the oldest first), within reason: each decision reads it again.
        let page = move |cursor| {
            let query = PageQuery { limit: Some(100), cursor };
            async move { session.call::<ListJoinRequests>(id, &query).await }
        };
        async move { all_pages(page, 10).await.unwrap_or_default() }
    });
    view! {
        <section class="card stack" aria-labelledby="requests-title">
            <h2 class="card__title" id="requests-title">{tr(k::ASSOC_JOIN_REQUESTS)}</h2>
            {move || {
                let list = requests.get().unwrap_or_default();
                if list.is_empty() {
                    return view! { <p class="muted">{tr(k::ASSOC_NO_REQUESTS)}</p> }.into_any();
                }
                view! {
                    <ul class="list" id="join-requests">
                        {list
                            .into_iter()
                            .map(|r| {
                                let request = r.id;
                                view! {
                                    <li class="list__item">
                                        <div>
                                            <strong>{r.display_name.clone()}</strong>
                                            {r.message.clone().map(|m| view! { <p class="list__meta">{m}</p> })}
                                        </div>
                                        <div class="cluster">
                                            <button type="button" class="btn btn--primary btn--small approve" on:click=move |_| decide.dispatch((request, true))>{tr(k::ASSOC_APPROVE)}</button>
                                            <button type="button" class="btn btn--secondary btn--small" on:click=move |_| decide.dispatch((request, false))>{tr(k::ASSOC_REJECT)}</button>
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
