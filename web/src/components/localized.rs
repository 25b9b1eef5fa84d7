//! Editing a text in Arabic, French and English: one tab per language (WAI-ARIA tabs with arrow-key
//! navigation), each input in its own direction; a dot marks the languages filled in.

use leptos::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::text::Language;

use super::form::{FormState, field_error, invalid};
use crate::i18n::{k, text, tr, use_locale};

/// Set one language of a localized text; blank text removes it.
pub fn set_language(value: &mut LocalizedText, lang: Language, text: String) {
    let slot = match lang {
        Language::Ar => &mut value.ar,
        Language::Fr => &mut value.fr,
        Language::En => &mut value.en,
    };
    *slot = (!text.trim().is_empty()).then_some(text);
}

pub fn get_language(value: &LocalizedText, lang: Language) -> String {
    match lang {
        Language::Ar => value.ar.clone(),
        Language::Fr => value.fr.clone(),
        Language::En => value.en.clone(),
    }
    .unwrap_or_default()
}

/// The tab after (or before) `current`, wrapping around, for arrow keys.
pub fn neighbour(current: Language, forward: bool) -> Language {
    let all = Language::ALL;
    let i = all.iter().position(|l| *l == current).unwrap_or(0);
    let n = all.len();
    all[if forward { (i + 1) % n } else { (i + n - 1) % n }]
}

/// The errors of `field` (the id unless given) are shown under the text, its inputs marked invalid;
/// the form's summary links to the input of the tab shown; typing clears them.
#[component]
pub fn LocalizedTextEditor(
    id: &'static str,
    label: usize,
    value: RwSignal<LocalizedText>,
    #[prop(default = false)] multiline: bool,
    form: FormState,
    #[prop(optional)] field: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let active = RwSignal::new(locale.get_untracked());
    let tab_id = move |lang: Language| format!("{id}-tab-{}", lang.code());
    let panel_id = move |lang: Language| format!("{id}-panel-{}", lang.code());
    let field = field.unwrap_or(id);
    let hint_id = format!("{id}-hint");
    form.control_with(
        Signal::derive(move || field.to_owned()),
        Signal::derive(move || format!("{id}-{}", active.get().code())),
        Signal::derive(move || text(locale.get(), label).to_owned()),
    );
    let invalid = invalid(form, field);
    let described_by = {
        let hint_id = hint_id.clone();
        move || match form.error_for(field) {
            Some(_) => format!("{hint_id} {id}-error"),
            None => hint_id.clone(),
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // In right-to-left layouts the arrows are mirrored.
        let rtl = locale.get_untracked() == Language::Ar;
        let forward = match ev.key().as_str() {
            "ArrowRight" => !rtl,
            "ArrowLeft" => rtl,
            _ => return,
        };
        ev.prevent_default();
        let next = neighbour(active.get_untracked(), forward);
        active.set(next);
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&tab_id(next)))
        {
            let _ = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el).map(|e| e.focus());
        }
    };
    view! {
        <fieldset class="field">
            <legend class="field__label">{tr(label)}</legend>
            <div class="locale-tabs" role="tablist" on:keydown=on_key>
                {Language::ALL
                    .into_iter()
                    .map(|lang| {
                        let name = match lang {
                            Language::Ar => k::LANG_AR,
                            Language::Fr => k::LANG_FR,
                            Language::En => k::LANG_EN,
                        };
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=tab_id(lang)
                                aria-controls=panel_id(lang)
                                aria-selected=move || if active.get() == lang { "true" } else { "false" }
                                tabindex=move || if active.get() == lang { "0" } else { "-1" }
                                on:click=move |_| active.set(lang)
                            >
                                <span lang=lang.code()>{text(lang, name)}</span>
                                {move || value.with(|v| !get_language(v, lang).is_empty()).then(|| view! { <span aria-hidden="true">" •"</span> })}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {Language::ALL
                .into_iter()
                .map(|lang| {
                    let input_id = format!("{id}-{}", lang.code());
                    let dir = if lang == Language::Ar { "rtl" } else { "ltr" };
                    let on_input = move |ev| {
                        value.update(|v| set_language(v, lang, event_target_value(&ev)));
                        form.changed(field);
                    };
                    let current = move || value.with(|v| get_language(v, lang));
                    view! {
                        <div class="tab-panel" role="tabpanel" id=panel_id(lang) aria-labelledby=tab_id(lang) hidden=move || active.get() != lang>
                            {if multiline {
                                view! { <textarea class="textarea" id=input_id.clone() lang=lang.code() dir=dir aria-labelledby=tab_id(lang) aria-invalid=invalid.clone() aria-describedby=described_by.clone() prop:value=current on:input=on_input></textarea> }.into_any()
                            } else {
                                view! { <input class="input" id=input_id.clone() lang=lang.code() dir=dir aria-labelledby=tab_id(lang) aria-invalid=invalid.clone() aria-describedby=described_by.clone() prop:value=current on:input=on_input /> }.into_any()
                            }}
                        </div>
                    }
                })
                .collect_view()}
            <p class="field__hint" id=hint_id>{tr(k::LOCALIZED_HINT)}</p>
            {field_error(id, form, field)}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_removes_a_language() {
        let mut v = LocalizedText::default();
        set_language(&mut v, Language::Ar, "جمعية".into());
        set_language(&mut v, Language::Fr, "   ".into());
        assert_eq!(v.ar.as_deref(), Some("جمعية"));
        assert_eq!(v.fr, None);
        set_language(&mut v, Language::Ar, String::new());
        assert!(v.is_empty());
    }

    #[test]
    fn arrow_navigation_wraps() {
        assert_eq!(neighbour(Language::Ar, true), Language::Fr);
        assert_eq!(neighbour(Language::En, true), Language::Ar);
        assert_eq!(neighbour(Language::Ar, false), Language::En);
    }
}
