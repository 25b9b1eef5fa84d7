//! Signing in and out of an account: login, registration, email verification, password reset.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use madani_shared::auth::{
    LoginRequest, LogoutRequest, PasswordResetConfirmRequest, PasswordResetRequest, RegisterRequest, TokenTransport,
    VerifyEmailRequest,
};
use madani_shared::endpoints::{
    ConfirmPasswordReset, Login as LoginEndpoint, Logout, Register as RegisterEndpoint, RequestPasswordReset,
    ResendVerification, VerifyEmail as VerifyEndpoint,
};
use madani_shared::text::Language;
use madani_shared::{ClientError, ErrorCode};

use crate::components::form::{
    ErrorSummary, FormState, PasswordField, SelectField, SubmitButton, TextField, aria_busy, language_options,
};
use crate::components::mutation::Mutation;
use crate::components::page::PageHeader;
use crate::components::states::Skeleton;
use crate::i18n::{format, k, tr, use_locale};
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
    let login = Mutation::new(move |request: LoginRequest| session.login(request.email, request.password))
        .form(form)
        .then(move |_| navigate(&safe_next(query.with_untracked(|q| q.get("next"))), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        login.submit(LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            transport: TokenTransport::Cookie,
        });
    };
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::LOGIN_TITLE lead=k::LOGIN_LEAD />
            <form class="stack card" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
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
    let locale = use_locale();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let language = RwSignal::new(locale.get_untracked().code().to_owned());
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    let register =
        Mutation::new(
            |request: RegisterRequest| async move { base_client().call::<RegisterEndpoint>((), &request).await },
        )
        .form(form)
        .then(move |user| {
            done.try_set(Some(user.email));
        });
    // Sending the link again needs the account's session: a short one, opened with what was just
    // typed and closed at once (nothing is kept, the reader is not signed in by it). Registering an
    // address that has an account already answers as if it had worked; so does this (its owner was
    // told by email), or the answer would tell who has an account.
    let resend = Mutation::new(move |()| {
        let login = LoginRequest {
            email: done.get_untracked().unwrap_or_default(),
            password: password.get_untracked(),
            transport: TokenTransport::Body,
        };
        async move {
            let tokens = match base_client().call::<LoginEndpoint>((), &login).await {
                Ok(tokens) => tokens,
                Err(ClientError::Api(p)) if p.code == ErrorCode::InvalidCredentials => return Ok(()),
                Err(e) => return Err(e),
            };
            let sent = base_client().with_token(tokens.access_token).call::<ResendVerification>((), &()).await;
            let close = LogoutRequest { refresh_token: tokens.refresh_token };
            let _ = base_client().call::<Logout>((), &close).await;
            sent
        }
    })
    .toast(k::ACCOUNT_RESENT);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        register.submit(RegisterRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            display_name: display_name.get_untracked(),
            preferred_language: Language::parse(&language.get_untracked()).unwrap_or_default(),
        });
    };
    view! {
        <div class="page page--narrow">
            <Show
                when=move || done.with(Option::is_some)
                fallback=move || {
                    view! {
                        <PageHeader title=k::REGISTER_TITLE lead=k::REGISTER_LEAD />
                        <form class="stack card" on:submit=submit novalidate=true>
                            <ErrorSummary form=form />
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
                <div class="stack">
                    <div class="alert alert--success" role="status">
                        {move || format(locale.get(), k::REGISTER_DONE_TEXT, &[("email", &done.get().unwrap_or_default())])}
                    </div>
                    <p class="muted">{tr(k::REGISTER_RESEND_HINT)}</p>
                    <div class="cluster">
                        <A href="/login" attr:class="btn btn--primary">{tr(k::HEADER_SIGN_IN)}</A>
                        <button
                            type="button"
                            id="resend-verification"
                            class="btn btn--secondary"
                            disabled=move || resend.pending().get()
                            aria-busy=aria_busy(resend.pending())
                            on:click=move |_| resend.dispatch(())
                        >
                            {tr(k::ACCOUNT_RESEND)}
                        </button>
                    </div>
                </div>
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
    let query = use_query_map();
    let session = use_session();
    let token = query.with_untracked(|q| q.get("token")).filter(|t| !t.is_empty());
    let verification = LocalResource::new(move || {
        let token = token.clone();
        async move {
            let Some(token) = token else { return Verification::Missing };
            match base_client().call::<VerifyEndpoint>((), &VerifyEmailRequest { token }).await {
                Ok(user) => {
                    if session.user.with_untracked(|u| u.as_ref().is_some_and(|me| me.id == user.id)) {
                        session.set_user(user);
                    }
                    Verification::Ok
                }
                Err(_) => Verification::Failed,
            }
        }
    });
    let status = move || verification.get().unwrap_or(Verification::Working);
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::VERIFY_TITLE />
            {move || match status() {
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
                    let key = if status() == Verification::Failed { k::VERIFY_FAILED } else { k::VERIFY_MISSING };
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
    let locale = use_locale();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let sent: RwSignal<Option<String>> = RwSignal::new(None);
    let send = Mutation::new(|request: PasswordResetRequest| async move {
        base_client().call::<RequestPasswordReset>((), &request).await.map(|()| request.email)
    })
    .form(form)
    .then(move |email| {
        sent.try_set(Some(email));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.submit(PasswordResetRequest { email: email.get_untracked().trim().to_owned() });
    };
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::FORGOT_TITLE lead=k::FORGOT_LEAD />
            <Show
                when=move || sent.with(Option::is_some)
                fallback=move || {
                    view! {
                        <form class="stack card" on:submit=submit novalidate=true>
                            <ErrorSummary form=form />
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
    let query = use_query_map();
    let navigate = use_navigate();
    let form = FormState::new();
    let new_password = RwSignal::new(String::new());
    let reset = Mutation::new(|request: PasswordResetConfirmRequest| async move {
        base_client().call::<ConfirmPasswordReset>((), &request).await
    })
    .form(form)
    .toast(k::RESET_DONE)
    .then(move |()| navigate("/login", NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PasswordResetConfirmRequest {
            token: query.with_untracked(|q| q.get("token")).unwrap_or_default(),
            new_password: new_password.get_untracked(),
        };
        // A missing token is the link's fault, not a field the reader can fix.
        if !form.validate(&request) && form.error_for("token").is_some() {
            form.fields.set(Vec::new());
            form.fail(madani_shared::ClientError::Api(Box::new(madani_shared::Problem::new(
                400,
                madani_shared::ErrorCode::InvalidLinkToken,
                "",
                "",
            ))));
            return;
        }
        reset.submit(request);
    };
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::RESET_TITLE />
            <form class="stack card" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
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
