//! `/account/security`: the password, and the sessions signed in (this one and the others).

use leptos::prelude::*;
use madani_shared::auth::{ChangePasswordRequest, Session as SessionInfo};
use madani_shared::endpoints::{ChangePassword, ListMySessions, RevokeMySession};
use madani_shared::ids::SessionId;

use super::AccountPage;
use crate::components::form::{ErrorSummary, FormState, PasswordField, SubmitButton};
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::i18n::{format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn Security() -> impl IntoView {
    view! {
        <AccountPage title=k::ACCOUNT_TAB_SECURITY>
            <PasswordForm />
            <SessionList />
        </AccountPage>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let change = Mutation::new(move |request: ChangePasswordRequest| async move {
        session.call::<ChangePassword>((), &request).await
    })
    .form(form)
    .toast(k::SECURITY_CHANGED)
    .then(move |()| {
        current.try_set(String::new());
        new.try_set(String::new());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change.submit(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <form class="stack" on:submit=submit novalidate=true>
                <h2 id="password-title" class="card__title">{tr(k::SECURITY_PASSWORD_TITLE)}</h2>
                <ErrorSummary form=form />
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
    let revoke = Mutation::new(move |id: SessionId| async move { session.call::<RevokeMySession>(id, &()).await })
        .toast(k::SECURITY_SESSION_REVOKED);
    let sessions = LocalResource::new(move || {
        revoke.version().track();
        async move { fetched(session.call::<ListMySessions>((), &()).await) }
    });
    let item = move |s: SessionInfo| {
        let id = s.id;
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
                    view! {
                        <button type="button" class="btn btn--secondary btn--small" on:click=move |_| revoke.dispatch(id)>
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
            <Loaded resource=sessions let:list>
                <ul class="session-list list">{list.into_iter().map(item).collect_view()}</ul>
            </Loaded>
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

#[cfg(test)]
mod tests {
    use super::*;

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
