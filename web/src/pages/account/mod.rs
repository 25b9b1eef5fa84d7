//! The signed-in member's account: profile, member profile (what others see, field by field),
//! security (password, sessions) and data (export, deletion).

mod data;
mod member_profile;
mod profile;
mod security;

pub use data::Data;
pub use member_profile::MyProfilePage;
pub use profile::Profile;
pub use security::Security;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::use_title;
use crate::i18n::{k, tr};

/// An account page (`title` its tab): the account's title and section tabs, then `children`.
#[component]
fn AccountPage(title: usize, children: Children) -> impl IntoView {
    use_title(title);
    view! {
        <div class="page page--account">
            <div class="page__header">
                <h1 class="page__title">{tr(k::ACCOUNT_TITLE)}</h1>
            </div>
            <nav class="tabs tabs--wrap" aria-label=tr(k::ACCOUNT_SECTIONS)>
                <A href="/account" exact=true>{tr(k::ACCOUNT_TAB_PROFILE)}</A>
                <A href="/account/profile">{tr(k::ACCOUNT_TAB_MEMBER_PROFILE)}</A>
                <A href="/account/security">{tr(k::ACCOUNT_TAB_SECURITY)}</A>
                <A href="/account/data">{tr(k::ACCOUNT_TAB_DATA)}</A>
            </nav>
            <div class="stack stack--loose">{children()}</div>
        </div>
    }
}
