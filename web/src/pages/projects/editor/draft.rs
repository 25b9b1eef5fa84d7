//! The project as the editor's form holds it (a signal per field, a row of signals per funder and
//! partner), and the request it makes.

use leptos::prelude::*;
use madani_shared::associations::Field;
use madani_shared::ids::AssociationId;
use madani_shared::projects::*;
use madani_shared::{FieldError, LocalizedText};

use super::super::when::date_input;
use crate::components::form::FormState;

#[derive(Clone, Copy)]
pub(super) struct FunderDraft {
    pub(super) name: RwSignal<String>,
    pub(super) amount: RwSignal<String>,
}

#[derive(Clone, Copy)]
pub(super) struct PartnerDraft {
    /// `a:<id>` for an association, `i:<id>` for an institution.
    pub(super) who: RwSignal<String>,
    pub(super) role: RwSignal<String>,
}

/// The project as the form holds it.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    pub(super) title: RwSignal<LocalizedText>,
    pub(super) summary: RwSignal<LocalizedText>,
    pub(super) description: RwSignal<LocalizedText>,
    pub(super) status: RwSignal<String>,
    pub(super) visibility: RwSignal<String>,
    pub(super) country: RwSignal<String>,
    pub(super) wilayas: RwSignal<Vec<String>>,
    pub(super) fields: RwSignal<Vec<Field>>,
    pub(super) budget: RwSignal<String>,
    pub(super) currency: RwSignal<String>,
    pub(super) funders: RwSignal<Vec<FunderDraft>>,
    pub(super) planned_start: RwSignal<String>,
    pub(super) planned_end: RwSignal<String>,
    pub(super) actual_start: RwSignal<String>,
    pub(super) actual_end: RwSignal<String>,
    pub(super) partners: RwSignal<Vec<PartnerDraft>>,
    pub(super) communes: StoredValue<Vec<i32>>,
}

impl FunderDraft {
    pub(super) fn empty() -> Self {
        FunderDraft { name: RwSignal::new(String::new()), amount: RwSignal::new(String::new()) }
    }
}

impl PartnerDraft {
    pub(super) fn empty() -> Self {
        PartnerDraft { who: RwSignal::new(String::new()), role: RwSignal::new("implementing".into()) }
    }
}

/// Take row `n` out of `rows` (those after it move up, what was typed in them with them). Its
/// errors are renumbered away with the list's (`field`), and the focus, whose button is gone, goes
/// to the list's add button (`add`).
pub(super) fn remove_row<T: Send + Sync + 'static>(
    rows: RwSignal<Vec<T>>,
    n: usize,
    form: FormState,
    field: &str,
    add: &'static str,
) {
    rows.update(|list| {
        if n < list.len() {
            list.remove(n);
        }
    });
    form.changed(field);
    request_animation_frame(move || {
        let button = document().get_element_by_id(add);
        if let Some(el) = button.and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok()) {
            let _ = el.focus();
        }
    });
}

fn day_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl Draft {
    pub(super) fn new(p: Option<&Project>) -> Self {
        let s = p.map(|p| &p.summary);
        Draft {
            title: RwSignal::new(s.map(|s| s.title.clone()).unwrap_or_default()),
            summary: RwSignal::new(s.map(|s| s.summary.clone()).unwrap_or_default()),
            description: RwSignal::new(p.map(|p| p.description.clone()).unwrap_or_default()),
            status: RwSignal::new(s.map(|s| s.status).unwrap_or(ProjectStatus::Identification).as_str().to_owned()),
            visibility: RwSignal::new(s.map(|s| s.visibility).unwrap_or(ProjectVisibility::Public).as_str().to_owned()),
            country: RwSignal::new(s.map(|s| s.country).unwrap_or_default().as_str().to_owned()),
            wilayas: RwSignal::new(s.map(|s| s.wilayas.clone()).unwrap_or_default()),
            fields: RwSignal::new(s.map(|s| s.fields.clone()).unwrap_or_default()),
            budget: RwSignal::new(p.and_then(|p| p.budget).map(|b| b.to_string()).unwrap_or_default()),
            currency: RwSignal::new(p.map(|p| p.currency).unwrap_or_default().as_str().to_owned()),
            funders: RwSignal::new(
                p.map(|p| {
                    p.funders
                        .iter()
                        .map(|f| FunderDraft {
                            name: RwSignal::new(f.name.clone()),
                            amount: RwSignal::new(f.amount.map(|a| a.to_string()).unwrap_or_default()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            ),
            planned_start: RwSignal::new(day_text(s.and_then(|s| s.planned_start))),
            planned_end: RwSignal::new(day_text(s.and_then(|s| s.planned_end))),
            actual_start: RwSignal::new(day_text(p.and_then(|p| p.actual_start))),
            actual_end: RwSignal::new(day_text(p.and_then(|p| p.actual_end))),
            partners: RwSignal::new(
                p.map(|p| {
                    p.partners
                        .iter()
                        .map(|x| PartnerDraft {
                            who: RwSignal::new(match (x.association_id, x.institution_id) {
                                (Some(a), _) => format!("a:{a}"),
                                (None, Some(i)) => format!("i:{i}"),
                                _ => String::new(),
                            }),
                            role: RwSignal::new(x.role.as_str().to_owned()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            ),
            communes: StoredValue::new(p.map(|p| p.communes.clone()).unwrap_or_default()),
        }
    }

    /// The request, or the errors the page finds itself (a number or a date that does not read).
    pub(super) fn input(&self, association_id: AssociationId) -> Result<ProjectInput, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut day = |field: &str, value: RwSignal<String>| {
            let typed = value.get_untracked();
            if typed.trim().is_empty() {
                return None;
            }
            let d = date_input(&typed);
            if d.is_none() {
                problems.push(FieldError::new(field, "required", ""));
            }
            d
        };
        let planned_start = day("planned_start", self.planned_start);
        let planned_end = day("planned_end", self.planned_end);
        let actual_start = day("actual_start", self.actual_start);
        let actual_end = day("actual_end", self.actual_end);
        let budget = self.budget.get_untracked();
        let budget = budget.trim();
        let budget = if budget.is_empty() {
            None
        } else {
            match budget.replace([' ', '\u{a0}', '.', ','], "").parse::<u64>() {
                Ok(b) => Some(b),
                Err(_) => {
                    problems.push(FieldError::new("budget", "range", ""));
                    None
                }
            }
        };
        let funders = self
            .funders
            .get_untracked()
            .into_iter()
            .filter(|f| !f.name.get_untracked().trim().is_empty())
            .map(|f| Funder {
                name: f.name.get_untracked().trim().to_owned(),
                amount: f.amount.get_untracked().trim().replace([' ', '\u{a0}'], "").parse().ok(),
            })
            .collect();
        let partners = self
            .partners
            .get_untracked()
            .into_iter()
            .filter_map(|p| {
                let who = p.who.get_untracked();
                let role = PartnerRole::parse(&p.role.get_untracked()).unwrap_or(PartnerRole::Implementing);
                match who.split_once(':') {
                    Some(("a", id)) => {
                        id.parse().ok().map(|id| PartnerInput { association_id: Some(id), institution_id: None, role })
                    }
                    Some(("i", id)) => {
                        id.parse().ok().map(|id| PartnerInput { association_id: None, institution_id: Some(id), role })
                    }
                    _ => None,
                }
            })
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ProjectInput {
            association_id,
            title: self.title.get_untracked(),
            summary: self.summary.get_untracked(),
            description: self.description.get_untracked(),
            status: ProjectStatus::parse(&self.status.get_untracked()).unwrap_or(ProjectStatus::Identification),
            visibility: ProjectVisibility::parse(&self.visibility.get_untracked()).unwrap_or(ProjectVisibility::Public),
            country: Country::parse(&self.country.get_untracked()).unwrap_or_default(),
            wilayas: self.wilayas.get_untracked(),
            communes: self.communes.get_value(),
            fields: self.fields.get_untracked(),
            budget,
            currency: Currency::parse(&self.currency.get_untracked()).unwrap_or_default(),
            funders,
            planned_start,
            planned_end,
            actual_start,
            actual_end,
            partners,
        })
    }
}
