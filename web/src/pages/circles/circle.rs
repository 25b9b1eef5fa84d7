//! `/circles/:id`: a circle — its name, who may join, where the reader stands (with the button
//! that changes it), its description, its threads (for whoever may read them) with the form to
//! start one, its members; for its moderators (and administrators) the requests and invitations
//! waiting and the moderation queue. An invite-only circle is the server's 404 to everyone else.

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::circles::{Circle, CircleStanding, JoinPolicy};
use madani_shared::endpoints::GetCircle;
use madani_shared::ids::CircleId;

use super::manage::{Members, Pending};
use super::moderation::Moderation;
use super::standing::Standing;
use super::threads::Threads;
use super::{counts_text, is_admin, policy_badge, separator, session_ready, standing_badge};
use crate::app::use_title;
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::page::BackLink;
use crate::components::territory::wilaya_label;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

#[component]
pub(super) fn CirclePage() -> impl IntoView {
    use_title(k::CIRCLE_TITLE);
    let session = use_session();
    let circle = read_of(param::<CircleId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            session.call_as_viewer::<GetCircle>(id, &()).await
        }
    });
    view! {
        <div class="page page--circle">
            <Loaded resource=circle title=k::CIRCLE_TITLE lines=8 before_error=|| view! { <BackLink href="/circles" label=k::CIRCLE_BACK /> } let:c>
                <CircleView c />
            </Loaded>
        </div>
    }
}

#[component]
fn CircleView(c: Circle) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = c.id;
    // The circle as it now is: joining answers with it; another change reads it again.
    let circle = RwSignal::new(c.clone());
    let reload = Callback::new(move |()| {
        spawn_local(async move {
            if let Ok(c) = session.call_as_viewer::<GetCircle>(id, &()).await {
                circle.try_set(c);
            }
        });
    });
    let standing = Memo::new(move |_| circle.with(|c| c.standing));
    let members = Memo::new(move |_| circle.with(|c| c.member_count));
    let admin = Memo::new(move |_| is_admin(session));
    let moderator = Memo::new(move |_| standing.get() == Some(CircleStanding::Moderator) || admin.get());
    let writer = Memo::new(move |_| matches!(standing.get(), Some(CircleStanding::Moderator | CircleStanding::Member)));
    // An open circle's threads are anyone's to read; another's are its members' (and observers').
    let open = c.policy == JoinPolicy::Open;
    let readable = Memo::new(move |_| {
        open || admin.get()
            || matches!(
                standing.get(),
                Some(CircleStanding::Moderator | CircleStanding::Member | CircleStanding::Observer)
            )
    });
    let name = c.name.clone();
    let description = c.description_html.clone();
    let fields = c.fields.clone();
    let place = c.wilaya.clone().map(wilaya_label);
    view! {
        <article class="stack stack--loose circle">
            <div class="page__header stack stack--tight">
                <BackLink href="/circles" label=k::CIRCLE_BACK />
                <h1 class="page__title" id="circle-title" dir="auto">{move || name.get(locale.get()).to_owned()}</h1>
                <p class="cluster" id="circle-badges">
                    {policy_badge(c.policy)}
                    {move || standing.get().map(standing_badge)}
                </p>
                <p class="list__meta" id="circle-counts">
                    {move || circle.with(|c| counts_text(locale.get(), c.member_count, c.thread_count))}
                    {place.map(|w| view! { " · " <bdi>{w}</bdi> })}
                    {(!fields.is_empty()).then(|| view! {
                        " · "
                        {move || {
                            let lang = locale.get();
                            fields.iter().map(|f| label(lang, "activity", f.as_str())).collect::<Vec<_>>().join(separator(lang))
                        }}
                    })}
                </p>
                <Standing circle reload />
            </div>
            {move || {
                // Rendered and sanitized by the server.
                let html = description.get(locale.get()).to_owned();
                (!html.is_empty()).then(|| view! { <div class="prose circle__description" id="circle-description" dir="auto" inner_html=html></div> })
            }}
            <Show when=move || moderator.get()>
                <Pending circle=id reload />
                <Moderation circle=id />
            </Show>
            <Show
                when=move || readable.get()
                fallback=|| view! {
                    <section class="card" id="circle-closed">
                        <p>{tr(k::CIRCLE_CLOSED)}</p>
                    </section>
                }
            >
                <Threads circle=id writer moderator />
                <Members circle=id count=members />
            </Show>
        </article>
    }
}
