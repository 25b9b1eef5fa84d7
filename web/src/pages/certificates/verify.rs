//! `/verify` and `/verify/:code`: anyone checks a certificate by its code (the QR code on a
//! certificate leads here).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use madani_shared::certificates::{CertificateStatus, CertificateVerification};
use madani_shared::endpoints::VerifyCertificate;
use madani_shared::{ClientError, FieldError};

use super::{status_badge, title_in};
use crate::components::form::{ErrorSummary, FormState, Labelled, described_by, invalid};
use crate::components::icon::{Icon, icon};
use crate::components::loaded::{Loaded, fetched};
use crate::components::page::PageHeader;
use crate::i18n::{format, format_date, k, text, tr, use_locale};
use crate::session::use_session;

fn verify_href(code: &str) -> String {
    format!("/verify/{code}")
}

/// `/verify` and `/verify/:code`: anyone may check a certificate by its code.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let navigate = use_navigate();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let typed = RwSignal::new(code());
    let form = FormState::new();
    Effect::new(move |_| typed.set(code()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value: String =
            typed.get_untracked().trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if value.is_empty() {
            let message = String::new();
            form.show(vec![FieldError { field: "code".into(), code: "required".into(), message }]);
            return;
        }
        navigate(&verify_href(&value), NavigateOptions::default());
    };
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::CERTVERIFY_TITLE lead=k::CERTVERIFY_LEAD />
            <div class="stack stack--loose">
                <form class="card stack" id="verify-form" on:submit=submit role="search" aria-label=tr(k::CERTVERIFY_TITLE) novalidate=true>
                    <ErrorSummary form=form />
                    <Labelled id="verify-code" label=k::CERTVERIFY_CODE hint=k::CERTVERIFY_CODE_HINT form=form field="code">
                        <input
                            class="input certificate-code"
                            id="verify-code"
                            type="text"
                            dir="ltr"
                            autocomplete="off"
                            autocapitalize="characters"
                            spellcheck="false"
                            required=true
                            aria-invalid=invalid(form, "code")
                            aria-describedby=described_by("verify-code", true, form, "code")
                            prop:value=move || typed.get()
                            on:input=move |ev| {
                                typed.set(event_target_value(&ev));
                                form.changed("code");
                            }
                        />
                    </Labelled>
                    <div>
                        <button type="submit" class="btn btn--primary" id="verify-submit">{tr(k::CERTVERIFY_SUBMIT)}</button>
                    </div>
                </form>
                {move || {
                    let code = code();
                    (!code.trim().is_empty()).then(|| view! { <Verification code /> })
                }}
            </div>
        </div>
    }
}

/// What the register says of the certificate `code`: valid, revoked, or no such code.
#[component]
fn Verification(code: String) -> impl IntoView {
    let session = use_session();
    let answer = LocalResource::new(move || {
        let code = code.clone();
        async move {
            // A code that cannot be one is answered like an unknown one, without asking the server.
            let Ok(code) = code.parse() else { return Ok(None) };
            match session.call::<VerifyCertificate>(code, &()).await {
                Err(ClientError::Api(p)) if p.status == 404 => Ok(None),
                other => fetched(other.map(Some)),
            }
        }
    });
    let not_found = || {
        view! { <div class="alert alert--warning" role="alert" id="verify-not-found">{tr(k::CERTVERIFY_NOT_FOUND)}</div> }
    };
    view! {
        <Loaded resource=answer is_empty=Option::is_none empty=not_found let:verification>
            {verification.map(|verification| view! { <VerificationView verification /> })}
        </Loaded>
    }
}

#[component]
fn VerificationView(verification: CertificateVerification) -> impl IntoView {
    let locale = use_locale();
    let v = verification;
    let valid = v.status == CertificateStatus::Valid;
    let title = v.course_title.clone();
    let issued = v.issued_at;
    let revoked_at = v.revoked_at;
    let issuer = v.issuer.clone();
    view! {
        <section
            class="card stack verification"
            class:verification--valid=valid
            class:verification--revoked=!valid
            id="verification"
            data-status=v.status.as_str()
            aria-labelledby="verification-title"
        >
            <h2 class="verification__title" id="verification-title" role="status">
                <span class="verification__icon" aria-hidden="true">{icon(if valid { Icon::Check } else { Icon::Close })}</span>
                {tr(if valid { k::CERTVERIFY_VALID } else { k::CERTVERIFY_REVOKED })}
            </h2>
            <p>
                {move || {
                    if valid {
                        format(locale.get(), k::CERTVERIFY_VALID_TEXT, &[("issuer", &issuer)])
                    } else {
                        text(locale.get(), k::CERTVERIFY_REVOKED_TEXT).to_owned()
                    }
                }}
            </p>
            <dl class="kv">
                <dt>{tr(k::CERTVERIFY_HOLDER)}</dt>
                <dd id="verification-holder"><bdi>{v.holder_name.clone()}</bdi></dd>
                <dt>{tr(k::CERTVERIFY_COURSE)}</dt>
                <dd><bdi>{move || title_in(&title, locale.get())}</bdi></dd>
                <dt>{tr(k::CERTIFICATE_ISSUED_ON)}</dt>
                <dd>{move || format_date(locale.get(), issued)}</dd>
                <dt>{tr(k::CERTIFICATE_ISSUER)}</dt>
                <dd><bdi>{v.issuer.clone()}</bdi></dd>
                <dt>{tr(k::CERTIFICATE_CODE)}</dt>
                <dd><bdi dir="ltr" class="certificate-code">{v.code.clone()}</bdi></dd>
                <dt>{tr(k::CERTIFICATE_STATUS)}</dt>
                <dd>{status_badge(v.status)}</dd>
                {revoked_at.map(|d| view! {
                    <dt>{tr(k::CERTIFICATE_REVOKED_AT)}</dt>
                    <dd>{move || format_date(locale.get(), d)}</dd>
                })}
                {v.revoked_reason.clone().map(|r| view! {
                    <dt>{tr(k::CERTIFICATE_REASON)}</dt>
                    <dd id="verification-reason"><bdi dir="auto">{r}</bdi></dd>
                })}
            </dl>
        </section>
    }
}
