//! The error summary at the top of a form (the GOV.UK pattern): after a failed submit it comes
//! into view and takes the focus, says what went wrong in the reader's language, and links to each
//! field with an error; a link focuses its field.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{FormState, arrange};
use crate::errors::{field_text, problem_text};
use crate::i18n::{format, k, tr, use_locale};

/// The summary of `form`'s errors; nothing while there is none.
#[component]
pub fn ErrorSummary(form: FormState) -> impl IntoView {
    let locale = use_locale();
    let node = NodeRef::<leptos::html::Div>::new();
    // After each failed submit (not when an error merely goes): drawn first, then focused, so that a
    // reader at the bottom of a long form on a phone is brought to it.
    Effect::watch(
        move || form.failures.get(),
        move |_, _, _| {
            set_timeout(
                move || {
                    if let Some(el) = node.get_untracked() {
                        el.scroll_into_view();
                        let _ = el.focus();
                    }
                },
                Duration::ZERO,
            )
        },
        false,
    );
    move || {
        let lang = locale.get();
        let general = form.general.get().map(|e| problem_text(lang, &e.0));
        let errors = form.fields.get();
        if errors.is_empty() && general.is_none() {
            return None;
        }
        let controls = form.controls.get();
        let fields: Vec<String> = controls.iter().map(|c| c.field.get()).collect();
        // One line per field, with the error shown next to it (its first); one per other message.
        let (mut fields_told, mut others_told) = (Vec::new(), Vec::new());
        let items = arrange(&fields, &errors)
            .into_iter()
            .filter_map(|(owner, e)| {
                let message = field_text(lang, &e);
                let (text, href) = match owner {
                    Some(i) if fields_told.contains(&i) => return None,
                    Some(i) => {
                        fields_told.push(i);
                        let c = &controls[i];
                        let item =
                            format(lang, k::FORM_SUMMARY_ITEM, &[("field", &c.label.get()), ("message", &message)]);
                        (item, Some(c.input.get()))
                    }
                    None if others_told.contains(&message) => return None,
                    None => {
                        others_told.push(message.clone());
                        (message, None)
                    }
                };
                Some(match href {
                    Some(input) => {
                        let link = format!("#{input}");
                        view! {
                            <li>
                                <a href=link on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_field(&input);
                                }>{text}</a>
                            </li>
                        }
                        .into_any()
                    }
                    None => view! { <li>{text}</li> }.into_any(),
                })
            })
            .collect_view();
        Some(view! {
            <div class="error-summary" tabindex="-1" node_ref=node>
                <h2 class="error-summary__title">{tr(k::FORM_SUMMARY_TITLE)}</h2>
                {general.map(|g| view! { <p class="error-summary__general">{g}</p> })}
                <ul class="error-summary__list">{items}</ul>
            </div>
        })
    }
}

/// Bring the field whose control is `id` into view with its label, and focus it; a control in a
/// closed tab opens its tab first.
fn focus_field(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = document.get_element_by_id(id) else { return };
    if let Some(tab) = el
        .closest("[role=tabpanel][hidden]")
        .ok()
        .flatten()
        .and_then(|panel| panel.get_attribute("aria-labelledby"))
        .and_then(|tab| document.get_element_by_id(&tab))
        .and_then(|tab| tab.dyn_into::<web_sys::HtmlElement>().ok())
    {
        tab.click();
    }
    el.closest(".field").ok().flatten().unwrap_or_else(|| el.clone()).scroll_into_view();
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// A general error alone, as an alert, for a control that is not a form's (an upload that starts
/// as soon as a file is chosen): its field's errors are under the field.
#[component]
pub fn FormAlert(form: FormState) -> impl IntoView {
    let locale = use_locale();
    move || {
        form.general.get().map(|e| {
            let message = problem_text(locale.get(), &e.0);
            view! { <div class="alert alert--error" role="alert">{message}</div> }
        })
    }
}
