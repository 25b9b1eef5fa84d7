//! Networking in the browser: a member's profile with the connect button, your own member profile
//! with a visibility per field, "my network" (requests, connections, followed associations), and
//! the follow button of an association's page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use madani_shared::ClientError;
use madani_shared::endpoints::*;
use madani_shared::network::*;
use madani_shared::page::PageQuery;

use crate::app::use_title;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{FormAlert, FormState, SelectField, SubmitButton, TextField};
use crate::components::list::PagedList;
use crate::components::states::{ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::{field_text, problem_text};
use crate::i18n::{format, k, text, tr, use_locale};
use crate::pages::account::{AccountFrame, RequireAuth};
use crate::pages::associations::label;
use crate::session::{base_client, use_session};

/// `/login?next=<path>` for an action that needs an account.
fn login_then(path: &str) -> String {
    format!("/login?next={}", crate::pages::account::encode_next(path))
}

/// Skills typed as one comma-separated line.
pub fn parse_skills(line: &str) -> Vec<String> {
    line.split([',', '،', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// What a button in the network does to a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Act {
    Accept,
    Decline,
    /// Withdraw a request or remove a connection.
    Delete,
}

impl Act {
    fn done_key(self, status: ConnectionStatus) -> usize {
        match (self, status) {
            (Act::Accept, _) => k::NETWORK_ACCEPTED_TOAST,
            (Act::Decline, _) => k::NETWORK_DECLINED_TOAST,
            (Act::Delete, ConnectionStatus::Accepted) => k::NETWORK_REMOVED_TOAST,
            (Act::Delete, _) => k::NETWORK_WITHDRAWN_TOAST,
        }
    }
}

/// Run `act` on connection `id`, then toast and call `after`.
fn run_act(id: String, act: Act, status: ConnectionStatus, after: Callback<()>) {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    spawn_local(async move {
        let result: Result<(), ClientError> = match act {
            Act::Accept => session.call::<AcceptConnection>(&[&id], &()).await.map(|_| ()),
            Act::Decline => session.call::<DeclineConnection>(&[&id], &()).await.map(|_| ()),
            Act::Delete => session.call::<DeleteConnection>(&[&id], &()).await,
        };
        match result {
            Ok(()) => {
                toasts.success(text(locale.get_untracked(), act.done_key(status)));
                after.run(());
            }
            Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
        }
    });
}

#[component]
pub fn MemberPage() -> impl IntoView {
    use_title(k::MEMBER_TITLE);
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let profile = LocalResource::new(move || {
        let id = id();
        // Signed in or not changes what we see.
        session.user.track();
        async move {
            if session.ready.get_untracked() && session.is_signed_in() {
                session.call::<GetMemberProfile>(&[&id], &()).await.map_err(Arc::new)
            } else {
                base_client().call::<GetMemberProfile>(&[&id], &()).await.map_err(Arc::new)
            }
        }
    });
    view! {
        <div class="page page--narrow">
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    profile.get().map(|result| match result {
                        Ok(p) => view! { <MemberView profile=p refetch=Callback::new(move |_| profile.refetch()) /> }.into_any(),
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! {
                                <h1 class="page__title">{tr(k::MEMBER_TITLE)}</h1>
                                <ErrorState message=message on_retry=Callback::new(move |_| profile.refetch()) />
                            }
                                .into_any()
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn MemberView(profile: MemberProfile, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
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
        view! { <ConnectPanel profile=p.clone() refetch=refetch /> }.into_any()
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
    let locale = use_locale();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
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
    let connect = move |_| {
        let message = Some(note.get_untracked().trim().to_owned()).filter(|m| !m.is_empty());
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session.call::<CreateConnectionEndpoint>(&[], &CreateConnection { user_id, message }).await;
            busy.try_set(false);
            match result {
                Ok(c) => {
                    let key = if c.status == ConnectionStatus::Accepted {
                        k::NETWORK_ACCEPTED_TOAST
                    } else {
                        k::NETWORK_SENT_TOAST
                    };
                    toasts.success(text(locale.get_untracked(), key));
                    refetch.run(());
                }
                Err(ClientError::Api(p)) if p.status == 401 => {
                    navigate(&login_then(&format!("/members/{user_id}")), NavigateOptions::default())
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    match profile.connection {
        None => view! {
            <section class="card stack" aria-labelledby="connect-title">
                <h2 class="card__title" id="connect-title">{tr(k::NETWORK_CONNECT_TITLE)}</h2>
                <div class="field">
                    <label class="field__label" for="connect-message">{tr(k::NETWORK_NOTE_LABEL)}</label>
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
                </div>
                <div class="form-actions">
                    <button type="button" id="connect-button" class="btn btn--primary" disabled=move || busy.get() on:click=connect>
                        {tr(k::NETWORK_CONNECT)}
                    </button>
                </div>
            </section>
        }
        .into_any(),
        Some(c) => {
            let id = c.id.clone();
            let status = c.status;
            let act = move |act: Act| run_act(id.clone(), act, status, refetch);
            let (a1, a2, a3) = (act.clone(), act.clone(), act.clone());
            match (c.status, c.direction) {
                (ConnectionStatus::Accepted, _) => view! {
                    <div class="cluster">
                        <span class="badge badge--success" id="connection-status">{tr(k::NETWORK_CONNECTED)}</span>
                        <button type="button" id="remove-connection" class="btn btn--secondary btn--small" on:click=move |_| confirm_remove.set(true)>
                            {tr(k::NETWORK_REMOVE)}
                        </button>
                        <ConfirmDialog
                            open=confirm_remove
                            title=k::NETWORK_REMOVE_CONFIRM_TITLE
                            message=k::NETWORK_REMOVE_CONFIRM_TEXT
                            confirm_label=k::NETWORK_REMOVE
                            on_confirm=Callback::new(move |_| a1(Act::Delete))
                        />
                    </div>
                }
                .into_any(),
                (_, ConnectionDirection::Outgoing) => view! {
                    <div class="cluster">
                        <span class="badge badge--info" id="connection-status">{tr(k::NETWORK_REQUEST_SENT)}</span>
                        <button type="button" id="withdraw-request" class="btn btn--secondary btn--small" on:click=move |_| a1(Act::Delete)>
                            {tr(k::NETWORK_WITHDRAW)}
                        </button>
                    </div>
                }
                .into_any(),
                (_, ConnectionDirection::Incoming) => view! {
                    <div class="cluster">
                        <span class="badge badge--info" id="connection-status">{tr(k::NETWORK_WANTS_TO_CONNECT)}</span>
                        <button type="button" id="accept-request" class="btn btn--primary btn--small" on:click=move |_| a2(Act::Accept)>
                            {tr(k::NETWORK_ACCEPT)}
                        </button>
                        {(status == ConnectionStatus::Pending).then(|| view! {
                            <button type="button" id="decline-request" class="btn btn--secondary btn--small" on:click=move |_| a3(Act::Decline)>
                                {tr(k::NETWORK_DECLINE)}
                            </button>
                        })}
                    </div>
                }
                .into_any(),
            }
        }
    }
}

fn visibility_options() -> Vec<(&'static str, usize)> {
    vec![
        (Visibility::Public.as_str(), k::VISIBILITY_PUBLIC),
        (Visibility::Members.as_str(), k::VISIBILITY_MEMBERS),
        (Visibility::Connections.as_str(), k::VISIBILITY_CONNECTIONS),
        (Visibility::Private.as_str(), k::VISIBILITY_PRIVATE),
    ]
}

/// `/account/profile`: your member profile.
#[component]
pub fn MyProfilePage() -> impl IntoView {
    use_title(k::ACCOUNT_TAB_MEMBER_PROFILE);
    view! {
        <RequireAuth>
            <AccountFrame>
                <MyProfileLoader />
            </AccountFrame>
        </RequireAuth>
    }
}

#[component]
fn MyProfileLoader() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let profile =
        LocalResource::new(move || async move { session.call::<GetMyProfile>(&[], &()).await.map_err(Arc::new) });
    view! {
        <Suspense fallback=|| view! { <Skeleton /> }>
            {move || {
                profile.get().map(|result| match result {
                    Ok(p) => view! { <MyProfileForm profile=p /> }.into_any(),
                    Err(e) => {
                        let message = Signal::derive(move || problem_text(locale.get(), &e));
                        view! { <ErrorState message=message on_retry=Callback::new(move |_| profile.refetch()) /> }.into_any()
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn MyProfileForm(profile: MyProfile) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let headline = RwSignal::new(profile.headline.clone().unwrap_or_default());
    let skills = RwSignal::new(profile.skills.join(", "));
    let bio = RwSignal::new(profile.bio.clone().unwrap_or_default());
    let headline_visibility = RwSignal::new(profile.headline_visibility.as_str().to_owned());
    let skills_visibility = RwSignal::new(profile.skills_visibility.as_str().to_owned());
    let bio_visibility = RwSignal::new(profile.bio_visibility.as_str().to_owned());
    let associations_visibility = RwSignal::new(profile.associations_visibility.as_str().to_owned());
    let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id.to_string())).unwrap_or_default();
    let visibility = |s: RwSignal<String>| Visibility::parse(&s.get_untracked()).unwrap_or_default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UpdateMyProfile {
            headline: Some(headline.get_untracked()),
            headline_visibility: visibility(headline_visibility),
            skills: parse_skills(&skills.get_untracked()),
            skills_visibility: visibility(skills_visibility),
            bio: Some(bio.get_untracked()),
            bio_visibility: visibility(bio_visibility),
            associations_visibility: visibility(associations_visibility),
        };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        spawn_local(async move {
            let result = session.call::<UpdateMyProfileEndpoint>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(saved) => {
                    skills.try_set(saved.skills.join(", "));
                    toasts.success(text(locale.get_untracked(), k::PROFILE_SAVED));
                }
                Err(e) => form.fail(e),
            }
        });
    };
    view! {
        <section class="card stack" aria-labelledby="member-profile-title">
            <h2 id="member-profile-title" class="card__title">{tr(k::PROFILE_TITLE)}</h2>
            <p class="muted">{tr(k::PROFILE_INTRO)}</p>
            <form class="stack" on:submit=submit novalidate=true>
                <FormAlert form=form />
                <TextField id="headline" label=k::PROFILE_HEADLINE value=headline form=form hint=k::PROFILE_HEADLINE_HINT required=false dir="auto" />
                <SelectField id="headline_visibility" label=k::PROFILE_HEADLINE_VISIBILITY value=headline_visibility options=visibility_options() form=form />
                <TextField id="skills" label=k::PROFILE_SKILLS value=skills form=form hint=k::PROFILE_SKILLS_HINT required=false dir="auto" />
                <SelectField id="skills_visibility" label=k::PROFILE_SKILLS_VISIBILITY value=skills_visibility options=visibility_options() form=form />
                <div class="field">
                    <label class="field__label" for="bio">{tr(k::PROFILE_BIO)}</label>
                    <textarea
                        class="textarea"
                        id="bio"
                        name="bio"
                        rows="5"
                        dir="auto"
                        aria-invalid=move || form.error_for("bio").is_some().then_some("true")
                        aria-describedby=move || form.error_for("bio").is_some().then_some("bio-error")
                        prop:value=move || bio.get()
                        on:input=move |ev| bio.set(event_target_value(&ev))
                    ></textarea>
                    {move || form.error_for("bio").map(|e| view! { <p class="field__error" id="bio-error">{field_text(locale.get(), &e)}</p> })}
                </div>
                <SelectField id="bio_visibility" label=k::PROFILE_BIO_VISIBILITY value=bio_visibility options=visibility_options() form=form />
                <SelectField id="associations_visibility" label=k::PROFILE_ASSOCIATIONS_VISIBILITY value=associations_visibility options=visibility_options() form=form />
                <div class="form-actions">
                    <SubmitButton label=k::PROFILE_SAVE form=form class="btn btn--primary" />
                    <A href=format!("/members/{me}") attr:class="btn btn--ghost" attr:id="view-my-profile">{tr(k::MEMBER_VIEW_PUBLIC)}</A>
                </div>
            </form>
        </section>
    }
}

/// `/my/network`: requests received, connections, requests sent, associations followed.
#[component]
pub fn MyNetwork() -> impl IntoView {
    use_title(k::NAV_MY_NETWORK);
    view! {
        <RequireAuth>
            <NetworkSections />
        </RequireAuth>
    }
}

fn connection_item(c: Connection, on_act: impl Fn(String, Act, ConnectionStatus) + Clone + 'static) -> impl IntoView {
    let href = format!("/members/{}", c.member.user_id);
    let name = c.member.display_name.clone();
    let id = c.id.clone();
    let status = c.status;
    let button = move |act: Act, key: usize, class: &'static str| {
        let (id, name, on_act) = (id.clone(), name.clone(), on_act.clone());
        view! {
            <button type="button" class=class on:click=move |_| on_act(id.clone(), act, status)>
                {tr(key)}
                <span class="sr-only">" · " {name}</span>
            </button>
        }
    };
    let actions = match (c.status, c.direction) {
        (ConnectionStatus::Accepted, _) => {
            button(Act::Delete, k::NETWORK_REMOVE, "btn btn--ghost btn--small").into_any()
        }
        (_, ConnectionDirection::Outgoing) => view! {
            <span class="badge badge--info">{tr(k::NETWORK_REQUEST_SENT)}</span>
            {button(Act::Delete, k::NETWORK_WITHDRAW, "btn btn--secondary btn--small")}
        }
        .into_any(),
        (_, ConnectionDirection::Incoming) => view! {
            {button(Act::Accept, k::NETWORK_ACCEPT, "btn btn--primary btn--small")}
            {button(Act::Decline, k::NETWORK_DECLINE, "btn btn--secondary btn--small")}
        }
        .into_any(),
    };
    view! {
        <div class="network-item">
            <A href=href attr:dir="auto"><strong>{c.member.display_name.clone()}</strong></A>
            {c.member.headline.clone().map(|h| view! { <p class="list__meta" dir="auto">{h}</p> })}
            {c.message.clone().map(|m| view! { <p class="network-item__note" dir="auto">{m}</p> })}
        </div>
        <div class="cluster">{actions}</div>
    }
}

#[component]
fn NetworkSections() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    // Bumped after each action: every list reloads (a request accepted moves to the connections).
    let version = RwSignal::new(0u32);
    let reload = Callback::new(move |_| version.update(|v| *v += 1));
    let to_remove: RwSignal<Option<(String, ConnectionStatus)>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let on_act = move |id: String, act: Act, status: ConnectionStatus| {
        if act == Act::Delete && status == ConnectionStatus::Accepted {
            to_remove.set(Some((id, status)));
            confirm.set(true);
        } else {
            run_act(id, act, status, reload);
        }
    };
    let remove = Callback::new(move |_| {
        if let Some((id, status)) = to_remove.get_untracked() {
            run_act(id, Act::Delete, status, reload);
        }
    });
    let list = move |filter: ConnectionFilter| {
        let fetch = move |cursor: Option<String>| async move {
            session
                .call::<ListConnections>(&[], &ListConnectionsQuery { status: Some(filter), limit: None, cursor })
                .await
        };
        view! { <PagedList fetch=fetch render=move |c: Connection| connection_item(c, on_act) /> }
    };
    let unfollow = move |id: String| {
        spawn_local(async move {
            match session.call::<UnfollowAssociation>(&[&id], &()).await {
                Ok(_) => {
                    toasts.success(text(locale.get_untracked(), k::NETWORK_UNFOLLOWED_TOAST));
                    reload.run(());
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    let followed = move |f: FollowedAssociation| {
        let a = f.association;
        let name = a.name.clone();
        let name2 = a.name.clone();
        let id = a.id.clone();
        view! {
            <A href=format!("/associations/{}", a.id) attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
            <button type="button" class="btn btn--ghost btn--small" on:click=move |_| unfollow(id.clone())>
                {tr(k::NETWORK_UNFOLLOW)}
                <span class="sr-only">" · " {move || name2.get(locale.get()).to_owned()}</span>
            </button>
        }
    };
    let following = move || {
        let fetch = move |cursor: Option<String>| async move {
            session.call::<ListMyFollowing>(&[], &PageQuery { limit: None, cursor }).await
        };
        view! { <PagedList fetch=fetch render=followed /> }
    };
    let section = move |id: &'static str, title: usize, body: AnyView| {
        view! {
            <section class="card stack" aria-labelledby=id>
                <h2 class="card__title" id=id>{tr(title)}</h2>
                {body}
            </section>
        }
    };
    view! {
        <div class="page">
            <div class="page__header">
                <h1 class="page__title">{tr(k::NAV_MY_NETWORK)}</h1>
                <p class="muted">{tr(k::NETWORK_INTRO)}</p>
            </div>
            <div class="stack stack--loose">
                {move || {
                    version.track();
                    view! {
                        {section("incoming-title", k::NETWORK_INCOMING, list(ConnectionFilter::PendingIncoming).into_any())}
                        {section("connections-title", k::NETWORK_CONNECTIONS, list(ConnectionFilter::Accepted).into_any())}
                        {section("outgoing-title", k::NETWORK_OUTGOING, list(ConnectionFilter::PendingOutgoing).into_any())}
                        {section("following-title", k::NETWORK_FOLLOWING, following().into_any())}
                    }
                }}
            </div>
            <ConfirmDialog
                open=confirm
                title=k::NETWORK_REMOVE_CONFIRM_TITLE
                message=k::NETWORK_REMOVE_CONFIRM_TEXT
                confirm_label=k::NETWORK_REMOVE
                on_confirm=remove
            />
        </div>
    }
}

/// Follow or unfollow an association, with its follower count.
#[component]
pub fn FollowButton(id: String) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let status: RwSignal<Option<FollowStatus>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    {
        let id = id.clone();
        Effect::new(move |_| {
            session.user.track();
            let id = id.clone();
            spawn_local(async move {
                let result = if session.ready.get_untracked() && session.is_signed_in() {
                    session.call::<GetFollowStatus>(&[&id], &()).await
                } else {
                    base_client().call::<GetFollowStatus>(&[&id], &()).await
                };
                if let Ok(s) = result {
                    status.try_set(Some(s));
                }
            });
        });
    }
    let following = move || status.with(|s| s.as_ref().is_some_and(|s| s.following));
    let toggle = move |_| {
        if !session.is_signed_in() {
            navigate(&login_then(&format!("/associations/{id}")), NavigateOptions::default());
            return;
        }
        let unfollow = status.with_untracked(|s| s.as_ref().is_some_and(|s| s.following));
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = if unfollow {
                session.call::<UnfollowAssociation>(&[&id], &()).await
            } else {
                session.call::<FollowAssociation>(&[&id], &()).await
            };
            busy.try_set(false);
            match result {
                Ok(s) => {
                    status.try_set(Some(s));
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    view! {
        <div class="cluster">
            <button
                type="button"
                id="follow-button"
                class=move || if following() { "btn btn--secondary" } else { "btn btn--primary" }
                disabled=move || busy.get()
                on:click=toggle
            >
                {move || text(locale.get(), if following() { k::NETWORK_UNFOLLOW } else { k::NETWORK_FOLLOW })}
            </button>
            <span class="muted" id="follower-count">
                {move || {
                    status.with(|s| s.as_ref().map(|s| format(locale.get(), k::NETWORK_FOLLOWERS, &[("count", &s.follower_count.to_string())])))
                }}
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_split_on_commas_in_both_scripts() {
        assert_eq!(parse_skills(" irrigation, training ,, "), vec!["irrigation", "training"]);
        assert_eq!(parse_skills("تدريب، إدارة المشاريع"), vec!["تدريب", "إدارة المشاريع"]);
        assert!(parse_skills("  ").is_empty());
    }

    #[test]
    fn login_links_come_back() {
        assert_eq!(login_then("/members/x"), "/login?next=%2Fmembers%2Fx");
    }
}
