//! Certificates: "my certificates", a certificate to print (with its QR code, verification link
//! and signed credential), and the public verification page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use madani_shared::ClientError;
use madani_shared::certificates::{Certificate, CertificateStatus, CertificateVerification};
use madani_shared::endpoints::{GetCertificate, ListMyCertificates, VerifyCertificate};
use madani_shared::text::{Language, LocalizedText};

use crate::app::use_title;
use crate::components::icon::{Icon, icon};
use crate::components::states::{EmptyState, ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{format, format_date, k, text, tr, use_locale};
use crate::pages::account::{RequireAuth, save_file};
use crate::session::use_session;

pub(crate) fn certificate_href(id: &str) -> String {
    format!("/certificates/{id}")
}

fn verify_href(code: &str) -> String {
    format!("/verify/{code}")
}

fn qr_src(code: &str) -> String {
    format!("/api/v1/verify/{code}/qr.svg")
}

/// "Valid" / "Revoked", with an icon and a colour, but the word says it.
fn status_badge(status: CertificateStatus) -> impl IntoView {
    let (class, which, key) = match status {
        CertificateStatus::Valid => ("badge badge--success", Icon::Check, k::CERTIFICATE_STATUS_VALID),
        CertificateStatus::Revoked => ("badge badge--danger", Icon::Close, k::CERTIFICATE_STATUS_REVOKED),
    };
    view! { <span class=class>{icon(which)} {tr(key)}</span> }
}

fn title_in(title: &LocalizedText, lang: Language) -> String {
    title.get(lang).to_owned()
}

#[component]
pub fn MyCertificates() -> impl IntoView {
    use_title(k::CERTIFICATES_TITLE);
    view! {
        <RequireAuth>
            <CertificateList />
        </RequireAuth>
    }
}

#[component]
fn CertificateList() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let mine =
        LocalResource::new(move || async move { session.call::<ListMyCertificates>(&[], &()).await.map_err(Arc::new) });
    view! {
        <div class="page">
            <div class="page__header">
                <h1 class="page__title">{tr(k::CERTIFICATES_TITLE)}</h1>
                <p class="lead">{tr(k::CERTIFICATES_LEAD)}</p>
            </div>
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    mine.get().map(|result| match result {
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! { <ErrorState message=message on_retry=Callback::new(move |_| mine.refetch()) /> }.into_any()
                        }
                        Ok(list) if list.is_empty() => view! {
                            <div class="stack center" id="my-certificates-empty">
                                <EmptyState message=k::CERTIFICATES_EMPTY />
                                <p><A href="/my/learning" attr:class="btn btn--primary">{tr(k::LEARNING_TITLE)}</A></p>
                            </div>
                        }
                            .into_any(),
                        Ok(list) => view! {
                            <ul class="grid grid--cards plain-grid" id="my-certificates">
                                {list.into_iter().map(certificate_card).collect_view()}
                            </ul>
                        }
                            .into_any(),
                    })
                }}
            </Suspense>
        </div>
    }
}

fn certificate_card(c: Certificate) -> impl IntoView {
    let locale = use_locale();
    let title = c.course_title.clone();
    let title_sr = c.course_title.clone();
    let issued = c.issued_at;
    view! {
        <li class="card stack stack--tight certificate-card" data-code=c.code.clone()>
            <h2 class="card__title">
                <A href=certificate_href(&c.id) attr:dir="auto">{move || title_in(&title, locale.get())}</A>
            </h2>
            <p class="cluster">{status_badge(c.status)}</p>
            <dl class="kv">
                <dt>{tr(k::CERTIFICATE_ISSUED_ON)}</dt>
                <dd>{move || format_date(locale.get(), issued)}</dd>
                <dt>{tr(k::CERTIFICATE_CODE)}</dt>
                <dd><bdi dir="ltr" class="certificate-code">{c.code.clone()}</bdi></dd>
            </dl>
            <p>
                <A href=certificate_href(&c.id) attr:class="btn btn--secondary btn--small">
                    {tr(k::CERTIFICATES_VIEW)}
                    <span class="sr-only">": " {move || title_in(&title_sr, locale.get())}</span>
                </A>
            </p>
        </li>
    }
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    use_title(k::CERTIFICATE_TITLE);
    view! {
        <RequireAuth>
            <CertificateLoader />
        </RequireAuth>
    }
}

#[component]
fn CertificateLoader() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let certificate = LocalResource::new(move || {
        let id = id();
        async move { session.call::<GetCertificate>(&[&id], &()).await.map_err(Arc::new) }
    });
    view! {
        <div class="page certificate-page">
            <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                {move || {
                    certificate.get().map(|result| match result {
                        Ok(c) => view! { <CertificateView certificate=c /> }.into_any(),
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! {
                                <h1 class="page__title">{tr(k::CERTIFICATE_TITLE)}</h1>
                                <ErrorState message=message on_retry=Callback::new(move |_| certificate.refetch()) />
                            }
                                .into_any()
                        }
                    })
                }}
            </Suspense>
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
                <p>
                    <A href="/my/certificates">
                        <span class="flip-rtl" aria-hidden="true">"← "</span>
                        {tr(k::CERTIFICATES_TITLE)}
                    </A>
                </p>
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
                <div class="field">
                    <label class="field__label" for="verification-link">{tr(k::CERTIFICATE_LINK_LABEL)}</label>
                    <input class="input" id="verification-link" type="url" dir="ltr" readonly=true value=link />
                </div>
                <p class="field__hint">{tr(k::CERTIFICATE_DOWNLOAD_HINT)}</p>
            </section>
        </div>
    }
}

/// `/verify` and `/verify/:code`: anyone may check a certificate by its code.
#[component]
pub fn VerifyPage() -> impl IntoView {
    use_title(k::CERTVERIFY_TITLE);
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let typed = RwSignal::new(code());
    Effect::new(move |_| typed.set(code()));
    let result = LocalResource::new(move || {
        let code = code();
        async move {
            if code.trim().is_empty() {
                return None;
            }
            Some(session.call::<VerifyCertificate>(&[&code], &()).await.map_err(Arc::new))
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value: String =
            typed.get_untracked().trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if value.is_empty() {
            return;
        }
        navigate(&verify_href(&value), NavigateOptions::default());
    };
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::CERTVERIFY_TITLE)}</h1>
                <p class="lead">{tr(k::CERTVERIFY_LEAD)}</p>
            </div>
            <div class="stack stack--loose">
                <form class="card stack" id="verify-form" on:submit=submit role="search" aria-label=tr(k::CERTVERIFY_TITLE)>
                    <div class="field">
                        <label class="field__label" for="verify-code">{tr(k::CERTVERIFY_CODE)}</label>
                        <input
                            class="input certificate-code"
                            id="verify-code"
                            type="text"
                            dir="ltr"
                            autocomplete="off"
                            autocapitalize="characters"
                            spellcheck="false"
                            required=true
                            aria-describedby="verify-code-hint"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                        />
                        <p class="field__hint" id="verify-code-hint">{tr(k::CERTVERIFY_CODE_HINT)}</p>
                    </div>
                    <div>
                        <button type="submit" class="btn btn--primary" id="verify-submit">{tr(k::CERTVERIFY_SUBMIT)}</button>
                    </div>
                </form>
                <Suspense fallback=|| view! { <Skeleton /> }>
                    {move || {
                        result.get().flatten().map(|answer| match answer {
                            Ok(v) => view! { <VerificationView verification=v /> }.into_any(),
                            Err(e) if matches!(&*e, ClientError::Api(p) if p.status == 404) => view! {
                                <div class="alert alert--warning" role="alert" id="verify-not-found">{tr(k::CERTVERIFY_NOT_FOUND)}</div>
                            }
                                .into_any(),
                            Err(e) => {
                                let message = Signal::derive(move || problem_text(locale.get(), &e));
                                view! { <ErrorState message=message on_retry=Callback::new(move |_| result.refetch()) /> }.into_any()
                            }
                        })
                    }}
                </Suspense>
            </div>
        </div>
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
