//! A form kit: fields whose errors come from client-side validation (the same rules as the server,
//! from `madani-shared`) or from the server's 422, shown next to the field and translated from the
//! error code; a general error alert; a submit button with a busy state.

use leptos::prelude::*;
use madani_shared::{ClientError, FieldError};
use validator::Validate;

use super::icon::{Icon, icon};
use crate::errors::{field_text, problem_text};
use crate::i18n::{k, text, tr, use_locale};

/// The errors of one form.
#[derive(Clone, Copy)]
pub struct FormState {
    pub fields: RwSignal<Vec<FieldError>>,
    pub general: RwSignal<Option<ClientErrorText>>,
    pub pending: RwSignal<bool>,
}

/// A general error kept as its source, so it is re-translated when the language changes.
#[derive(Clone, Debug)]
pub struct ClientErrorText(pub std::sync::Arc<ClientError>);

impl FormState {
    pub fn new() -> Self {
        FormState { fields: RwSignal::new(Vec::new()), general: RwSignal::new(None), pending: RwSignal::new(false) }
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
                self.fields.set(madani_shared::error::field_errors(&e));
                false
            }
        }
    }

    /// Show a failed call: field errors next to their fields, anything else in the alert.
    /// (The page may have been left while the call was under way: then there is nothing to show.)
    pub fn fail(&self, error: ClientError) {
        match &error {
            ClientError::Api(p) if !p.errors.is_empty() => {
                self.fields.try_set(p.errors.clone());
            }
            _ => {}
        }
        self.general.try_set(Some(ClientErrorText(std::sync::Arc::new(error))));
    }

    pub fn error_for(&self, field: &str) -> Option<FieldError> {
        self.fields.with(|list| list.iter().find(|e| e.field == field).cloned())
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

/// The form's general error, as an alert.
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

/// The `aria-describedby` of a field: its hint, and its error while one is shown.
fn described_by(
    id: &'static str,
    has_hint: bool,
    form: FormState,
    field: &'static str,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if form.error_for(field).is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A field's hint and its error (translated), with the ids `described_by` points at.
#[component]
fn FieldMessages(id: &'static str, hint: Option<usize>, form: FormState, field: &'static str) -> impl IntoView {
    let locale = use_locale();
    view! {
        {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{tr(h)}</p> })}
        {move || {
            form.error_for(field)
                .map(|e| view! { <p class="field__error" id=format!("{id}-error")>{field_text(locale.get(), &e)}</p> })
        }}
    }
}

/// A labelled input with hint and error. `id` is also the request field it maps to unless `field`
/// says otherwise.
#[component]
pub fn TextField(
    id: &'static str,
    label: usize,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<usize>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = true)] required: bool,
    #[prop(optional)] dir: Option<&'static str>,
) -> impl IntoView {
    let field = field.unwrap_or(id);
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            <input
                class="input"
                id=id
                name=id
                type=kind
                dir=dir
                autocomplete=autocomplete
                required=required
                aria-invalid=move || form.error_for(field).is_some().then_some("true")
                aria-describedby=described_by(id, hint.is_some(), form, field)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldMessages id=id hint=hint form=form field=field />
        </div>
    }
}

/// A password input with a show/hide toggle.
#[component]
pub fn PasswordField(
    id: &'static str,
    label: usize,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional)] hint: Option<usize>,
    #[prop(default = "current-password")] autocomplete: &'static str,
) -> impl IntoView {
    let field = field.unwrap_or(id);
    let locale = use_locale();
    let shown = RwSignal::new(false);
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            <div class="password-field">
                <input
                    class="input"
                    id=id
                    name=id
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required=true
                    aria-invalid=move || form.error_for(field).is_some().then_some("true")
                    aria-describedby=described_by(id, hint.is_some(), form, field)
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    class="password-field__toggle"
                    aria-pressed=move || if shown.get() { "true" } else { "false" }
                    aria-controls=id
                    aria-label=move || text(locale.get(), if shown.get() { k::COMMON_HIDE_PASSWORD } else { k::COMMON_SHOW_PASSWORD })
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { icon(Icon::EyeOff).into_any() } else { icon(Icon::Eye).into_any() }}
                </button>
            </div>
            <FieldMessages id=id hint=hint form=form field=field />
        </div>
    }
}

/// A select among fixed options `(value, label key)`.
#[component]
pub fn SelectField(
    id: &'static str,
    label: usize,
    value: RwSignal<String>,
    options: Vec<(&'static str, usize)>,
    form: FormState,
    #[prop(optional)] field: Option<&'static str>,
) -> impl IntoView {
    let field = field.unwrap_or(id);
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            <select
                class="select"
                id=id
                name=id
                aria-invalid=move || form.error_for(field).is_some().then_some("true")
                aria-describedby=described_by(id, false, form, field)
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {options
                    .into_iter()
                    .map(|(v, label)| view! { <option value=v selected=move || value.get() == v>{tr(label)}</option> })
                    .collect_view()}
            </select>
            <FieldMessages id=id hint=None form=form field=field />
        </div>
    }
}

/// A labelled file input with hint and error: the server's 413 and 422 name the upload's `field`.
/// The file is handed to `on_file` as soon as it is chosen (the page sends it); the input is off
/// while the form is pending, then emptied and, if it had the focus, focused again.
#[component]
pub fn FileField(
    id: &'static str,
    #[prop(into)] label: Signal<usize>,
    field: &'static str,
    accept: &'static str,
    form: FormState,
    on_file: Callback<web_sys::File>,
    #[prop(optional)] hint: Option<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let input = NodeRef::<leptos::html::Input>::new();
    // Disabling the input while it sends drops the focus to the page: give it back afterwards.
    Effect::new(move |was_pending: Option<bool>| {
        let pending = form.pending.get();
        if was_pending == Some(true)
            && !pending
            && let Some(el) = input.get_untracked()
        {
            el.set_value("");
            let document = web_sys::window().and_then(|w| w.document());
            let lost =
                document.and_then(|d| d.active_element()).is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
            if lost {
                let _ = el.focus();
            }
        }
        pending
    });
    view! {
        <div class="field">
            <label class="field__label" for=id>{move || text(locale.get(), label.get())}</label>
            <input
                class="input input--file"
                id=id
                name=id
                type="file"
                accept=accept
                node_ref=input
                disabled=move || form.pending.get()
                aria-invalid=move || form.error_for(field).is_some().then_some("true")
                aria-describedby=described_by(id, hint.is_some(), form, field)
                on:change=move |_| {
                    if let Some(file) = input.get_untracked().and_then(|el| el.files()).and_then(|f| f.get(0)) {
                        on_file.run(file);
                    }
                }
            />
            <FieldMessages id=id hint=hint form=form field=field />
        </div>
    }
}

/// A label, the control it names (`children`, with the same `id`), and a hint under it (`{id}-hint`,
/// for the control's `aria-describedby`): for controls outside the form kit's fields.
#[component]
pub fn Labelled(
    #[prop(into)] id: String,
    label: usize,
    #[prop(optional)] hint: Option<usize>,
    children: Children,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            {children()}
            {hint.map(|h| view! { <p class="field__hint" id=hint_id>{tr(h)}</p> })}
        </div>
    }
}

/// A labelled multi-line input with its error, for free text (a biography).
#[component]
pub fn TextAreaField(
    id: &'static str,
    label: usize,
    value: RwSignal<String>,
    form: FormState,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            <textarea
                class="textarea"
                id=id
                name=id
                rows=rows
                dir="auto"
                aria-invalid=move || form.error_for(id).is_some().then_some("true")
                aria-describedby=described_by(id, false, form, id)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <FieldMessages id=id hint=None form=form field=id />
        </div>
    }
}

/// `aria-busy` of a control while `busy` holds.
pub fn aria_busy(busy: impl Into<Signal<bool>>) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let busy = busy.into();
    move || if busy.get() { "true" } else { "false" }
}

/// A button for a write that is not a form's: busy and disabled while it runs.
#[component]
pub fn BusyButton(busy: Signal<bool>, children: Children) -> impl IntoView {
    view! {
        <button type="button" disabled=move || busy.get() aria-busy=aria_busy(busy)>
            {children()}
        </button>
    }
}

/// The submit button; busy and disabled while the form is pending.
#[component]
pub fn SubmitButton(
    label: usize,
    form: FormState,
    #[prop(default = "btn btn--primary btn--block")] class: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class
            disabled=move || form.pending.get()
            aria-busy=aria_busy(form.pending)
        >
            {tr(label)}
        </button>
    }
}

/// The three languages, for language selects.
pub fn language_options() -> Vec<(&'static str, usize)> {
    vec![("ar", k::LANG_AR), ("fr", k::LANG_FR), ("en", k::LANG_EN)]
}
