//! The registry in the browser: the directory (search as you type, filters with counts); an
//! association's page (joining, following, members, and for its officers: join requests,
//! invitations, the logo, the form); registering one; my associations with the invitations I
//! received; and the observatory's verification queue.

mod detail;
mod directory;
mod form;
mod invitations;
mod join_requests;
mod members;
mod mine;
mod verification;

pub use detail::AssociationPage;
pub use directory::Directory;
pub use form::{EditAssociation, NewAssociation};
pub use mine::MyAssociations;
pub use verification::VerificationQueuePage;

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::{AssociationStatus, AssociationSummary};

use crate::components::label::label;
use crate::components::territory::wilaya_label;
use crate::i18n::use_locale;

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

/// An association in a list: logo, name (a link to its page), category, wilaya, status, fields.
fn card(a: AssociationSummary) -> impl IntoView {
    card_with(a, ())
}

/// An association's card with `more` at its end (the reader's role in it).
fn card_with(a: AssociationSummary, more: impl IntoView) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/associations/{}", a.id);
    let name = a.name.clone();
    let fields = a.fields.clone();
    view! {
        <article class="card card--link">
            {a.logo_url.clone().map(|src| view! { <img class="card__logo" src=src alt="" width="40" height="40" loading="lazy" /> })}
            <h2 class="card__title">
                <A href=href attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
            </h2>
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
            {more}
        </article>
    }
}
