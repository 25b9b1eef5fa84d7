//! `/my/certificates`: the certificates of the courses I completed.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::certificates::Certificate;
use madani_shared::endpoints::ListMyCertificates;

use super::{certificate_href, status_badge, title_in};
use crate::components::loaded::{Loaded, fetched};
use crate::components::page::PageHeader;
use crate::components::states::EmptyState;
use crate::i18n::{format_date, k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn MyCertificates() -> impl IntoView {
    let session = use_session();
    let mine = LocalResource::new(move || async move { fetched(session.call::<ListMyCertificates>((), &()).await) });
    let empty = || {
        view! {
            <div class="stack center" id="my-certificates-empty">
                <EmptyState message=k::CERTIFICATES_EMPTY />
                <p><A href="/my/learning" attr:class="btn btn--primary">{tr(k::LEARNING_TITLE)}</A></p>
            </div>
        }
    };
    view! {
        <div class="page">
            <PageHeader title=k::CERTIFICATES_TITLE lead=k::CERTIFICATES_LEAD />
            <Loaded resource=mine is_empty=Vec::is_empty empty let:list>
                <ul class="grid grid--cards plain-grid" id="my-certificates">
                    {list.into_iter().map(certificate_card).collect_view()}
                </ul>
            </Loaded>
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
                <A href=certificate_href(c.id) attr:dir="auto">{move || title_in(&title, locale.get())}</A>
            </h2>
            <p class="cluster">{status_badge(c.status)}</p>
            <dl class="kv">
                <dt>{tr(k::CERTIFICATE_ISSUED_ON)}</dt>
                <dd>{move || format_date(locale.get(), issued)}</dd>
                <dt>{tr(k::CERTIFICATE_CODE)}</dt>
                <dd><bdi dir="ltr" class="certificate-code">{c.code.clone()}</bdi></dd>
            </dl>
            <p>
                <A href=certificate_href(c.id) attr:class="btn btn--secondary btn--small">
                    {tr(k::CERTIFICATES_VIEW)}
                    <span class="sr-only">": " {move || title_in(&title_sr, locale.get())}</span>
                </A>
            </p>
        </li>
    }
}
