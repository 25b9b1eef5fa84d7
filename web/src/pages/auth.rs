//! Signing in and out of an account: login, registration, email verification, password reset.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use madani_shared::auth::{
    LoginRequest, PasswordResetConfirmRequest, PasswordResetRequest, RegisterRequest, TokenTransport,
    VerifyEmailRequest,
};
use madani_shared::endpoints::{
    ConfirmPasswordReset, Register as RegisterEndpoint, RequestPasswordReset, VerifyEmail as VerifyEndpoint,
};
use madani_shared::text::Language;

use crate::app::use_title;
use crate::components::form::{
    FormAlert, FormState, PasswordField, SelectField, SubmitButton, TextField, language_options,
};
use crate::components::states::Skeleton;
use crate::components::toast::use_toasts;
use crate::i18n::{format, k, text, tr, use_locale};
use crate::session::{base_client, use_session};

/// Where to go after signing in: the `next` parameter when it is a path of this site.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") => path,
        _ => "/account".to_owned(),
    }
}

#[component]
pub fn Login() -> impl IntoView {
    use_title(k::LOGIN_TITLE);
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Already signed in (e.g. after a reload): go on.
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            if session.ready.get() && session.is_signed_in() && !form.pending.get_untracked() {
                navigate(
                    &safe_next(query.with_untracked(|q| q.get("next"))),
                    NavigateOptions { replace: true, ..Default::default() },
                );
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            transport: TokenTransport::Cookie,
        };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session.login(request.email, request.password).await;
            form.pending.try_set(false);
            match result {
                Ok(_) => navigate(&safe_next(query.with_untracked(|q| q.get("next"))), NavigateOptions::default()),
                Err(e) => form.fail(e),
            }
        });
    };
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::LOGIN_TITLE)}</h1>
                <p class="lead">{tr(k::LOGIN_LEAD)}</p>
            </div>
            <form class="stack card" on:submit=submit novalidate=true>
                <FormAlert form=form />
                <TextField id="email" label=k::LOGIN_EMAIL value=email form=form kind="email" autocomplete="username" dir="ltr" />
                <PasswordField id="password" label=k::LOGIN_PASSWORD value=password form=form />
                <SubmitButton label=k::LOGIN_SUBMIT form=form />
                <p>
                    <A href="/forgot-password">{tr(k::LOGIN_FORGOT)}</A>
                </p>
            </form>
            <p class="center">
                {tr(k::LOGIN_NO_ACCOUNT)} " " <A href="/register">{tr(k::LOGIN_REGISTER_LINK)}</A>
            </p>
        </div>
    }
}

#[component]
pub fn Register() -> impl IntoView {
    use_title(k::REGISTER_TITLE);
    let locale = use_locale();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let language = RwSignal::new(locale.get_untracked().code().to_owned());
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = RegisterRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            display_name: display_name.get_untracked(),
            preferred_language: Language::parse(&language.get_untracked()).unwrap_or_default(),
        };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        spawn_local(async move {
            let result = base_client().call::<RegisterEndpoint>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(user) => {
                    done.try_set(Some(user.email));
                }
                Err(e) => form.fail(e),
            }
        });
    };
    view! {
        <div class="page page--narrow">
            <Show
                when=move || done.with(Option::is_some)
                fallback=move || {
                    view! {
                        <div class="page__header">
                            <h1 class="page__title">{tr(k::REGISTER_TITLE)}</h1>
                            <p class="lead">{tr(k::REGISTER_LEAD)}</p>
                        </div>
                        <form class="stack card" on:submit=submit novalidate=true>
                            <FormAlert form=form />
                            <TextField id="display_name" label=k::REGISTER_DISPLAY_NAME value=display_name form=form autocomplete="name" hint=k::REGISTER_DISPLAY_NAME_HINT />
                            <TextField id="email" label=k::LOGIN_EMAIL value=email form=form kind="email" autocomplete="email" dir="ltr" />
                            <PasswordField id="password" label=k::LOGIN_PASSWORD value=password form=form autocomplete="new-password" hint=k::REGISTER_PASSWORD_HINT />
                            <SelectField id="preferred_language" label=k::REGISTER_LANGUAGE value=language options=language_options() form=form />
                            <SubmitButton label=k::REGISTER_SUBMIT form=form />
                        </form>
                        <p class="center">
                            {tr(k::REGISTER_HAVE_ACCOUNT)} " " <A href="/login">{tr(k::HEADER_SIGN_IN)}</A>
                        </p>
                    }
                }
            >
                <div class="page__header">
                    <h1 class="page__title">{tr(k::REGISTER_DONE_TITLE)}</h1>
                </div>
                <div class="alert alert--success" role="status">
                    {move || format(locale.get(), k::REGISTER_DONE_TEXT, &[("email", &done.get().unwrap_or_default())])}
                </div>
                <A href="/login" attr:class="btn btn--primary">{tr(k::HEADER_SIGN_IN)}</A>
            </Show>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Verification {
    Working,
    Ok,
    Failed,
    Missing,
}

#[component]
pub fn VerifyEmail() -> impl IntoView {
    use_title(k::VERIFY_TITLE);
    let query = use_query_map();
    let session = use_session();
    let status = RwSignal::new(Verification::Working);
    let token = query.with_untracked(|q| q.get("token")).filter(|t| !t.is_empty());
    match token {
        None => status.set(Verification::Missing),
        Some(token) => spawn_local(async move {
            match base_client().call::<VerifyEndpoint>(&[], &VerifyEmailRequest { token }).await {
                Ok(user) => {
                    if session.user.with_untracked(|u| u.as_ref().is_some_and(|me| me.id == user.id)) {
                        session.set_user(user);
                    }
                    status.try_set(Verification::Ok);
                }
                Err(_) => {
                    status.try_set(Verification::Failed);
                }
            }
        }),
    }
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::VERIFY_TITLE)}</h1>
            </div>
            {move || match status.get() {
                Verification::Working => view! { <Skeleton lines=1 /> }.into_any(),
                Verification::Ok => {
                    view! {
                        <div class="stack">
                            <div id="verify-result" data-status="ok" class="alert alert--success" role="status">{tr(k::VERIFY_OK)}</div>
                            <A href="/login" attr:class="btn btn--primary">{tr(k::VERIFY_CONTINUE)}</A>
                        </div>
                    }
                        .into_any()
                }
                Verification::Failed | Verification::Missing => {
                    let key = if status.get() == Verification::Failed { k::VERIFY_FAILED } else { k::VERIFY_MISSING };
                    view! {
                        <div class="stack">
                            <div id="verify-result" data-status="failed" class="alert alert--error" role="alert">{tr(key)}</div>
                            <A href="/account" attr:class="btn btn--secondary">{tr(k::VERIFY_CONTINUE)}</A>
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[component]
pub fn ForgotPassword() -> impl IntoView {
    use_title(k::FORGOT_TITLE);
    let locale = use_locale();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let sent: RwSignal<Option<String>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PasswordResetRequest { email: email.get_untracked().trim().to_owned() };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        spawn_local(async move {
            let result = base_client().call::<RequestPasswordReset>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(()) => {
                    sent.try_set(Some(request.email));
                }
                Err(e) => form.fail(e),
            }
        });
    };
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::FORGOT_TITLE)}</h1>
                <p class="lead">{tr(k::FORGOT_LEAD)}</p>
            </div>
            <Show
                when=move || sent.with(Option::is_some)
                fallback=move || {
                    view! {
                        <form class="stack card" on:submit=submit novalidate=true>
                            <FormAlert form=form />
                            <TextField id="email" label=k::LOGIN_EMAIL value=email form=form kind="email" autocomplete="email" dir="ltr" />
                            <SubmitButton label=k::FORGOT_SUBMIT form=form />
                        </form>
                    }
                }
            >
                <div class="alert alert--success" role="status">
                    {move || format(locale.get(), k::FORGOT_SENT, &[("email", &sent.get().unwrap_or_default())])}
                </div>
            </Show>
            <p class="center">
                <A href="/login">{tr(k::HEADER_SIGN_IN)}</A>
            </p>
        </div>
    }
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    use_title(k::RESET_TITLE);
    let query = use_query_map();
    let toasts = use_toasts();
    let locale = use_locale();
    let navigate = use_navigate();
    let form = FormState::new();
    let new_password = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PasswordResetConfirmRequest {
            token: query.with_untracked(|q| q.get("token")).unwrap_or_default(),
            new_password: new_password.get_untracked(),
        };
        if !form.validate(&request) {
            // A missing token is the link's fault, not a field the reader can fix.
            if form.error_for("token").is_some() {
                form.fields.set(Vec::new());
                form.fail(madani_shared::ClientError::Api(Box::new(madani_shared::Problem::new(
                    400,
                    madani_shared::ErrorCode::InvalidLinkToken,
                    "",
                    "",
                ))));
            }
            return;
        }
        form.pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = base_client().call::<ConfirmPasswordReset>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(()) => {
                    toasts.success(text(locale.get_untracked(), k::RESET_DONE));
                    navigate("/login", NavigateOptions::default());
                }
                Err(e) => form.fail(e),
            }
        });
    };
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::RESET_TITLE)}</h1>
            </div>
            <form class="stack card" on:submit=submit novalidate=true>
                <FormAlert form=form />
                <PasswordField id="new_password" label=k::RESET_NEW_PASSWORD value=new_password form=form autocomplete="new-password" hint=k::REGISTER_PASSWORD_HINT />
                <SubmitButton label=k::RESET_SUBMIT form=form />
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/account/security".into())), "/account/security");
        assert_eq!(safe_next(Some("//evil.example/x".into())), "/account");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/account");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/account");
        assert_eq!(safe_next(None), "/account");
    }
}
