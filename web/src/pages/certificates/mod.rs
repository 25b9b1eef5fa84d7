//! Certificates: "my certificates", a certificate to print (with its QR code, verification link
//! and signed credential), and the public verification page.

mod certificate;
mod mine;
mod verify;

pub use certificate::CertificatePage;
pub use mine::MyCertificates;
pub use verify::VerifyPage;

use leptos::prelude::*;
use madani_shared::certificates::CertificateStatus;
use madani_shared::ids::CertificateId;
use madani_shared::text::{Language, LocalizedText};

use crate::components::icon::{Icon, icon};
use crate::i18n::{k, tr};

fn certificate_href(id: CertificateId) -> String {
    format!("/certificates/{id}")
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
