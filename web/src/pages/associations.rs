//! The registry in the browser: the directory with search-as-you-type, filters and facet counts; an
//! association's page with joining, members and join requests; registration; my associations; and
//! the observatory's verification queue.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use madani_shared::ClientError;
use madani_shared::associations::*;
use madani_shared::endpoints::*;
use madani_shared::text::Language;

use crate::app::use_title;
use crate::components::debounce::debounced;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{FormAlert, FormState, SelectField, SubmitButton, TextField};
use crate::components::localized::LocalizedTextEditor;
use crate::components::states::{EmptyState, ErrorState, Skeleton};
use crate::components::territory::{TerritoryPicker, wilaya_label};
use crate::components::toast::use_toasts;
use crate::components::upload::{PicturePicker, send_picture};
use crate::errors::problem_text;
use crate::i18n::{format, k, key_index, plural, text, tr, use_locale};
use crate::pages::account::RequireAuth;
use crate::pages::network::FollowButton;
use crate::session::{base_client, use_session};

/// The translated label of an enum value: `<prefix>.<value>`.
pub fn label(lang: Language, prefix: &str, value: &str) -> String {
    key_index(&format!("{prefix}.{value}")).map(|key| text(lang, key).to_owned()).unwrap_or_else(|| value.to_owned())
}

fn status_badge(status: AssociationStatus) -> impl IntoView {
    let locale = use_locale();
    let class = match status {
        AssociationStatus::Verified => "badge badge--success",
        AssociationStatus::Pending => "badge badge--info",
        AssociationStatus::Rejected => "badge badge--danger",
        AssociationStatus::Suspended => "badge badge--warning",
    };
    view! { <span class=class>{move || label(locale.get(), "assoc.status", status.as_str())}</span> }
}

fn card(a: AssociationSummary) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/associations/{}", a.id);
    let name = a.name.clone();
    let fields = a.fields.clone();
    view! {
        <article class="card card--link">
            {a.logo_url.clone().map(|src| view! { <img class="card__logo" src=src alt="" width="40" height="40" loading="lazy" /> })}
            <h3 class="card__title">
                <A href=href attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
            </h3>
            <p class="muted">
                {a.acronym.clone().map(|x| format!("{x} · "))}
                {move || label(locale.get(), "category", a.category.as_str())} " · " <bdi>{wilaya_label(a.wilaya_code.clone())}</bdi>
            </p>
            <p class="cluster">
                {status_badge(a.status)}
                {fields
                    .into_iter()
                    .map(|f| view! { <span class="badge">{move || label(locale.get(), "activity", f.as_str())}</span> })
                    .collect_view()}
            </p>
        </article>
    }
}

/// " (12)" after an option, when the count is known.
fn with_count(count: Option<i64>) -> String {
    count.map(|c| format!(" ({c})")).unwrap_or_default()
}

/// A directory filter: "all", then each value with its result count.
#[component]
pub(crate) fn FacetSelect(
    id: &'static str,
    label: usize,
    selected: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            <select class="select" id=id on:change=move |ev| selected.set(event_target_value(&ev))>
                <option value="">{tr(k::DIR_ANY)}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let is = selected.get_untracked() == value;
                            view! { <option value=value selected=is>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
pub fn Directory() -> impl IntoView {
    use_title(k::DIR_TITLE);
    let locale = use_locale();
    let session = use_session();
    let q = RwSignal::new(String::new());
    let debounced = debounced(q, Duration::from_millis(250));
    let wilaya = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let verified_only = RwSignal::new(false);
    let items: RwSignal<Vec<AssociationSummary>> = RwSignal::new(Vec::new());
    let result: RwSignal<Option<Result<DirectoryPage, Arc<ClientError>>>> = RwSignal::new(None);
    let loading = RwSignal::new(false);
    let query = move |cursor: Option<String>| ListAssociationsQuery {
        q: Some(debounced.get_untracked()).filter(|s| !s.trim().is_empty()),
        wilaya: Some(wilaya.get_untracked()).filter(|s| !s.is_empty()),
        field: Field::parse(&field.get_untracked()),
        category: Category::parse(&category.get_untracked()),
        verified_only: verified_only.get_untracked().then_some(true),
        cursor,
        ..Default::default()
    };
    let generation = RwSignal::new(0u64);
    let load = move |cursor: Option<String>| {
        let request = query(cursor.clone());
        let n = generation.get_untracked() + 1;
        generation.set(n);
        loading.set(true);
        spawn_local(async move {
            let answer = base_client().call::<ListAssociations>(&[], &request).await.map_err(Arc::new);
            // A newer search has started, or the page is gone: drop this answer.
            if generation.try_get_untracked() != Some(n) {
                return;
            }
            if let Ok(page) = &answer {
                if cursor.is_some() {
                    items.try_update(|list| list.extend(page.items.clone()));
                } else {
                    items.try_set(page.items.clone());
                }
            }
            result.try_set(Some(answer));
            loading.try_set(false);
        });
    };
    Effect::new(move |_| {
        debounced.track();
        wilaya.track();
        field.track();
        category.track();
        verified_only.track();
        load(None);
    });
    let page = move || result.get().and_then(|r| r.ok());
    let facet_count = move |list: fn(&Facets) -> &Vec<FacetCount>, value: &str| {
        page().and_then(|p| list(&p.facets).iter().find(|f| f.value == value).map(|f| f.count))
    };
    let wilayas =
        LocalResource::new(|| async { base_client().call::<ListWilayas>(&[], &()).await.unwrap_or_default() });
    view! {
        <div class="page">
            <div class="page__header cluster">
                <div>
                    <h1 class="page__title">{tr(k::DIR_TITLE)}</h1>
                    <p class="lead">{tr(k::DIR_LEAD)}</p>
                </div>
                <Show when=move || session.is_signed_in()>
                    <A href="/associations/new" attr:class="btn btn--primary">{tr(k::DIR_REGISTER)}</A>
                </Show>
            </div>
            <div class="stack">
                <div class="field">
                    <label class="field__label" for="directory-q">{tr(k::DIR_SEARCH)}</label>
                    <input
                        class="input"
                        id="directory-q"
                        type="search"
                        autocomplete="off"
                        aria-describedby="directory-q-hint"
                        prop:value=move || q.get()
                        on:input=move |ev| q.set(event_target_value(&ev))
                    />
                    <p class="field__hint" id="directory-q-hint">{tr(k::DIR_SEARCH_HINT)}</p>
                </div>
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect
                        id="filter-wilaya"
                        label=k::PICKER_WILAYA
                        selected=wilaya
                        options=Signal::derive(move || {
                            let lang = locale.get();
                            wilayas
                                .get()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|w| (w.code.clone(), format!("{} – {}{}", w.code, w.name.get(lang), with_count(facet_count(|f| &f.wilaya, &w.code)))))
                                .collect()
                        })
                    />
                    <FacetSelect
                        id="filter-field"
                        label=k::DIR_FIELD
                        selected=field
                        options=Signal::derive(move || {
                            let lang = locale.get();
                            Field::ALL
                                .iter()
                                .map(|f| (f.as_str().to_owned(), format!("{}{}", label(lang, "activity", f.as_str()), with_count(facet_count(|x| &x.field, f.as_str())))))
                                .collect()
                        })
                    />
                    <FacetSelect
                        id="filter-category"
                        label=k::DIR_CATEGORY
                        selected=category
                        options=Signal::derive(move || {
                            let lang = locale.get();
                            Category::ALL
                                .iter()
                                .map(|c| (c.as_str().to_owned(), format!("{}{}", label(lang, "category", c.as_str()), with_count(facet_count(|x| &x.category, c.as_str())))))
                                .collect()
                        })
                    />
                    <label class="checkbox">
                        <input type="checkbox" id="filter-verified" prop:checked=move || verified_only.get() on:change=move |ev| verified_only.set(event_target_checked(&ev)) />
                        {tr(k::DIR_VERIFIED_ONLY)}
                    </label>
                </fieldset>
                <div class="cluster">
                    <p class="muted" role="status" id="directory-total">
                        {move || page().map(|p| plural(locale.get(), "dir.results", p.total))}
                    </p>
                    <a class="btn btn--ghost btn--small" id="directory-export" download="" href=move || {
                        let mut params: Vec<(&str, String)> = vec![("format", "csv".into())];
                        let q = debounced.get();
                        if !q.trim().is_empty() {
                            params.push(("q", q));
                        }
                        for (name, value) in [("wilaya", wilaya.get()), ("field", field.get()), ("category", category.get())] {
                            if !value.is_empty() {
                                params.push((name, value));
                            }
                        }
                        if verified_only.get() {
                            params.push(("verified_only", "true".into()));
                        }
                        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v))).collect();
                        format!("/api/v1/associations/export?{}", query.join("&"))
                    }>
                        {tr(k::DIR_EXPORT)}
                    </a>
                </div>
                {move || match result.get() {
                    None => view! { <Skeleton /> }.into_any(),
                    Some(Err(e)) => {
                        let message = Signal::derive(move || problem_text(locale.get(), &e));
                        view! { <ErrorState message=message on_retry=Callback::new(move |_| load(None)) /> }.into_any()
                    }
                    Some(Ok(p)) if p.total == 0 => view! { <EmptyState message=k::DIR_EMPTY /> }.into_any(),
                    Some(Ok(_)) => view! { <div class="grid grid--cards" id="directory-results">{move || items.get().into_iter().map(card).collect_view()}</div> }.into_any(),
                }}
                <Show when=move || page().and_then(|p| p.next_cursor).is_some()>
                    <button
                        type="button"
                        class="btn btn--secondary"
                        aria-busy=move || if loading.get() { "true" } else { "false" }
                        on:click=move |_| load(page().and_then(|p| p.next_cursor))
                    >
                        {tr(k::COMMON_LOAD_MORE)}
                    </button>
                </Show>
            </div>
        </div>
    }
}

#[component]
pub fn AssociationPage() -> impl IntoView {
    use_title(k::NAV_ASSOCIATIONS);
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let association = LocalResource::new(move || {
        let id = id();
        // Signed in or not changes what we see.
        session.user.track();
        async move {
            if session.ready.get_untracked() && session.is_signed_in() {
                session.call::<GetAssociation>(&[&id], &()).await.map_err(Arc::new)
            } else {
                base_client().call::<GetAssociation>(&[&id], &()).await.map_err(Arc::new)
            }
        }
    });
    view! {
        <div class="page page--narrow">
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    association.get().map(|result| match result {
                        Ok(a) => view! { <Profile association=a refetch=Callback::new(move |_| association.refetch()) /> }.into_any(),
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! {
                                <h1 class="page__title">{tr(k::NAV_ASSOCIATIONS)}</h1>
                                <ErrorState message=message on_retry=Callback::new(move |_| association.refetch()) />
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
fn Profile(association: Association, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let toasts = use_toasts();
    let a = association.clone();
    let id = a.id.clone();
    let name = a.name.clone();
    let description = a.description_html.clone();
    let manage = matches!(a.viewer_role, Some(MemberRole::Owner | MemberRole::Admin));
    let member = a.viewer_role.is_some();
    let join_state = RwSignal::new(false);
    let navigate = use_navigate();
    let join = {
        let id = id.clone();
        move |_| {
            if !session.is_signed_in() {
                navigate(&format!("/login?next=%2Fassociations%2F{id}"), NavigateOptions::default());
                return;
            }
            let id = id.clone();
            join_state.set(true);
            spawn_local(async move {
                match session.call::<CreateJoinRequestEndpoint>(&[&id], &CreateJoinRequest::default()).await {
                    Ok(_) => toasts.success(text(locale.get_untracked(), k::ASSOC_JOIN_SENT)),
                    Err(e) => {
                        join_state.try_set(false);
                        toasts.error(problem_text(locale.get_untracked(), &e));
                    }
                }
            });
        }
    };
    let contact = |key: usize, item: Option<ContactItem>| {
        item.map(|c| view! { <dt>{tr(key)}</dt> <dd><bdi>{c.value}</bdi></dd> })
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
            {(!member).then(|| view! {
                <div class="form-actions">
                    <button type="button" id="join-button" class="btn btn--primary" disabled=move || join_state.get() on:click=join.clone()>
                        {tr(k::ASSOC_JOIN)}
                    </button>
                </div>
            })}
            <FollowButton id=id.clone() />
            <section class="card stack">
                <dl class="kv">
                    <dt>{tr(k::ASSOC_REGISTRATION_NUMBER)}</dt>
                    <dd><bdi>{a.registration_number.clone()}</bdi></dd>
                    <dt>{tr(k::DIR_CATEGORY)}</dt>
                    <dd>{move || label(locale.get(), "category", a.category.as_str())}</dd>
                    <dt>{tr(k::ASSOC_PLACE)}</dt>
                    <dd><bdi>{wilaya_label(a.wilaya_code.clone())}</bdi></dd>
                    <dt>{tr(k::ASSOC_SIZE)}</dt>
                    <dd>{move || label(locale.get(), "size", a.size.as_str())}</dd>
                    <dt>{tr(k::ASSOC_FIELDS)}</dt>
                    <dd class="cluster">
                        {a.fields.iter().map(|f| { let f = *f; view! { <span class="badge">{move || label(locale.get(), "activity", f.as_str())}</span> } }).collect_view()}
                    </dd>
                    {contact(k::ASSOC_EMAIL, a.email.clone())}
                    {contact(k::ASSOC_PHONE, a.phone.clone())}
                    {contact(k::ASSOC_WEBSITE, a.website.clone())}
                </dl>
                {move || {
                    // Rendered and sanitized by the server (see the API's `description_html`).
                    let html = description.get(locale.get()).to_owned();
                    (!html.is_empty()).then(|| view! { <div class="assoc-description prose" dir="auto" inner_html=html></div> })
                }}
            </section>
            {member.then(|| view! { <Members id=id.clone() viewer=a.viewer_role refetch=refetch /> })}
            {manage.then(|| view! { <LogoPicker id=id.clone() logo=a.logo_url.clone() refetch=refetch /> })}
            {manage.then(|| view! { <JoinRequests id=id.clone() refetch=refetch /> })}
            {manage.then(|| view! { <Invitations id=id.clone() owner=a.viewer_role == Some(MemberRole::Owner) /> })}
        </article>
    }
}

/// The members; officers change roles and remove members, the owner hands the association over,
/// and a member may leave.
#[component]
fn Members(id: String, viewer: Option<MemberRole>, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id.to_string())).unwrap_or_default();
    let members = {
        let id = id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move { session.call::<ListMembers>(&[&id], &()).await.unwrap_or_default() }
        })
    };
    let done = move |key: usize| {
        toasts.success(text(locale.get_untracked(), key));
        members.refetch();
        refetch.run(());
    };
    let failed = move |e: ClientError| toasts.error(problem_text(locale.get_untracked(), &e));
    let set_role = {
        let id = id.clone();
        move |user: String, role: MemberRole| {
            let id = id.clone();
            spawn_local(async move {
                match session.call::<UpdateMemberEndpoint>(&[&id, &user], &UpdateMember { role }).await {
                    Ok(_) => done(k::ASSOC_ROLE_CHANGED),
                    Err(e) => failed(e),
                }
            });
        }
    };
    let remove = {
        let id = id.clone();
        let me = me.clone();
        move |user: String| {
            let id = id.clone();
            let leaving = user == me;
            spawn_local(async move {
                match session.call::<RemoveMember>(&[&id, &user], &()).await {
                    Ok(()) => done(if leaving { k::ASSOC_LEFT } else { k::ASSOC_REMOVED }),
                    Err(e) => failed(e),
                }
            });
        }
    };
    let transfer_to: RwSignal<Option<String>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let transfer = {
        let id = id.clone();
        Callback::new(move |_| {
            let Some(user) = transfer_to.get_untracked() else { return };
            let id = id.clone();
            spawn_local(async move {
                let target = match user.parse() {
                    Ok(uuid) => madani_shared::ids::UserId(uuid),
                    Err(_) => return,
                };
                match session.call::<TransferOwnershipEndpoint>(&[&id], &TransferOwnership { user_id: target }).await {
                    Ok(()) => done(k::ASSOC_TRANSFERRED),
                    Err(e) => failed(e),
                }
            });
        })
    };
    let row = move |m: Member| {
        let user = m.user_id.to_string();
        let is_me = user == me;
        let manage_role = matches!(viewer, Some(MemberRole::Owner)) && m.role != MemberRole::Owner && !is_me;
        let can_remove = !is_me
            && m.role != MemberRole::Owner
            && (viewer == Some(MemberRole::Owner)
                || (viewer == Some(MemberRole::Admin) && m.role == MemberRole::Member));
        let can_leave = is_me && m.role != MemberRole::Owner;
        let select_id = format!("role-{user}");
        let name = m.display_name.clone();
        let (u1, u2, u3) = (user.clone(), user.clone(), user.clone());
        let set_role = set_role.clone();
        let remove = remove.clone();
        view! {
            <li class="list__item">
                <A href=format!("/members/{user}") attr:dir="auto">{m.display_name.clone()}</A>
                <div class="cluster">
                    {if manage_role {
                        view! {
                            <label class="sr-only" for=select_id.clone()>{move || format(locale.get(), k::ASSOC_ROLE_OF, &[("name", &name)])}</label>
                            <select class="select" id=select_id on:change=move |ev| {
                                if let Some(role) = MemberRole::parse(&event_target_value(&ev)) {
                                    set_role(u1.clone(), role);
                                }
                            }>
                                {[MemberRole::Member, MemberRole::Admin]
                                    .into_iter()
                                    .map(|r| view! { <option value=r.as_str() selected=m.role == r>{move || label(locale.get(), "mrole", r.as_str())}</option> })
                                    .collect_view()}
                            </select>
                            <button type="button" class="btn btn--ghost btn--small" on:click=move |_| {
                                transfer_to.set(Some(u3.clone()));
                                confirm.set(true);
                            }>{tr(k::ASSOC_MAKE_OWNER)}</button>
                        }
                            .into_any()
                    } else {
                        view! { <span class="badge">{move || label(locale.get(), "mrole", m.role.as_str())}</span> }.into_any()
                    }}
                    {(can_remove || can_leave).then(|| view! {
                        <button type="button" class="btn btn--secondary btn--small" on:click=move |_| remove(u2.clone())>
                            {tr(if can_leave { k::ASSOC_LEAVE } else { k::ASSOC_REMOVE })}
                        </button>
                    })}
                </div>
            </li>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="members-title">
            <h2 class="card__title" id="members-title">{tr(k::ASSOC_MEMBERS)}</h2>
            <ul class="list" id="member-list">{move || members.get().unwrap_or_default().into_iter().map(row.clone()).collect_view()}</ul>
            <ConfirmDialog open=confirm title=k::ASSOC_TRANSFER_TITLE message=k::ASSOC_TRANSFER_TEXT confirm_label=k::ASSOC_MAKE_OWNER danger=false on_confirm=transfer />
        </section>
    }
}

#[component]
fn JoinRequests(id: String, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let requests = {
        let id = id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move { session.call::<ListJoinRequests>(&[&id], &()).await.unwrap_or_default() }
        })
    };
    let decide = move |id: String, request: String, approve: bool| {
        spawn_local(async move {
            let result = if approve {
                session.call::<ApproveJoinRequest>(&[&id, &request], &()).await
            } else {
                session.call::<RejectJoinRequest>(&[&id, &request], &()).await
            };
            match result {
                Ok(_) => {
                    toasts.success(text(
                        locale.get_untracked(),
                        if approve { k::ASSOC_APPROVED } else { k::ASSOC_DECLINED },
                    ));
                    requests.refetch();
                    refetch.run(());
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
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
                                let (a1, r1, a2, r2) = (id.clone(), r.id.clone(), id.clone(), r.id.clone());
                                view! {
                                    <li class="list__item">
                                        <div>
                                            <strong>{r.display_name.clone()}</strong>
                                            {r.message.clone().map(|m| view! { <p class="list__meta">{m}</p> })}
                                        </div>
                                        <div class="cluster">
                                            <button type="button" class="btn btn--primary btn--small approve" on:click=move |_| decide(a1.clone(), r1.clone(), true)>{tr(k::ASSOC_APPROVE)}</button>
                                            <button type="button" class="btn btn--secondary btn--small" on:click=move |_| decide(a2.clone(), r2.clone(), false)>{tr(k::ASSOC_REJECT)}</button>
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

/// Officers choose a new logo (sent as it is; the server checks it, and says why it refuses one
/// under the input) or remove it.
#[component]
fn LogoPicker(id: String, logo: Option<String>, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let picture = RwSignal::new(logo);
    let chosen = {
        let id = id.clone();
        Callback::new(move |file: web_sys::File| {
            let id = id.clone();
            spawn_local(async move {
                if let Some(a) = send_picture::<UploadLogo>(session, &[&id], file, form).await {
                    picture.try_set(a.logo_url);
                    toasts.success(text(locale.get_untracked(), k::LOGO_CHANGED));
                    refetch.run(());
                }
            });
        })
    };
    let remove = Callback::new(move |()| {
        let id = id.clone();
        form.clear();
        spawn_local(async move {
            match session.call::<DeleteLogo>(&[&id], &()).await {
                Ok(()) => {
                    picture.try_set(None);
                    toasts.success(text(locale.get_untracked(), k::LOGO_REMOVED));
                    refetch.run(());
                }
                Err(e) => form.fail(e),
            }
        });
    });
    view! {
        <PicturePicker
            id="logo-file"
            field="logo"
            title=k::LOGO_TITLE
            choose=k::LOGO_CHOOSE
            hint=k::LOGO_HINT
            remove_label=k::LOGO_REMOVE
            preview_alt=k::LOGO_CURRENT
            picture=picture
            size=(96, 96)
            preview_class="picture-picker__preview picture-picker__preview--square"
            form=form
            on_file=chosen
            on_remove=remove
        />
    }
}

/// Officers invite by email and revoke pending invitations; only the owner invites admins.
#[component]
fn Invitations(id: String, owner: bool) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(MemberRole::Member.as_str().to_owned());
    let message = RwSignal::new(String::new());
    let pending = {
        let id = id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move { session.call::<ListInvitations>(&[&id], &()).await.unwrap_or_default() }
        })
    };
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = CreateInvitation {
                email: email.get_untracked().trim().to_owned(),
                role: MemberRole::parse(&role.get_untracked()).unwrap_or(MemberRole::Member),
                message: Some(message.get_untracked()).filter(|m| !m.trim().is_empty()),
            };
            if !form.validate(&request) {
                return;
            }
            form.pending.set(true);
            let id = id.clone();
            spawn_local(async move {
                let result = session.call::<CreateInvitationEndpoint>(&[&id], &request).await;
                form.pending.try_set(false);
                match result {
                    Ok(_) => {
                        toasts.success(text(locale.get_untracked(), k::INVITE_SENT));
                        email.try_set(String::new());
                        message.try_set(String::new());
                        pending.refetch();
                    }
                    Err(e) => form.fail(e),
                }
            });
        }
    };
    let revoke = move |id: String, invitation: String| {
        spawn_local(async move {
            match session.call::<RevokeInvitation>(&[&id, &invitation], &()).await {
                Ok(()) => {
                    toasts.success(text(locale.get_untracked(), k::INVITE_REVOKED));
                    pending.refetch();
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    let mut roles = vec![(MemberRole::Member.as_str(), k::MROLE_MEMBER)];
    if owner {
        roles.push((MemberRole::Admin.as_str(), k::MROLE_ADMIN));
    }
    view! {
        <section class="card stack" aria-labelledby="invitations-title">
            <h2 class="card__title" id="invitations-title">{tr(k::INVITE_TITLE)}</h2>
            <p class="muted">{tr(k::INVITE_LEAD)}</p>
            <form class="stack" id="invite-form" on:submit=submit novalidate=true>
                <FormAlert form=form />
                <TextField id="invite-email" field="email" label=k::INVITE_EMAIL value=email form=form kind="email" dir="ltr" />
                <SelectField id="invite-role" field="role" label=k::INVITE_ROLE value=role options=roles form=form />
                <TextField id="invite-message" field="message" label=k::INVITE_MESSAGE value=message form=form required=false />
                <div class="form-actions">
                    <SubmitButton label=k::INVITE_SEND form=form />
                </div>
            </form>
            <h3 class="card__subtitle">{tr(k::INVITE_PENDING)}</h3>
            {move || {
                let list = pending.get().unwrap_or_default();
                if list.is_empty() {
                    return view! { <p class="muted">{tr(k::INVITE_NONE)}</p> }.into_any();
                }
                view! {
                    <ul class="list" id="invitation-list">
                        {list
                            .into_iter()
                            .map(|i| {
                                let (a, inv) = (id.clone(), i.id.clone());
                                let expired = i.status == InvitationStatus::Expired;
                                let until = i.expires_at;
                                view! {
                                    <li class="list__item">
                                        <div>
                                            <bdi>{i.email.clone()}</bdi>
                                            <p class="list__meta">
                                                {move || label(locale.get(), "mrole", i.role.as_str())} " · "
                                                {move || if expired {
                                                    text(locale.get(), k::INVITE_EXPIRED).to_owned()
                                                } else {
                                                    format(locale.get(), k::INVITE_EXPIRES, &[("date", &crate::i18n::format_date(locale.get(), until))])
                                                }}
                                            </p>
                                        </div>
                                        <button type="button" class="btn btn--secondary btn--small" on:click=move |_| revoke(a.clone(), inv.clone())>
                                            {tr(k::INVITE_REVOKE)}
                                        </button>
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

/// Invitations addressed to you, with accept and decline; `changed` runs after an answer.
#[component]
fn MyInvitations(changed: Callback<()>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let invitations =
        LocalResource::new(
            move || async move { session.call::<ListMyInvitations>(&[], &()).await.unwrap_or_default() },
        );
    let answer = move |id: String, accept: bool| {
        spawn_local(async move {
            let result = if accept {
                session.call::<AcceptInvitation>(&[&id], &()).await.map(|_| ())
            } else {
                session.call::<DeclineInvitation>(&[&id], &()).await.map(|_| ())
            };
            match result {
                Ok(()) => {
                    toasts.success(text(
                        locale.get_untracked(),
                        if accept { k::INVITE_ACCEPTED } else { k::INVITE_DECLINED },
                    ));
                    invitations.refetch();
                    changed.run(());
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    move || {
        let list = invitations.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            view! {
                <section class="card stack" aria-labelledby="my-invitations-title">
                    <h2 class="card__title" id="my-invitations-title">{tr(k::INVITE_FOR_YOU)}</h2>
                    <ul class="list" id="my-invitations">
                        {list
                            .into_iter()
                            .map(|i| {
                                let (i1, i2) = (i.id.clone(), i.id.clone());
                                let name = i.association_name.clone();
                                let inviter = i.invited_by.clone().unwrap_or_default();
                                let role = i.role;
                                view! {
                                    <li class="list__item">
                                        <div>
                                            <A href=format!("/associations/{}", i.association_id) attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
                                            <p class="list__meta">
                                                {move || format(locale.get(), k::INVITE_FROM, &[("name", &inviter), ("role", &label(locale.get(), "mrole", role.as_str()))])}
                                            </p>
                                            {i.message.clone().map(|m| view! { <p class="list__meta" dir="auto">{m}</p> })}
                                        </div>
                                        <div class="cluster">
                                            <button type="button" class="btn btn--primary btn--small accept" on:click=move |_| answer(i1.clone(), true)>{tr(k::INVITE_ACCEPT)}</button>
                                            <button type="button" class="btn btn--secondary btn--small" on:click=move |_| answer(i2.clone(), false)>{tr(k::INVITE_DECLINE)}</button>
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

#[component]
pub fn NewAssociation() -> impl IntoView {
    use_title(k::NEW_TITLE);
    view! {
        <RequireAuth>
            <AssociationForm initial=None />
        </RequireAuth>
    }
}

/// Owners and admins edit the profile with the same form, filled in.
#[component]
pub fn EditAssociation() -> impl IntoView {
    use_title(k::EDIT_TITLE);
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    view! {
        <RequireAuth>
            {move || {
                let id = params.with(|p| p.get("id").unwrap_or_default());
                let association = LocalResource::new(move || {
                    let id = id.clone();
                    async move { session.call::<GetAssociation>(&[&id], &()).await.map_err(Arc::new) }
                });
                view! {
                    <Suspense fallback=|| view! { <div class="page page--narrow"><Skeleton /></div> }>
                        {move || association.get().map(|result| match result {
                            Ok(a) if matches!(a.viewer_role, Some(MemberRole::Owner | MemberRole::Admin)) => {
                                view! { <AssociationForm initial=Some(a) /> }.into_any()
                            }
                            Ok(_) => view! {
                                <div class="page page--narrow">
                                    <h1 class="page__title">{tr(k::EDIT_TITLE)}</h1>
                                    <div class="alert alert--error" role="alert">{tr(k::ERROR_FORBIDDEN)}</div>
                                </div>
                            }
                                .into_any(),
                            Err(e) => {
                                let message = Signal::derive(move || problem_text(locale.get(), &e));
                                view! {
                                    <div class="page page--narrow">
                                        <h1 class="page__title">{tr(k::EDIT_TITLE)}</h1>
                                        <ErrorState message=message on_retry=Callback::new(move |_| association.refetch()) />
                                    </div>
                                }
                                    .into_any()
                            }
                        })}
                    </Suspense>
                }
            }}
        </RequireAuth>
    }
}

/// Registering (`initial` None) or editing an association: identity, activity and place, then
/// description and contacts, each contact with its own public/members-only switch.
#[component]
fn AssociationForm(initial: Option<Association>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let form = FormState::new();
    let editing = initial.as_ref().map(|a| a.id.clone());
    let init = initial.clone();
    let contact = |pick: fn(&Association) -> Option<ContactItem>| {
        let item = init.as_ref().and_then(pick);
        (
            RwSignal::new(item.as_ref().map(|c| c.value.clone()).unwrap_or_default()),
            RwSignal::new(item.map(|c| c.public).unwrap_or(false)),
        )
    };
    let (email, email_public) = contact(|a| a.email.clone());
    let (phone, phone_public) = contact(|a| a.phone.clone());
    let (website, website_public) = contact(|a| a.website.clone());
    let name = RwSignal::new(init.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let description = RwSignal::new(init.as_ref().map(|a| a.description.clone()).unwrap_or_default());
    let acronym = RwSignal::new(init.as_ref().and_then(|a| a.acronym.clone()).unwrap_or_default());
    let registration = RwSignal::new(init.as_ref().map(|a| a.registration_number.clone()).unwrap_or_default());
    let address = RwSignal::new(init.as_ref().and_then(|a| a.address.clone()).unwrap_or_default());
    let founded = RwSignal::new(init.as_ref().and_then(|a| a.founded_on).map(|d| d.to_string()).unwrap_or_default());
    let category = RwSignal::new(init.as_ref().map_or(Category::Wilaya, |a| a.category).as_str().to_owned());
    let size = RwSignal::new(init.as_ref().map_or(SizeBand::Small, |a| a.size).as_str().to_owned());
    let fields: RwSignal<Vec<Field>> = RwSignal::new(init.as_ref().map(|a| a.fields.clone()).unwrap_or_default());
    let wilaya = RwSignal::new(init.as_ref().map(|a| a.wilaya_code.clone()));
    let commune = RwSignal::new(init.as_ref().and_then(|a| a.commune_id));
    let item = |value: RwSignal<String>, public: RwSignal<bool>| {
        Some(value.get_untracked().trim().to_owned())
            .filter(|v| !v.is_empty())
            .map(|value| ContactItem { value, public: public.get_untracked() })
    };
    let text_or_none =
        |value: RwSignal<String>| Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
    let submit = {
        let editing = editing.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let founded_on = match founded.get_untracked().trim() {
                "" => None,
                text => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => return,
                },
            };
            let create = CreateAssociation {
                name: name.get_untracked(),
                acronym: text_or_none(acronym),
                registration_number: registration.get_untracked().trim().to_owned(),
                category: Category::parse(&category.get_untracked()).unwrap_or(Category::Wilaya),
                fields: fields.get_untracked(),
                wilaya_code: wilaya.get_untracked().unwrap_or_default(),
                commune_id: commune.get_untracked(),
                address: text_or_none(address),
                founded_on,
                size: SizeBand::parse(&size.get_untracked()).unwrap_or(SizeBand::Small),
                description: description.get_untracked(),
                email: item(email, email_public),
                phone: item(phone, phone_public),
                website: item(website, website_public),
                social_links: vec![],
            };
            if !form.validate(&create) {
                return;
            }
            // In a change, an emptied contact is sent empty, which removes it.
            let kept = |value: RwSignal<String>, public: RwSignal<bool>| {
                Some(ContactItem { value: value.get_untracked().trim().to_owned(), public: public.get_untracked() })
            };
            let changed_contacts =
                (kept(email, email_public), kept(phone, phone_public), kept(website, website_public));
            let acronym_now = Some(acronym.get_untracked().trim().to_owned());
            let address_now = Some(address.get_untracked().trim().to_owned());
            form.pending.set(true);
            let navigate = navigate.clone();
            let editing = editing.clone();
            spawn_local(async move {
                let result = match &editing {
                    None => session.call::<CreateAssociationEndpoint>(&[], &create).await,
                    Some(id) => {
                        let update = UpdateAssociation {
                            name: Some(create.name),
                            acronym: acronym_now,
                            category: Some(create.category),
                            fields: Some(create.fields),
                            wilaya_code: Some(create.wilaya_code),
                            commune_id: create.commune_id,
                            address: address_now,
                            founded_on: create.founded_on,
                            size: Some(create.size),
                            description: Some(create.description),
                            email: changed_contacts.0,
                            phone: changed_contacts.1,
                            website: changed_contacts.2,
                            social_links: None,
                        };
                        session.call::<UpdateAssociationEndpoint>(&[id], &update).await
                    }
                };
                form.pending.try_set(false);
                match result {
                    Ok(a) => {
                        toasts.success(text(
                            locale.get_untracked(),
                            if editing.is_some() { k::EDIT_SAVED } else { k::NEW_CREATED },
                        ));
                        navigate(&format!("/associations/{}", a.id), NavigateOptions::default());
                    }
                    Err(e) => form.fail(e),
                }
            });
        }
    };
    let category_options: Vec<(&'static str, usize)> = Category::ALL
        .iter()
        .map(|c| (c.as_str(), key_index(&format!("category.{}", c.as_str())).unwrap_or(k::DIR_ANY)))
        .collect();
    let size_options: Vec<(&'static str, usize)> = SizeBand::ALL
        .iter()
        .map(|s| (s.as_str(), key_index(&format!("size.{}", s.as_str())).unwrap_or(k::DIR_ANY)))
        .collect();
    let is_edit = editing.is_some();
    let field_error = move |name: &'static str| {
        move || {
            form.error_for(name)
                .map(|e| view! { <p class="field__error">{crate::errors::field_text(locale.get(), &e)}</p> })
        }
    };
    let contact_row = move |id: &'static str,
                            field: &'static str,
                            label_key: usize,
                            kind: &'static str,
                            value: RwSignal<String>,
                            public: RwSignal<bool>| {
        let switch = format!("{id}-public");
        view! {
            <TextField id=id field=field label=label_key value=value form=form kind=kind required=false dir="ltr" />
            <label class="checkbox">
                <input type="checkbox" id=switch prop:checked=move || public.get() on:change=move |ev| public.set(event_target_checked(&ev)) />
                {tr(k::ASSOC_PUBLIC)}
            </label>
        }
    };
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(if is_edit { k::EDIT_TITLE } else { k::NEW_TITLE })}</h1>
                <p class="lead">{tr(if is_edit { k::EDIT_LEAD } else { k::NEW_LEAD })}</p>
            </div>
            <form class="stack stack--loose" id="association-form" on:submit=submit novalidate=true>
                <FormAlert form=form />
                <fieldset class="card stack">
                    <legend class="card__title">{tr(k::FORM_IDENTITY)}</legend>
                    <LocalizedTextEditor id="name" label=k::ASSOC_NAME value=name />
                    {move || form.error_for("name").map(|e| view! { <p class="field__error" id="name-error">{crate::errors::field_text(locale.get(), &e)}</p> })}
                    <TextField id="acronym" label=k::ASSOC_ACRONYM value=acronym form=form required=false />
                    {if is_edit {
                        view! {
                            <div class="field">
                                <span class="field__label">{tr(k::ASSOC_REGISTRATION_NUMBER)}</span>
                                <p><bdi>{registration.get_untracked()}</bdi></p>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! { <TextField id="registration_number" label=k::ASSOC_REGISTRATION_NUMBER value=registration form=form dir="ltr" /> }.into_any()
                    }}
                    <SelectField id="category" label=k::DIR_CATEGORY value=category options=category_options form=form />
                    <div class="field">
                        <label class="field__label" for="founded_on">{tr(k::FORM_FOUNDED)}</label>
                        <input class="input" id="founded_on" type="date" dir="ltr" prop:value=move || founded.get() on:change=move |ev| founded.set(event_target_value(&ev)) />
                    </div>
                </fieldset>
                <fieldset class="card stack">
                    <legend class="card__title">{tr(k::FORM_ACTIVITY)}</legend>
                    <fieldset class="field">
                        <legend class="field__label">{tr(k::ASSOC_FIELDS)}</legend>
                        <div class="cluster">
                            {Field::ALL
                                .iter()
                                .map(|f| {
                                    let f = *f;
                                    view! {
                                        <label class="checkbox">
                                            <input type="checkbox" value=f.as_str() prop:checked=move || fields.with(|l| l.contains(&f)) on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                fields.update(|list| { list.retain(|x| *x != f); if on { list.push(f); } });
                                            } />
                                            {move || label(locale.get(), "activity", f.as_str())}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </div>
                        {field_error("fields")}
                    </fieldset>
                    <TerritoryPicker wilaya=wilaya commune=commune id="place" />
                    {move || form.error_for("wilaya_code").or_else(|| form.error_for("commune_id")).map(|e| view! { <p class="field__error">{crate::errors::field_text(locale.get(), &e)}</p> })}
                    <TextField id="address" label=k::FORM_ADDRESS value=address form=form required=false />
                    <SelectField id="size" label=k::ASSOC_SIZE value=size options=size_options form=form />
                </fieldset>
                <fieldset class="card stack">
                    <legend class="card__title">{tr(k::FORM_PRESENTATION)}</legend>
                    <LocalizedTextEditor id="description" label=k::ASSOC_DESCRIPTION value=description multiline=true />
                    <p class="field__hint">{tr(k::FORM_MARKDOWN_HINT)}</p>
                    {contact_row("contact_email", "email", k::ASSOC_EMAIL, "email", email, email_public)}
                    {contact_row("contact_phone", "phone", k::ASSOC_PHONE, "tel", phone, phone_public)}
                    {contact_row("contact_website", "website", k::ASSOC_WEBSITE, "url", website, website_public)}
                </fieldset>
                <SubmitButton label=if is_edit { k::EDIT_SUBMIT } else { k::NEW_SUBMIT } form=form />
            </form>
        </div>
    }
}

#[component]
pub fn MyAssociations() -> impl IntoView {
    use_title(k::MY_TITLE);
    view! {
        <RequireAuth>
            <MyAssociationsList />
        </RequireAuth>
    }
}

#[component]
fn MyAssociationsList() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let mine =
        LocalResource::new(
            move || async move { session.call::<ListMyAssociations>(&[], &()).await.unwrap_or_default() },
        );
    view! {
        <div class="page">
            <div class="page__header cluster">
                <h1 class="page__title">{tr(k::MY_TITLE)}</h1>
                <A href="/associations/new" attr:class="btn btn--primary">{tr(k::DIR_REGISTER)}</A>
            </div>
            <MyInvitations changed=Callback::new(move |_| mine.refetch()) />
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    mine.get().map(|list| {
                        if list.is_empty() {
                            return view! { <EmptyState message=k::MY_EMPTY /> }.into_any();
                        }
                        view! {
                            <div class="grid grid--cards">
                                {list
                                    .into_iter()
                                    .map(|m| view! {
                                        <div class="stack stack--tight">
                                            {card(m.association)}
                                            <span class="badge">{move || label(locale.get(), "mrole", m.role.as_str())}</span>
                                        </div>
                                    })
                                    .collect_view()}
                            </div>
                        }
                            .into_any()
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn VerificationQueuePage() -> impl IntoView {
    use_title(k::VERIFY_QUEUE_TITLE);
    view! {
        <RequireAuth>
            <Queue />
        </RequireAuth>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let queue = LocalResource::new(move || async move {
        session
            .call::<VerificationQueue>(&[], &VerificationQueueQuery { limit: Some(50), ..Default::default() })
            .await
            .map_err(Arc::new)
    });
    let reasons: RwSignal<std::collections::HashMap<String, String>> = RwSignal::new(Default::default());
    let decide = move |id: String, verify: bool| {
        let reason = reasons.with_untracked(|r| r.get(&id).cloned()).filter(|r| !r.trim().is_empty());
        if !verify && reason.is_none() {
            toasts.error(text(locale.get_untracked(), k::VERIFY_REASON_REQUIRED));
            return;
        }
        spawn_local(async move {
            let body = StatusDecision { reason };
            let result = if verify {
                session.call::<VerifyAssociation>(&[&id], &body).await
            } else {
                session.call::<RejectAssociation>(&[&id], &body).await
            };
            match result {
                Ok(_) => {
                    toasts.success(text(locale.get_untracked(), k::VERIFY_DONE));
                    queue.refetch();
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    let staff = move || session.user.with(|u| u.as_ref().is_some_and(|u| u.role.is_staff()));
    view! {
        <div class="page">
            <div class="page__header stack">
                <h1 class="page__title">{tr(k::VERIFY_QUEUE_TITLE)}</h1>
                <crate::pages::staff::StaffTabs />
                <p class="lead">{tr(k::VERIFY_QUEUE_LEAD)}</p>
            </div>
            <Show when=staff fallback=|| view! { <div class="alert alert--error" role="alert">{tr(k::ERROR_FORBIDDEN)}</div> }>
                <Suspense fallback=|| view! { <Skeleton /> }>
                    {move || {
                        queue.get().map(|result| match result {
                            Err(e) => {
                                let message = Signal::derive(move || problem_text(locale.get(), &e));
                                view! { <ErrorState message=message on_retry=Callback::new(move |_| queue.refetch()) /> }.into_any()
                            }
                            Ok(page) if page.items.is_empty() => view! { <EmptyState message=k::VERIFY_EMPTY /> }.into_any(),
                            Ok(page) => view! {
                                <ul class="list">
                                    {page
                                        .items
                                        .into_iter()
                                        .map(|a| {
                                            let (id1, id2, id3) = (a.id.clone(), a.id.clone(), a.id.clone());
                                            let reason_id = format!("reason-{}", a.id);
                                            view! {
                                                <li class="list__item stack">
                                                    {card(a)}
                                                    <div class="field">
                                                        <label class="field__label" for=reason_id.clone()>{tr(k::ASSOC_REASON)}</label>
                                                        <input class="input" id=reason_id on:input=move |ev| {
                                                            let v = event_target_value(&ev);
                                                            reasons.update(|r| { r.insert(id3.clone(), v); });
                                                        } />
                                                    </div>
                                                    <div class="cluster">
                                                        <button type="button" class="btn btn--primary btn--small" on:click=move |_| decide(id1.clone(), true)>{tr(k::VERIFY_VERIFY)}</button>
                                                        <button type="button" class="btn btn--danger btn--small" on:click=move |_| decide(id2.clone(), false)>{tr(k::VERIFY_REJECT)}</button>
                                                    </div>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any(),
                        })
                    }}
                </Suspense>
            </Show>
        </div>
    }
}
