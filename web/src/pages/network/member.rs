//! `/members/:id`: a member's profile, as far as they share it with you, connecting with them, and
//! writing to them (the new conversation's page, with them chosen; the server says if they refuse).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::ClientError;
use madani_shared::endpoints::{CreateConnectionEndpoint, GetMemberProfile};
use madani_shared::ids::UserId;
use madani_shared::network::*;

use super::{Act, connection_acts};
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{BusyButton, Labelled};
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn MemberPage() -> impl IntoView {
    use_title(k::MEMBER_TITLE);
    let session = use_session();
    let profile = read_of(param::<UserId>("id"), move |id| {
        // Signed in or not changes what we see.
        session.user.track();
        async move { session.call_as_viewer::<GetMemberProfile>(id, &()).await }
    });
    let refetch = Callback::new(move |()| profile.refetch());
    view! {
        <div class="page page--narrow">
            <Loaded resource=profile title=k::MEMBER_TITLE let:profile>
                <MemberView profile refetch />
            </Loaded>
        </div>
    }
}

#[component]
fn MemberView(profile: MemberProfile, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let p = profile;
    let nothing_shared = p.skills.is_none() && p.bio.is_none() && p.associations.is_none();
    let actions = if p.is_self {
        view! {
            <div class="form-actions">
                <A href="/account/profile" attr:class="btn btn--secondary" attr:id="edit-profile">{tr(k::MEMBER_EDIT)}</A>
            </div>
        }
        .into_any()
    } else {
        let write = session.is_signed_in().then(|| {
            view! {
                <div class="form-actions">
                    <A href=format!("/messages/new?with={}", p.user_id) attr:class="btn btn--secondary" attr:id="write-member">
                        {tr(k::MEMBER_WRITE)}
                    </A>
                </div>
            }
        });
        view! {
            <ConnectPanel profile=p.clone() refetch=refetch />
            {write}
        }
        .into_any()
    };
    view! {
        <article class="stack stack--loose">
            <div class="page__header">
                <h1 class="page__title" id="member-name" dir="auto">{p.display_name.clone()}</h1>
                {p.headline.clone().map(|h| view! { <p class="member-headline" id="member-headline" dir="auto">{h}</p> })}
                {p.connection_count.map(|n| {
                    view! { <p class="muted">{move || format(locale.get(), k::NETWORK_CONNECTIONS_COUNT, &[("count", &n.to_string())])}</p> }
                })}
            </div>
            {actions}
            <section class="card stack" aria-labelledby="member-about">
                <h2 class="card__title" id="member-about">{tr(k::MEMBER_ABOUT)}</h2>
                {nothing_shared.then(|| view! { <p class="muted" id="member-nothing">{tr(k::MEMBER_NOTHING_SHARED)}</p> })}
                <dl class="kv">
                    {p.skills.clone().map(|skills| view! {
                        <dt>{tr(k::MEMBER_SKILLS)}</dt>
                        <dd class="cluster" id="member-skills">
                            {skills.into_iter().map(|s| view! { <span class="badge" dir="auto">{s}</span> }).collect_view()}
                        </dd>
                    })}
                    {p.bio.clone().map(|bio| view! {
                        <dt>{tr(k::MEMBER_BIO)}</dt>
                        <dd class="member-bio" id="member-bio" dir="auto">{bio}</dd>
                    })}
                    {p.associations.clone().map(|list| view! {
                        <dt>{tr(k::MEMBER_ASSOCIATIONS)}</dt>
                        <dd>
                            <ul class="plain-list" id="member-associations">
                                {list.into_iter().map(|a| {
                                    let name = a.name.clone();
                                    view! {
                                        <li>
                                            <A href=format!("/associations/{}", a.id) attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
                                            " · "
                                            <span class="muted">{move || label(locale.get(), "mrole", a.role.as_str())}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </dd>
                    })}
                </dl>
            </section>
        </article>
    }
}

/// Connect, or the state of your request or connection with the member, and what you can do next.
#[component]
fn ConnectPanel(profile: MemberProfile, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let note = RwSignal::new(String::new());
    let confirm_remove = RwSignal::new(false);
    let user_id = profile.user_id;
    let here = format!("/members/{user_id}");
    if !session.is_signed_in() {
        return view! {
            <div class="form-actions">
                <A href=login_then(&here) attr:class="btn btn--primary" attr:id="connect-sign-in">{tr(k::NETWORK_SIGN_IN_TO_CONNECT)}</A>
            </div>
        }
        .into_any();
    }
    // Signed out meanwhile (401): sign in, and come back here.
    let connect = Mutation::new(move |message: Option<String>| {
        let (navigate, here) = (navigate.clone(), here.clone());
        async move {
            match session.call::<CreateConnectionEndpoint>((), &CreateConnection { user_id, message }).await {
                Err(ClientError::Api(p)) if p.status == 401 => {
                    navigate(&login_then(&here), NavigateOptions::default());
                    Ok(None)
                }
                other => other.map(Some),
            }
        }
    })
    .toast_by(|c| {
        c.as_ref().map(|c| {
            if c.status == ConnectionStatus::Accepted { k::NETWORK_ACCEPTED_TOAST } else { k::NETWORK_SENT_TOAST }
        })
    })
    .then(move |c| {
        if c.is_some() {
            refetch.try_run(());
        }
    });
    let acts = connection_acts().then(move |_| {
        refetch.try_run(());
    });
    match profile.connection {
        None => view! {
            <section class="card stack" aria-labelledby="connect-title">
                <h2 class="card__title" id="connect-title">{tr(k::NETWORK_CONNECT_TITLE)}</h2>
                <Labelled id="connect-message" label=k::NETWORK_NOTE_LABEL>
                    <textarea
                        class="textarea"
                        id="connect-message"
                        name="message"
                        rows="3"
                        maxlength="300"
                        dir="auto"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    ></textarea>
                </Labelled>
                <div class="form-actions">
                    <BusyButton busy=connect.pending() attr:id="connect-button" attr:class="btn btn--primary" on:click=move |_| {
                        connect.dispatch(Some(note.get_untracked().trim().to_owned()).filter(|m| !m.is_empty()))
                    }>
                        {tr(k::NETWORK_CONNECT)}
                    </BusyButton>
                </div>
            </section>
        }
        .into_any(),
        Some(c) => {
            let (id, status) = (c.id, c.status);
            let act = move |act: Act| acts.dispatch((id, act, status));
            let (badge, key) = match (c.status, c.direction) {
                (ConnectionStatus::Accepted, _) => ("badge badge--success", k::NETWORK_CONNECTED),
                (_, ConnectionDirection::Outgoing) => ("badge badge--info", k::NETWORK_REQUEST_SENT),
                (_, ConnectionDirection::Incoming) => ("badge badge--info", k::NETWORK_WANTS_TO_CONNECT),
            };
            let buttons = match (c.status, c.direction) {
                (ConnectionStatus::Accepted, _) => view! {
                    <button type="button" id="remove-connection" class="btn btn--secondary btn--small" on:click=move |_| confirm_remove.set(true)>
                        {tr(k::NETWORK_REMOVE)}
                    </button>
                    <ConfirmDialog open=confirm_remove title=k::NETWORK_REMOVE_CONFIRM_TITLE message=k::NETWORK_REMOVE_CONFIRM_TEXT confirm_label=k::NETWORK_REMOVE
                        on_confirm=Callback::new(move |_| act(Act::Delete)) />
                }
                .into_any(),
                (_, ConnectionDirection::Outgoing) => view! {
                    <button type="button" id="withdraw-request" class="btn btn--secondary btn--small" on:click=move |_| act(Act::Delete)>
                        {tr(k::NETWORK_WITHDRAW)}
                    </button>
                }
                .into_any(),
                (_, ConnectionDirection::Incoming) => view! {
                    <button type="button" id="accept-request" class="btn btn--primary btn--small" on:click=move |_| act(Act::Accept)>
                        {tr(k::NETWORK_ACCEPT)}
                    </button>
                    {(status == ConnectionStatus::Pending).then(|| view! {
                        <button type="button" id="decline-request" class="btn btn--secondary btn--small" on:click=move |_| act(Act::Decline)>
                            {tr(k::NETWORK_DECLINE)}
                        </button>
                    })}
                }
                .into_any(),
            };
            view! {
                <div class="cluster">
                    <span class=badge id="connection-status">{tr(key)}</span>
                    {buttons}
                </div>
            }
            .into_any()
        }
    }
}
