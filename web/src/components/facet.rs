//! A search filter: "any", then each value (with its result count when the list knows it).

use leptos::prelude::*;

use madani_shared::text::Language;

use crate::i18n::{k, tr, use_locale};

/// " (12)" after an option, when the count is known.
pub fn with_count(count: Option<i64>) -> String {
    count.map(|c| format!(" ({c})")).unwrap_or_default()
}

/// A select of the `options` (value, text) in the reader's language after "any"; `selected` holds
/// the value, empty for any.
#[component]
pub fn FacetSelect<F>(id: &'static str, label: usize, selected: RwSignal<String>, options: F) -> impl IntoView
where
    F: Fn(Language) -> Vec<(String, String)> + Send + Sync + 'static,
{
    let locale = use_locale();
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            <select class="select" id=id on:change=move |ev| selected.set(event_target_value(&ev))>
                <option value="">{tr(k::DIR_ANY)}</option>
                {move || {
                    options(locale.get())
                        .into_iter()
                        .map(|(value, text)| {
                            let is = selected.get_untracked() == value;
                            view! { <option value=value selected=is>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
