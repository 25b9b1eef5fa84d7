//! A form kit: fields whose errors come from client-side validation (the same rules as the server,
//! from `madani-shared`) or from the server's 422, shown next to the field and translated from the
//! error code; an error summary at the top of the form that takes the focus after a failed submit
//! and links to each field (the GOV.UK pattern); a submit button with a busy state. A field's error
//! goes as soon as its value changes.

mod fields;
mod summary;

use leptos::prelude::*;
use madani_shared::{ClientError, ErrorCode, FieldError};
use validator::Validate;

pub use self::fields::*;
pub use self::summary::{ErrorSummary, FormAlert};
use crate::i18n::{text, use_locale};

/// The errors of one form, and the controls its summary links to.
#[derive(Clone, Copy)]
pub struct FormState {
    pub fields: RwSignal<Vec<FieldError>>,
    /// A failure that is not a field's (a conflict, the network), shown in the summary.
    pub general: RwSignal<Option<ClientErrorText>>,
    pub pending: RwSignal<bool>,
    controls: RwSignal<Vec<Control>>,
    /// How many submits have failed: the summary takes the focus after each.
    failures: RwSignal<u32>,
    next_key: StoredValue<u32>,
}

/// A general error kept as its source, so it is re-translated when the language changes.
#[derive(Clone, Debug)]
pub struct ClientErrorText(pub std::sync::Arc<ClientError>);

/// A control of the form, for the summary: the request field whose errors it shows (`email` also
/// holds `email.value`), the id of the element a link focuses, and its label in the reader's
/// language.
#[derive(Clone)]
struct Control {
    key: u32,
    field: Signal<String>,
    input: Signal<String>,
    label: Signal<String>,
}

/// Whether the error on `error` (a request path: `email.value`, `questions[2].choices`) is one of
/// `field`'s.
pub fn belongs(field: &str, error: &str) -> bool {
    error.strip_prefix(field).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The index of the control (by request field) an error goes to: the most specific that holds it.
fn owner_of(fields: &[String], error: &str) -> Option<usize> {
    fields.iter().enumerate().filter(|(_, f)| belongs(f, error)).max_by_key(|(_, f)| f.len()).map(|(i, _)| i)
}

/// The errors in the order the summary lists them: those of the controls in the controls' order
/// (the page's), each with its control's index, then those no control shows.
pub fn arrange(fields: &[String], errors: &[FieldError]) -> Vec<(Option<usize>, FieldError)> {
    let mut placed: Vec<(Option<usize>, FieldError)> =
        errors.iter().map(|e| (owner_of(fields, &e.field), e.clone())).collect();
    placed.sort_by_key(|(owner, _)| owner.unwrap_or(usize::MAX));
    placed
}

impl FormState {
    pub fn new() -> Self {
        FormState {
            fields: RwSignal::new(Vec::new()),
            general: RwSignal::new(None),
            pending: RwSignal::new(false),
            controls: RwSignal::new(Vec::new()),
            failures: RwSignal::new(0),
            next_key: StoredValue::new(0),
        }
    }

    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.general.set(None);
    }

    /// Check `request` with the shared rules; `false` (and the errors shown) when invalid.
    pub fn validate<T: Validate>(&self, request: &T) -> bool {
        self.clear();
        match request.validate() {
            Ok(()) => true,
            Err(e) => {
                self.show(madani_shared::error::field_errors(&e));
                false
            }
        }
    }

    /// Show errors found on the page (a rule the shared ones do not hold), as a failed submit.
    pub fn show(&self, errors: Vec<FieldError>) {
        self.fields.set(errors);
        self.failed();
    }

    /// Show a failed call: field errors next to their fields and listed in the summary; anything
    /// else in the summary alone. (The page may have been left while the call was under way: then
    /// there is nothing to show.)
    pub fn fail(&self, error: ClientError) {
        let fields = match &error {
            ClientError::Api(p) => p.errors.clone(),
            _ => Vec::new(),
        };
        // "Some fields need correcting" says nothing the list of fields does not.
        let general = fields.is_empty() || error.problem().is_some_and(|p| p.code != ErrorCode::ValidationFailed);
        self.fields.try_set(fields);
        self.general.try_set(general.then(|| ClientErrorText(std::sync::Arc::new(error))));
        self.failed();
    }

    fn failed(&self) {
        self.failures.try_update(|n| *n += 1);
    }

    /// The first error of `field` (or of a part of it: `email` holds `email.value`).
    pub fn error_for(&self, field: &str) -> Option<FieldError> {
        self.fields.with(|list| list.iter().find(|e| belongs(field, &e.field)).cloned())
    }

    /// The error of `field` itself, not of its parts.
    pub fn error_exactly(&self, field: &str) -> Option<FieldError> {
        self.fields.with(|list| list.iter().find(|e| e.field == field).cloned())
    }

    /// `field` was changed: its errors go, and the summary follows.
    pub fn changed(&self, field: &str) {
        if self.fields.with_untracked(|list| list.iter().any(|e| belongs(field, &e.field))) {
            self.fields.update(|list| list.retain(|e| !belongs(field, &e.field)));
        }
    }

    /// Clear `field`'s errors whenever what `track` reads changes (for controls outside the kit:
    /// a checkbox group, a picker).
    pub fn clear_on_change(&self, field: &'static str, track: impl Fn() + 'static) {
        let form = *self;
        Effect::watch(track, move |_, _, _| form.changed(field), false);
    }

    /// Name the control of `field` for the summary: its links focus the element `input`, labelled
    /// with the text of `label`. It is forgotten when the calling component goes.
    pub fn control(&self, field: impl Into<String>, input: impl Into<String>, label: usize) {
        let locale = use_locale();
        let (field, input) = (field.into(), input.into());
        self.control_with(
            Signal::derive(move || field.clone()),
            Signal::derive(move || input.clone()),
            Signal::derive(move || text(locale.get(), label).to_owned()),
        );
    }

    /// [`FormState::control`] with a field, an element or a label that change (a quiz's questions
    /// are renumbered when one is removed).
    pub fn control_with(&self, field: Signal<String>, input: Signal<String>, label: Signal<String>) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.controls.update(|list| list.push(Control { key, field, input, label }));
        let controls = self.controls;
        on_cleanup(move || {
            controls.try_update(|list| list.retain(|c| c.key != key));
        });
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str) -> FieldError {
        FieldError { field: field.into(), code: "required".into(), message: String::new() }
    }

    #[test]
    fn an_error_belongs_to_its_field_and_the_fields_parts() {
        assert!(belongs("email", "email"));
        assert!(belongs("email", "email.value"));
        assert!(belongs("user_ids", "user_ids[3]"));
        assert!(!belongs("email", "emails"));
        assert!(!belongs("name", "name_fr"));
    }

    #[test]
    fn the_summary_follows_the_page_and_ends_with_what_no_field_shows() {
        let fields: Vec<String> = ["name", "questions", "questions[1]", "wilaya_code"].map(String::from).into();
        let errors = [error("body"), error("wilaya_code"), error("questions[1].choices"), error("name.fr")];
        let order: Vec<(Option<usize>, String)> =
            arrange(&fields, &errors).into_iter().map(|(i, e)| (i, e.field)).collect();
        assert_eq!(
            order,
            vec![
                (Some(0), "name.fr".into()),
                (Some(2), "questions[1].choices".into()),
                (Some(3), "wilaya_code".into()),
                (None, "body".into()),
            ]
        );
    }
}
