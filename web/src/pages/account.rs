//! The signed-in member's account: profile, security (password, sessions), data (export, deletion).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use madani_shared::auth::{
    ChangePasswordRequest, DeleteAccountRequest, Role, Session as SessionInfo, UpdateMeRequest, User,
};
use madani_shared::endpoints::{
    ChangePassword, DeleteMe, ExportMe, ListMySessions, ResendVerification, RevokeMySession, UpdateMe,
};
use madani_shared::text::Language;
use std::sync::Arc;

use wasm_bindgen::JsCast;

use crate::app::use_title;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{
    FormAlert, FormState, PasswordField, SelectField, SubmitButton, TextField, language_options,
};
use crate::components::states::{ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{format_date, format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

/// The path and query to come back to after signing in, for `?next=`.
pub fn encode_next(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Shows its children to a signed-in user; sends anyone else to the login page and back.
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && !session.is_signed_in() {
            let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            navigate(
                &format!("/login?next={}", encode_next(&here)),
                NavigateOptions { replace: true, ..Default::default() },
            );
        }
    });
    view! {
        <Show when=move || session.is_signed_in() fallback=|| view! { <div class="page page--narrow"><Skeleton /></div> }>
            {children()}
        </Show>
    }
}

/// The account pages' frame: title and section tabs.
#[component]
pub(crate) fn AccountFrame(children: Children) -> impl IntoView {
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::ACCOUNT_TITLE)}</h1>
            </div>
            <nav class="tabs" aria-label=tr(k::ACCOUNT_SECTIONS)>
                <A href="/account" exact=true>{tr(k::ACCOUNT_TAB_PROFILE)}</A>
                <A href="/account/profile">{tr(k::ACCOUNT_TAB_MEMBER_PROFILE)}</A>
                <A href="/account/security">{tr(k::ACCOUNT_TAB_SECURITY)}</A>
                <A href="/account/data">{tr(k::ACCOUNT_TAB_DATA)}</A>
            </nav>
            <div class="stack stack--loose">{children()}</div>
        </div>
    }
}

fn role_key(role: Role) -> usize {
    match role {
        Role::Member => k::ROLE_MEMBER,
        Role::Observatory => k::ROLE_OBSERVATORY,
        Role::Admin => k::ROLE_ADMIN,
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    use_title(k::ACCOUNT_TAB_PROFILE);
    view! {
        <RequireAuth>
            <AccountFrame>
                <ProfileForm />
            </AccountFrame>
        </RequireAuth>
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let user = move || session.user.get();
    let initial: User = session.user.get_untracked().expect("signed in");
    let form = FormState::new();
    let display_name = RwSignal::new(initial.display_name.clone());
    let language = RwSignal::new(initial.preferred_language.code().to_owned());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = Language::parse(&language.get_untracked());
        let request = UpdateMeRequest { display_name: Some(display_name.get_untracked()), preferred_language: lang };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        spawn_local(async move {
            let result = session.call::<UpdateMe>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(user) => {
                    // The language of the account is also the interface's.
                    locale.0.set(user.preferred_language);
                    session.set_user(user);
                    toasts.success(text(locale.get_untracked(), k::ACCOUNT_SAVED));
                }
                Err(e) => form.fail(e),
            }
        });
    };
    let resend = move |_| {
        spawn_local(async move {
            match session.call::<ResendVerification>(&[], &()).await {
                Ok(()) => toasts.success(text(locale.get_untracked(), k::ACCOUNT_RESENT)),
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    view! {
        <section class="card stack" aria-labelledby="profile-details">
            <h2 id="profile-details" class="card__title">{tr(k::ACCOUNT_PROFILE_TITLE)}</h2>
            <dl class="kv">
                <dt>{tr(k::ACCOUNT_EMAIL)}</dt>
                <dd>
                    <span id="account-email" dir="ltr">{move || user().map(|u| u.email).unwrap_or_default()}</span>
                    " "
                    {move || {
                        if user().is_some_and(|u| u.email_verified) {
                            view! { <span class="badge badge--success">{tr(k::ACCOUNT_VERIFIED)}</span> }.into_any()
                        } else {
                            view! {
                                <span class="badge badge--warning">{tr(k::ACCOUNT_UNVERIFIED)}</span>
                                " "
                                <button type="button" class="link-button" on:click=resend>{tr(k::ACCOUNT_RESEND)}</button>
                            }
                                .into_any()
                        }
                    }}
                </dd>
                <dt>{tr(k::ACCOUNT_ROLE)}</dt>
                <dd>{move || user().map(|u| text(locale.get(), role_key(u.role))).unwrap_or_default()}</dd>
                <dt>{tr(k::ACCOUNT_MEMBER_SINCE)}</dt>
                <dd>{move || user().map(|u| format_date(locale.get(), u.created_at)).unwrap_or_default()}</dd>
            </dl>
            <form class="stack" on:submit=submit novalidate=true>
                <FormAlert form=form />
                <TextField id="display_name" label=k::REGISTER_DISPLAY_NAME value=display_name form=form autocomplete="name" hint=k::REGISTER_DISPLAY_NAME_HINT />
                <SelectField id="preferred_language" label=k::REGISTER_LANGUAGE value=language options=language_options() form=form />
                <div class="form-actions">
                    <SubmitButton label=k::ACCOUNT_SAVE form=form class="btn btn--primary" />
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn Security() -> impl IntoView {
    use_title(k::ACCOUNT_TAB_SECURITY);
    view! {
        <RequireAuth>
            <AccountFrame>
                <PasswordForm />
                <SessionList />
            </AccountFrame>
        </RequireAuth>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request =
            ChangePasswordRequest { current_password: current.get_untracked(), new_password: new.get_untracked() };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        spawn_local(async move {
            let result = session.call::<ChangePassword>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(()) => {
                    current.try_set(String::new());
                    new.try_set(String::new());
                    toasts.success(text(locale.get_untracked(), k::SECURITY_CHANGED));
                }
                Err(e) => form.fail(e),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <form class="stack" on:submit=submit novalidate=true>
                <h2 id="password-title" class="card__title">{tr(k::SECURITY_PASSWORD_TITLE)}</h2>
                <FormAlert form=form />
                <PasswordField id="current_password" label=k::SECURITY_CURRENT_PASSWORD value=current form=form />
                <PasswordField id="new_password" label=k::SECURITY_NEW_PASSWORD value=new form=form autocomplete="new-password" hint=k::REGISTER_PASSWORD_HINT />
                <div class="form-actions">
                    <SubmitButton label=k::SECURITY_CHANGE_SUBMIT form=form class="btn btn--primary" />
                </div>
            </form>
        </section>
    }
}

#[component]
fn SessionList() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let sessions =
        LocalResource::new(move || async move { session.call::<ListMySessions>(&[], &()).await.map_err(Arc::new) });
    let revoke = move |id: String| {
        spawn_local(async move {
            match session.call::<RevokeMySession>(&[&id], &()).await {
                Ok(()) => {
                    toasts.success(text(locale.get_untracked(), k::SECURITY_SESSION_REVOKED));
                    sessions.refetch();
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
        });
    };
    let item = move |s: SessionInfo| {
        let id = s.id.to_string();
        let device = s
            .user_agent
            .clone()
            .map(|ua| describe_agent(&ua))
            .unwrap_or_else(|| text(locale.get_untracked(), k::SECURITY_UNKNOWN_DEVICE).to_owned());
        view! {
            <li class=if s.current { "list__item is-current" } else { "list__item" }>
                <div>
                    <strong>{device}</strong>
                    {s.current.then(|| view! { " " <span class="badge badge--info">{tr(k::SECURITY_SESSION_CURRENT)}</span> })}
                    <p class="list__meta">
                        {tr(k::SECURITY_SESSION_LAST_USED)} ": " {move || format_datetime(locale.get(), s.last_used_at)}
                        {s.ip.clone().map(|ip| view! { " · " <span dir="ltr">{ip}</span> })}
                    </p>
                </div>
                {(!s.current).then(|| {
                    let id = id.clone();
                    view! {
                        <button type="button" class="btn btn--secondary btn--small" on:click=move |_| revoke(id.clone())>
                            {tr(k::SECURITY_SESSION_REVOKE)}
                        </button>
                    }
                })}
            </li>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="sessions-title">
            <h2 id="sessions-title" class="card__title">{tr(k::SECURITY_SESSIONS_TITLE)}</h2>
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    sessions.get().map(|result| match result {
                        Ok(list) => view! { <ul class="session-list list">{list.into_iter().map(item).collect_view()}</ul> }.into_any(),
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! { <ErrorState message=message on_retry=Callback::new(move |_| sessions.refetch()) /> }.into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// A short description of a browser from its user agent ("Firefox · Android").
pub fn describe_agent(agent: &str) -> String {
    let browser = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        .into_iter()
        .find(|(needle, _)| agent.contains(needle))
        .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) => agent.chars().take(40).collect(),
    }
}

#[component]
pub fn Data() -> impl IntoView {
    use_title(k::ACCOUNT_TAB_DATA);
    view! {
        <RequireAuth>
            <AccountFrame>
                <ExportCard />
                <DeleteCard />
            </AccountFrame>
        </RequireAuth>
    }
}

#[component]
fn ExportCard() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let download = move |_| {
        busy.set(true);
        spawn_local(async move {
            match session.call::<ExportMe>(&[], &()).await {
                Ok(export) => {
                    save_json("madani-account.json", &serde_json::to_string_pretty(&export).unwrap_or_default())
                }
                Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="card stack" aria-labelledby="export-title">
            <h2 id="export-title" class="card__title">{tr(k::DATA_EXPORT_TITLE)}</h2>
            <p>{tr(k::DATA_EXPORT_TEXT)}</p>
            <div class="form-actions">
                <button
                    type="button"
                    id="export-button"
                    class="btn btn--secondary"
                    aria-busy=move || if busy.get() { "true" } else { "false" }
                    disabled=move || busy.get()
                    on:click=download
                >
                    {tr(k::DATA_EXPORT_BUTTON)}
                </button>
            </div>
        </section>
    }
}

/// Offer `json` as a file download.
fn save_json(name: &str, json: &str) {
    save_file(name, "application/json", json);
}

/// Offer `content` as a file download (a `blob:` address clicked, then released).
pub(crate) fn save_file(name: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Ok(el) = doc.create_element("a")
        && let Ok(a) = el.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[component]
fn DeleteCard() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let form = FormState::new();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = DeleteAccountRequest { password: password.get_untracked() };
        if form.validate(&request) {
            confirm.set(true);
        }
    };
    let delete = Callback::new(move |_| {
        let request = DeleteAccountRequest { password: password.get_untracked() };
        form.pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session.call::<DeleteMe>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(()) => {
                    session.forget();
                    toasts.success(text(locale.get_untracked(), k::DATA_DELETED));
                    navigate("/", NavigateOptions::default());
                }
                Err(e) => form.fail(e),
            }
        });
    });
    view! {
        <section class="card danger-zone stack" aria-labelledby="delete-title">
            <h2 id="delete-title" class="card__title">{tr(k::DATA_DELETE_TITLE)}</h2>
            <p>{tr(k::DATA_DELETE_TEXT)}</p>
            <form class="stack" on:submit=submit novalidate=true>
                <FormAlert form=form />
                <PasswordField id="delete_password" field="password" label=k::DATA_DELETE_PASSWORD value=password form=form />
                <div class="form-actions">
                    <SubmitButton label=k::DATA_DELETE_BUTTON form=form class="btn btn--danger" />
                </div>
            </form>
            <ConfirmDialog open=confirm title=k::DATA_DELETE_CONFIRM_TITLE message=k::DATA_DELETE_CONFIRM_TEXT confirm_label=k::DATA_DELETE_BUTTON on_confirm=delete />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_paths_are_encoded() {
        assert_eq!(encode_next("/account/security?x=1"), "%2Faccount%2Fsecurity%3Fx%3D1");
    }

    #[test]
    fn agents_are_described_briefly() {
        assert_eq!(
            describe_agent("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"),
            "Chrome · Android"
        );
        assert_eq!(
            describe_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            "Firefox · Windows"
        );
        assert_eq!(describe_agent("curl/8.5"), "curl/8.5");
    }
}
