//! `/certificates/:id`: a certificate to print, with its QR code, its verification link to copy and
//! its signed credential to download.

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::certificates::{Certificate, CertificateStatus};
use madani_shared::endpoints::GetCertificate;
use madani_shared::ids::CertificateId;
use madani_shared::text::Language;

use super::{status_badge, title_in};
use crate::app::use_title;
use crate::components::download::save_file;
use crate::components::form::Labelled;
use crate::components::icon::{Icon, icon};
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::page::BackLink;
use crate::components::toast::use_toasts;
use crate::i18n::{format, format_date, k, text, tr, use_locale};
use crate::session::use_session;

fn qr_src(code: &str) -> String {
    format!("/api/v1/verify/{code}/qr.svg")
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    use_title(k::CERTIFICATE_TITLE);
    let session = use_session();
    let certificate =
        read_of(param::<CertificateId>("id"), move |id| async move { session.call::<GetCertificate>(id, &()).await });
    view! {
        <div class="page certificate-page">
            <Loaded resource=certificate lines=6 title=k::CERTIFICATE_TITLE let:certificate>
                <CertificateView certificate />
            </Loaded>
        </div>
    }
}

/// Copy `value` with the asynchronous clipboard; `false` when the browser refuses.
async fn copy_text(value: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = window.navigator().clipboard();
    // Older or insecure contexts have no clipboard object.
    if clipboard.is_undefined() {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(value)).await.is_ok()
}

#[component]
fn CertificateView(certificate: Certificate) -> impl IntoView {
    let locale = use_locale();
    let toasts = use_toasts();
    let c = certificate;
    let title = c.course_title.clone();
    let issued = c.issued_at;
    let code = c.code.clone();
    let link = c.verification_url.clone();
    let copy = {
        let link = link.clone();
        move |_| {
            let link = link.clone();
            spawn_local(async move {
                if copy_text(&link).await {
                    toasts.success(text(locale.get_untracked(), k::CERTIFICATE_LINK_COPIED));
                } else {
                    // Select the link in its field, so that it can be copied by hand.
                    if let Some(input) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("verification-link"))
                        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(el).ok())
                    {
                        input.select();
                        let _ = input.focus();
                    }
                    toasts.error(text(locale.get_untracked(), k::CERTIFICATE_COPY_FAILED));
                }
            });
        }
    };
    let download = {
        let (code, credential) = (c.code.clone(), c.credential.clone());
        move |_| save_file(&format!("certificate-{code}.jwt"), "application/jwt", &credential)
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let revoked = c.status == CertificateStatus::Revoked;
    let revoked_at = c.revoked_at;
    let reason = c.revoked_reason.clone();
    let qr_alt = {
        let code = code.clone();
        move || format(locale.get(), k::CERTIFICATE_QR_ALT, &[("code", &code)])
    };
    view! {
        <div class="stack stack--loose">
            <div class="no-print stack stack--tight">
                <BackLink href="/my/certificates" label=k::CERTIFICATES_TITLE />
                {revoked.then(|| view! {
                    <div class="alert alert--error" role="status" id="certificate-revoked">
                        <strong>{tr(k::CERTIFICATE_STATUS_REVOKED)}</strong>
                        " "
                        {move || revoked_at.map(|d| format(locale.get(), k::CERTIFICATE_REVOKED_ON, &[("date", &format_date(locale.get(), d))]))}
                        {reason.clone().map(|r| view! { " " {tr(k::CERTIFICATE_REASON)} ": " <bdi dir="auto">{r}</bdi> })}
                    </div>
                })}
            </div>
            <article
                class="certificate"
                class:certificate--revoked=revoked
                id="certificate"
                aria-labelledby="certificate-heading"
                lang=move || locale.get().code()
                dir=move || if locale.get() == Language::Ar { "rtl" } else { "ltr" }
            >
                <p class="certificate__issuer"><bdi>{c.issuer.clone()}</bdi></p>
                <h1 class="certificate__heading" id="certificate-heading">{tr(k::CERTIFICATE_HEADING)}</h1>
                <p class="certificate__line">{tr(k::CERTIFICATE_CERTIFIES)}</p>
                <p class="certificate__holder" id="certificate-holder"><bdi>{c.holder_name.clone()}</bdi></p>
                <p class="certificate__line">{tr(k::CERTIFICATE_COMPLETED)}</p>
                <p class="certificate__course" id="certificate-course"><bdi>{move || title_in(&title, locale.get())}</bdi></p>
                <div class="certificate__footer">
                    <dl class="certificate__facts">
                        <div>
                            <dt>{tr(k::CERTIFICATE_ISSUED_ON)}</dt>
                            <dd>{move || format_date(locale.get(), issued)}</dd>
                        </div>
                        <div>
                            <dt>{tr(k::CERTIFICATE_ISSUER)}</dt>
                            <dd><bdi>{c.issuer.clone()}</bdi></dd>
                        </div>
                        <div>
                            <dt>{tr(k::CERTIFICATE_CODE)}</dt>
                            <dd><bdi dir="ltr" class="certificate-code" id="certificate-code">{code.clone()}</bdi></dd>
                        </div>
                        <div>
                            <dt>{tr(k::CERTIFICATE_STATUS)}</dt>
                            <dd>{status_badge(c.status)}</dd>
                        </div>
                    </dl>
                    <figure class="certificate__qr">
                        <img src=qr_src(&code) alt=qr_alt width="128" height="128" />
                        <figcaption class="list__meta">
                            {tr(k::CERTIFICATE_SCAN)} " "
                            <bdi dir="ltr" class="lesson-url">{link.clone()}</bdi>
                        </figcaption>
                    </figure>
                </div>
            </article>
            <section class="card stack no-print" aria-labelledby="certificate-share-title">
                <h2 class="card__title" id="certificate-share-title">{tr(k::CERTIFICATE_SHARE)}</h2>
                <div class="cluster">
                    <button type="button" class="btn btn--primary" id="print-certificate" on:click=print>
                        {tr(k::CERTIFICATE_PRINT)}
                    </button>
                    <button type="button" class="btn btn--secondary" id="copy-link" on:click=copy>
                        {icon(Icon::Link)}
                        {tr(k::CERTIFICATE_COPY_LINK)}
                    </button>
                    <button type="button" class="btn btn--secondary" id="download-credential" on:click=download>
                        {icon(Icon::Download)}
                        {tr(k::CERTIFICATE_DOWNLOAD)}
                    </button>
                </div>
                <Labelled id="verification-link" label=k::CERTIFICATE_LINK_LABEL>
                    <input class="input" id="verification-link" type="url" dir="ltr" readonly=true value=link />
                </Labelled>
                <p class="field__hint">{tr(k::CERTIFICATE_DOWNLOAD_HINT)}</p>
            </section>
        </div>
    }
}
