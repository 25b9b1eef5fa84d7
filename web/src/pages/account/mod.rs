//! The signed-in member's account: profile, member profile (what others see, field by field),
//! security (password, sessions), data (export, deletion) and messaging (who may write, blocks).

mod data;
mod member_profile;
mod messaging;
mod profile;
mod security;

use data::Data;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use member_profile::MyProfilePage;
use messaging::MessagingPage;
use profile::Profile;
use security::Security;

use crate::app::use_title;
use crate::i18n::{k, tr};

/// `/account` and its tabs (`/account/security`, `/account/data`, `/account/profile`,
/// `/account/messages`): one route, so the tab comes from the address. The messaging tab's texts are
/// the messages area's.
#[component]
pub fn AccountPages() -> impl IntoView {
    let params = use_params_map();
    let tab = Memo::new(move |_| params.with(|p| p.get("tab")));
    move || match tab.get().as_deref() {
        None => view! { <Profile /> }.into_any(),
        Some("security") => view! { <Security /> }.into_any(),
        Some("data") => view! { <Data /> }.into_any(),
        Some("profile") => view! { <MyProfilePage /> }.into_any(),
        Some("messages") => crate::i18n::with_area_texts("messages", MessagingPage).into_any(),
        Some(_) => view! { <crate::pages::not_found::NotFound /> }.into_any(),
    }
}

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
                <A href="/account/messages">{tr(k::NAV_MESSAGES)}</A>
            </nav>
            <div class="stack stack--loose">{children()}</div>
        </div>
    }
}
