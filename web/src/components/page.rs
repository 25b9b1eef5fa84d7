//! A page's heading, which is also the document's title.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::use_title;
use crate::i18n::{k, tr};

/// The page's title (also the document's), its `lead` under it, and `children` beside them (an
/// action, such as "Register an association").
#[component]
pub fn PageHeader(
    title: usize,
    #[prop(optional)] lead: Option<usize>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    use_title(title);
    let heading = move || {
        view! {
            <h1 class="page__title">{tr(title)}</h1>
            {lead.map(|lead| view! { <p class="lead">{tr(lead)}</p> })}
        }
    };
    match children {
        None => view! { <div class="page__header">{heading()}</div> }.into_any(),
        Some(children) => view! {
            <div class="page__header cluster">
                <div>{heading()}</div>
                {children()}
            </div>
        }
        .into_any(),
    }
}

/// The heading of the observatory's pages: the title, the tabs between them, the lead.
#[component]
pub fn StaffHeader(title: usize, lead: usize) -> impl IntoView {
    use_title(title);
    view! {
        <div class="page__header stack">
            <h1 class="page__title">{tr(title)}</h1>
            <nav class="tabs tabs--wrap" aria-label=tr(k::STAFF_NAV)>
                <A href="/staff/verification">{tr(k::NAV_VERIFICATION)}</A>
                <A href="/staff/import">{tr(k::IMPORT_TITLE)}</A>
                <A href="/staff/audit">{tr(k::AUDIT_TITLE)}</A>
                <A href="/indicators">{tr(k::ROLLUP_TITLE)}</A>
            </nav>
            <p class="lead">{tr(lead)}</p>
        </div>
    }
}

/// A link back to where the page came from (`href`), with an arrow that points back in either
/// direction of writing.
#[component]
pub fn BackLink(#[prop(into)] href: String, label: usize) -> impl IntoView {
    view! {
        <p>
            <A href=href>
                <span class="flip-rtl" aria-hidden="true">"← "</span>
                {tr(label)}
            </A>
        </p>
    }
}
