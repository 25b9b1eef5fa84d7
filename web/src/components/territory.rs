//! The wilaya → commune picker, backed by the territories endpoints. Names follow the reader's
//! language; the commune list loads when a wilaya is chosen.

use leptos::prelude::*;
use madani_shared::endpoints::{ListCommunes, ListWilayas};
use madani_shared::territories::{Commune, Wilaya};

use super::form::{FormState, described_by, field_error, invalid};
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
    /// Shows the errors of `wilaya_code` and `commune_id`.
    form: FormState,
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
    form.control("wilaya_code", &wilaya_id, k::PICKER_WILAYA);
    form.control("commune_id", &commune_id, k::PICKER_COMMUNE);
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
                    aria-invalid=invalid(form, "wilaya_code")
                    aria-describedby=described_by(wilaya_id.clone(), false, form, "wilaya_code")
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        wilaya.set((!v.is_empty()).then_some(v));
                        commune.set(None);
                        form.changed("wilaya_code");
                        form.changed("commune_id");
                    }
                >
                    <option value="">{tr(k::PICKER_CHOOSE)}</option>
                    {wilaya_options}
                </select>
                {field_error(wilaya_id.clone(), form, "wilaya_code")}
            </div>
            <div class="field">
                <label class="field__label" for=commune_id.clone()>{tr(k::PICKER_COMMUNE)}</label>
                <select
                    class="select"
                    id=commune_id.clone()
                    disabled=move || wilaya.get().is_none()
                    aria-invalid=invalid(form, "commune_id")
                    aria-describedby=described_by(commune_id.clone(), false, form, "commune_id")
                    on:change=move |ev| {
                        commune.set(event_target_value(&ev).parse().ok());
                        form.changed("commune_id");
                    }
                >
                    <option value="">
                        {move || {
                            if wilaya.get().is_none() { tr(k::PICKER_CHOOSE_WILAYA_FIRST)() } else { tr(k::PICKER_CHOOSE)() }
                        }}
                    </option>
                    {commune_options}
                </select>
                {field_error(commune_id.clone(), form, "commune_id")}
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

/// Every wilaya as a box to tick, folded under a summary that counts the chosen ones (`summary`, a
/// text with `{count}`): a consultation's audience, a project's places. Each box's id is
/// `<prefix>-<code>`; `changed` runs after each tick.
#[component]
pub fn WilayaChecklist(
    /// The folded list's id, if it needs one.
    #[prop(optional)]
    id: Option<&'static str>,
    prefix: &'static str,
    summary: usize,
    legend: usize,
    chosen: RwSignal<Vec<String>>,
    #[prop(optional)] changed: Option<Callback<()>>,
) -> impl IntoView {
    let locale = use_locale();
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    view! {
        <details class="audience-wilayas" id=id>
            <summary>{move || crate::i18n::format(locale.get(), summary, &[("count", &chosen.with(Vec::len).to_string())])}</summary>
            <fieldset class="checkbox-group">
                <legend class="sr-only">{tr(legend)}</legend>
                <div class="checkbox-group__items">
                    {move || wilayas.get().unwrap_or_default().into_iter().map(|w| {
                        let code = w.code.clone();
                        let (c1, c2) = (code.clone(), code.clone());
                        let lang = locale.get();
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" id=format!("{prefix}-{code}")
                                    prop:checked=move || chosen.with(|c| c.contains(&c1))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let code = c2.clone();
                                        chosen.update(|c| {
                                            c.retain(|x| *x != code);
                                            if on {
                                                c.push(code);
                                                c.sort();
                                            }
                                        });
                                        if let Some(changed) = changed {
                                            changed.run(());
                                        }
                                    } />
                                {format!("{} – {}", w.code, w.name.get(lang))}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </details>
    }
}
