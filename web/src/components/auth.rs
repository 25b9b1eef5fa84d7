//! Pages for signed-in users: the guard that sends anyone else to the login page and back.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use super::states::Skeleton;
use crate::session::use_session;

/// The path and query to come back to after signing in, for `?next=`.
pub fn encode_next(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `/login?next=<path>`, for an action that needs an account.
pub fn login_then(path: &str) -> String {
    format!("/login?next={}", encode_next(path))
}

/// Shows its children to a signed-in user; sends anyone else to the login page and back.
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && !session.is_signed_in() {
            let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            navigate(&login_then(&here), NavigateOptions { replace: true, ..Default::default() });
        }
    });
    view! {
        <Show when=move || session.is_signed_in() fallback=|| view! { <div class="page page--narrow"><Skeleton /></div> }>
            {children()}
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_paths_are_encoded() {
        assert_eq!(encode_next("/account/security?x=1"), "%2Faccount%2Fsecurity%3Fx%3D1");
    }

    #[test]
    fn login_links_come_back() {
        assert_eq!(login_then("/members/x"), "/login?next=%2Fmembers%2Fx");
    }
}
