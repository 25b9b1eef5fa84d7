//! The wilaya → commune picker, backed by the territories endpoints. Names follow the reader's
//! language; the commune list loads when a wilaya is chosen.

use leptos::prelude::*;
use madani_shared::endpoints::{ListCommunes, ListWilayas};
use madani_shared::territories::{Commune, Wilaya};

use crate::i18n::{k, tr, use_locale};
use crate::session::base_client;

/// Communes sorted for display: by name in the reader's language.
pub fn sorted_communes(mut communes: Vec<Commune>, lang: madani_shared::text::Language) -> Vec<Commune> {
    communes.sort_by_cached_key(|c| madani_shared::text::fold_latin(c.name.get(lang)));
    communes
}

#[component]
pub fn TerritoryPicker(
    /// The chosen wilaya code.
    wilaya: RwSignal<Option<String>>,
    /// The chosen commune id.
    commune: RwSignal<Option<i32>>,
    #[prop(default = "territory")] id: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    let communes = LocalResource::new(move || {
        let code = wilaya.get();
        async move {
            match code {
                Some(code) => match code.parse() {
                    Ok(code) => base_client().call::<ListCommunes>(code, &()).await.unwrap_or_default(),
                    Err(_) => Vec::new(),
                },
                None => Vec::new(),
            }
        }
    });
    let wilaya_id = format!("{id}-wilaya");
    let commune_id = format!("{id}-commune");
    let wilaya_options = move || {
        let lang = locale.get();
        wilayas
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|w: Wilaya| {
                let code = w.code.clone();
                let selected = wilaya.get().as_deref() == Some(code.as_str());
                view! { <option value=code selected=selected>{format!("{} – {}", w.code, w.name.get(lang))}</option> }
            })
            .collect_view()
    };
    let commune_options = move || {
        let lang = locale.get();
        sorted_communes(communes.get().unwrap_or_default(), lang)
            .into_iter()
            .map(|c| {
                let selected = commune.get() == Some(c.id);
                view! { <option value=c.id.to_string() selected=selected>{c.name.get(lang).to_owned()}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="cluster">
            <div class="field">
                <label class="field__label" for=wilaya_id.clone()>{tr(k::PICKER_WILAYA)}</label>
                <select
                    class="select"
                    id=wilaya_id.clone()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        wilaya.set((!v.is_empty()).then_some(v));
                        commune.set(None);
                    }
                >
                    <option value="">{tr(k::PICKER_CHOOSE)}</option>
                    {wilaya_options}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for=commune_id.clone()>{tr(k::PICKER_COMMUNE)}</label>
                <select
                    class="select"
                    id=commune_id.clone()
                    disabled=move || wilaya.get().is_none()
                    on:change=move |ev| commune.set(event_target_value(&ev).parse().ok())
                >
                    <option value="">
                        {move || {
                            if wilaya.get().is_none() { tr(k::PICKER_CHOOSE_WILAYA_FIRST)() } else { tr(k::PICKER_CHOOSE)() }
                        }}
                    </option>
                    {commune_options}
                </select>
            </div>
        </div>
    }
}

/// The wilayas, fetched once and shared by every page that shows a wilaya's name.
#[derive(Clone, Copy)]
pub struct WilayaNames {
    list: RwSignal<Option<Vec<Wilaya>>>,
    requested: RwSignal<bool>,
}

impl WilayaNames {
    pub fn new() -> Self {
        WilayaNames { list: RwSignal::new(None), requested: RwSignal::new(false) }
    }
}

impl Default for WilayaNames {
    fn default() -> Self {
        Self::new()
    }
}

/// "06 – Bejaia" in the reader's language (the code alone until the list has loaded).
pub fn wilaya_label(code: String) -> impl Fn() -> String + Send + Sync + 'static {
    let names = expect_context::<WilayaNames>();
    let locale = use_locale();
    if !names.requested.get_untracked() {
        names.requested.set(true);
        leptos::task::spawn_local(async move {
            if let Ok(list) = base_client().call::<ListWilayas>((), &()).await {
                names.list.set(Some(list));
            }
        });
    }
    move || {
        let lang = locale.get();
        names
            .list
            .with(|l| {
                l.as_ref().and_then(|l| {
                    l.iter().find(|w| w.code == code).map(|w| format!("{} – {}", w.code, w.name.get(lang)))
                })
            })
            .unwrap_or_else(|| code.clone())
    }
}
