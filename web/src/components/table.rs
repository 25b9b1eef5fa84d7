//! A table of records: captioned, headed, and scrolling sideways on a phone.

use leptos::prelude::*;

use crate::i18n::tr;

/// A table named `caption` with a column per key of `columns`; `children` are its rows.
#[component]
pub fn Table(id: &'static str, caption: usize, columns: &'static [usize], children: Children) -> impl IntoView {
    view! {
        // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(caption)>
            <table class="table" id=id>
                <caption class="sr-only">{tr(caption)}</caption>
                <thead>
                    <tr>{columns.iter().map(|key| view! { <th scope="col">{tr(*key)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
