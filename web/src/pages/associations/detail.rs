//! `/associations/:id`: an association's page — its profile, joining and following; for members the
//! members; for its officers the logo, join requests and invitations.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::associations::*;
use madani_shared::endpoints::{CreateJoinRequestEndpoint, DeleteLogo, GetAssociation, UploadLogo};
use madani_shared::ids::AssociationId;
use madani_shared::text::Language;

use super::invitations::Invitations;
use super::join_requests::JoinRequests;
use super::members::Members;
use super::status_badge;
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::follow::FollowButton;
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::territory::wilaya_label;
use crate::components::upload::{PicturePicker, upload_picture};
use crate::i18n::{format, format_day, k, plural, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn AssociationPage() -> impl IntoView {
    use_title(k::NAV_ASSOCIATIONS);
    let session = use_session();
    let association = read_of(param::<AssociationId>("id"), move |id| {
        // Signed in or not changes what we see.
        session.user.track();
        async move { session.call_as_viewer::<GetAssociation>(id, &()).await }
    });
    let refetch = Callback::new(move |()| association.refetch());
    view! {
        <div class="page assoc-page">
            <Loaded resource=association title=k::NAV_ASSOCIATIONS let:association>
                <AssociationView association refetch />
            </Loaded>
        </div>
    }
}

#[component]
fn AssociationView(association: Association, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let a = association;
    let id = a.id;
    let name = a.name.clone();
    let description = a.description_html.clone();
    let manage = matches!(a.viewer_role, Some(MemberRole::Owner | MemberRole::Admin));
    let member = a.viewer_role.is_some();
    // Asked (now or earlier, as the server says): the button stays off and says so.
    let asked = RwSignal::new(a.viewer_join_request.is_some());
    let invited = a.viewer_invitation.is_some();
    let join = Mutation::new(move |()| async move {
        session.call::<CreateJoinRequestEndpoint>(id, &CreateJoinRequest::default()).await
    })
    .toast(k::ASSOC_JOIN_SENT)
    .then(move |_| {
        asked.try_set(true);
    });
    let navigate = use_navigate();
    let click_join = move |_| {
        if session.is_signed_in() {
            join.dispatch(());
        } else {
            navigate(&login_then(&format!("/associations/{id}")), NavigateOptions::default());
        }
    };
    // What only members and staff see (the server leaves it out for the public) says so.
    let contact = |id: &'static str, key: usize, item: Option<ContactItem>| {
        item.map(|c| {
            view! {
                <dt>{tr(key)}</dt>
                <dd id=id>
                    <bdi>{c.value}</bdi>
                    {(!c.public).then(|| view! { " " <span class="badge">{tr(k::ASSOC_MEMBERS_ONLY)}</span> })}
                </dd>
            }
        })
    };
    view! {
        <article class="stack stack--loose">
            <div class="page__header assoc-header">
                {a.logo_url.clone().map(|src| view! { <img class="assoc-logo" src=src alt="" width="72" height="72" /> })}
                <h1 class="page__title" id="association-name" dir="auto">{move || name.get(locale.get()).to_owned()}</h1>
                <p class="cluster">
                    {status_badge(a.status)}
                    {a.acronym.clone().map(|x| view! { <span class="badge">{x}</span> })}
                    <span class="muted">{move || plural(locale.get(), "assoc.members_count", a.member_count)}</span>
                </p>
                {a.viewer_role.map(|r| view! { <p class="muted">{move || format(locale.get(), k::ASSOC_YOUR_ROLE, &[("role", &label(locale.get(), "mrole", r.as_str()))])}</p> })}
                {a.status_reason.clone().map(|reason| view! { <div class="alert alert--warning" role="status">{move || format(locale.get(), k::ASSOC_STATUS_REASON, &[("reason", &reason)])}</div> })}
            </div>
            {manage.then(|| view! {
                <div class="form-actions">
                    <A href=format!("/associations/{}/edit", id) attr:class="btn btn--secondary" attr:id="edit-association">{tr(k::EDIT_OPEN)}</A>
                </div>
            })}
            {invited.then(|| view! {
                <div class="alert alert--info cluster" role="status" id="association-invited">
                    <span>{tr(k::ASSOC_INVITED)}</span>
                    <A href="/my/associations" attr:class="btn btn--primary btn--small">{tr(k::ASSOC_INVITED_OPEN)}</A>
                </div>
            })}
            {(!member && !invited).then(|| view! {
                <div class="form-actions">
                    <button type="button" id="join-button" class="btn btn--primary" disabled=move || asked.get() || join.pending().get() on:click=click_join.clone()>
                        {move || if asked.get() { tr(k::ASSOC_JOIN_REQUESTED)() } else { tr(k::ASSOC_JOIN)() }}
                    </button>
                    <Show when=move || asked.get()>
                        <p class="muted" id="join-pending">{tr(k::ASSOC_JOIN_PENDING)}</p>
                    </Show>
                </div>
            })}
            <FollowButton id=id />
            // Its officers answer its inbox; anyone else may write to it (signed in: the page asks).
            {(!manage).then(|| view! {
                <p><A href=format!("/messages/new?association={id}") attr:class="btn btn--secondary" attr:id="write-association">{tr(k::ASSOC_WRITE)}</A></p>
            })}
            <section class="card stack">
                <dl class="kv">
                    <dt>{tr(k::ASSOC_REGISTRATION_NUMBER)}</dt>
                    <dd><bdi>{a.registration_number.clone()}</bdi></dd>
                    <dt>{tr(k::DIR_CATEGORY)}</dt>
                    <dd>{move || label(locale.get(), "category", a.category.as_str())}</dd>
                    <dt>{tr(k::ASSOC_PLACE)}</dt>
                    <dd id="association-place">
                        {a.commune_name.clone().map(|c| view! {
                            <bdi>{move || c.get(locale.get()).to_owned()}</bdi>
                            {move || if locale.get() == Language::Ar { "، " } else { ", " }}
                        })}
                        <bdi>{wilaya_label(a.wilaya_code.clone())}</bdi>
                    </dd>
                    {a.founded_on.map(|d| view! {
                        <dt>{tr(k::FORM_FOUNDED)}</dt>
                        <dd id="association-founded">{move || format_day(locale.get(), d)}</dd>
                    })}
                    <dt>{tr(k::ASSOC_SIZE)}</dt>
                    <dd>{move || label(locale.get(), "size", a.size.as_str())}</dd>
                    <dt>{tr(k::ASSOC_FIELDS)}</dt>
                    <dd class="cluster">
                        {a.fields.iter().map(|f| { let f = *f; view! { <span class="badge">{move || label(locale.get(), "activity", f.as_str())}</span> } }).collect_view()}
                    </dd>
                    {contact("association-address", k::FORM_ADDRESS, a.address.clone())}
                    {contact("association-email", k::ASSOC_EMAIL, a.email.clone())}
                    {contact("association-phone", k::ASSOC_PHONE, a.phone.clone())}
                    {contact("association-website", k::ASSOC_WEBSITE, a.website.clone())}
                </dl>
                {move || {
                    // Rendered and sanitized by the server (see the API's `description_html`).
                    let html = description.get(locale.get()).to_owned();
                    (!html.is_empty()).then(|| view! { <div class="assoc-description prose" dir="auto" inner_html=html></div> })
                }}
            </section>
            <crate::pages::projects::AssociationProjects id officer=manage />
            {member.then(|| view! { <Members id=id viewer=a.viewer_role refetch=refetch /> })}
            {manage.then(|| view! {
                <PicturePicker id="logo-file" field="logo" picture=a.logo_url.clone() size=(96, 96)
                    preview_class="picture-picker__preview picture-picker__preview--square"
                    upload=move |file| async move { upload_picture::<UploadLogo>(session, id, file).await.map(|a| a.logo_url) }
                    remove=move |()| async move { session.call::<DeleteLogo>(id, &()).await } changed=refetch />
            })}
            {manage.then(|| view! { <JoinRequests id=id refetch=refetch /> })}
            {manage.then(|| view! { <Invitations id=id owner=a.viewer_role == Some(MemberRole::Owner) /> })}
        </article>
    }
}
