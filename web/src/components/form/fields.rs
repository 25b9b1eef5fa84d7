//! The kit's fields: a label, the control, its hint and its error (translated, with the ids that
//! `aria-describedby` points at). Each names itself to its form's summary and clears its error as
//! soon as its value changes.

use std::sync::Arc;

use leptos::prelude::*;

use super::FormState;
use crate::components::icon::{Icon, icon};
use crate::errors::field_text;
use crate::i18n::{k, text, tr, use_locale};

/// The `aria-describedby` of a control `id`: its hint, and its error while one is shown.
pub fn described_by(
    id: impl Into<Arc<str>>,
    has_hint: bool,
    form: FormState,
    field: impl Into<Arc<str>>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    let (id, field) = (id.into(), field.into());
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if form.error_for(&field).is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The `aria-invalid` of a control showing `field`'s errors.
pub fn invalid(
    form: FormState,
    field: impl Into<Arc<str>>,
) -> impl Fn() -> Option<&'static str> + Clone + Send + Sync + 'static {
    let field = field.into();
    move || form.error_for(&field).is_some().then_some("true")
}

/// The error of `field`, translated, with the id `{id}-error` that `described_by` points at.
pub fn field_error(id: impl Into<Arc<str>>, form: FormState, field: impl Into<Arc<str>>) -> impl IntoView {
    let locale = use_locale();
    let (id, field) = (id.into(), field.into());
    move || {
        form.error_for(&field)
            .map(|e| view! { <p class="field__error" id=format!("{id}-error")>{field_text(locale.get(), &e)}</p> })
    }
}

/// The error of a group of boxes (`{field}-error`, in the group's fieldset): named to the summary,
/// whose link focuses the group's first box `first`; a change to what `track` reads clears it.
pub fn group_error(
    form: FormState,
    field: &'static str,
    first: String,
    label: usize,
    track: impl Fn() + 'static,
) -> impl IntoView {
    form.control(field, first, label);
    form.clear_on_change(field, track);
    field_error(field, form, field)
}

/// A field's hint and its error, with the ids `described_by` points at.
#[component]
fn FieldMessages(id: Arc<str>, hint: Option<usize>, form: FormState, field: Arc<str>) -> impl IntoView {
    view! {
        {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{tr(h)}</p> })}
        {field_error(id, form, field)}
    }
}

/// The request field of a control: `field` if given, else its id.
fn field_of(id: &Arc<str>, field: Option<String>) -> Arc<str> {
    field.map(Arc::from).unwrap_or_else(|| id.clone())
}

/// A labelled input with hint and error. `id` is also the request field it maps to unless `field`
/// says otherwise.
#[component]
pub fn TextField(
    #[prop(into)] id: Arc<str>,
    label: usize,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional, into)] field: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<usize>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = true)] required: bool,
    #[prop(optional)] dir: Option<&'static str>,
) -> impl IntoView {
    let field = field_of(&id, field);
    form.control(&*field, &*id, label);
    let changed = field.clone();
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{tr(label)}</label>
            <input
                class="input"
                id=id.clone()
                name=id.clone()
                type=kind
                dir=dir
                autocomplete=autocomplete
                required=required
                aria-invalid=invalid(form, field.clone())
                aria-describedby=described_by(id.clone(), hint.is_some(), form, field.clone())
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    form.changed(&changed);
                }
            />
            <FieldMessages id=id hint=hint form=form field=field />
        </div>
    }
}

/// A password input with a show/hide toggle.
#[component]
pub fn PasswordField(
    #[prop(into)] id: Arc<str>,
    label: usize,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional, into)] field: Option<String>,
    #[prop(optional)] hint: Option<usize>,
    #[prop(default = "current-password")] autocomplete: &'static str,
) -> impl IntoView {
    let field = field_of(&id, field);
    form.control(&*field, &*id, label);
    let changed = field.clone();
    let locale = use_locale();
    let shown = RwSignal::new(false);
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{tr(label)}</label>
            <div class="password-field">
                <input
                    class="input"
                    id=id.clone()
                    name=id.clone()
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required=true
                    aria-invalid=invalid(form, field.clone())
                    aria-describedby=described_by(id.clone(), hint.is_some(), form, field.clone())
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        form.changed(&changed);
                    }
                />
                <button
                    type="button"
                    class="password-field__toggle"
                    aria-pressed=move || if shown.get() { "true" } else { "false" }
                    aria-controls=id.clone()
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
    #[prop(into)] id: Arc<str>,
    label: usize,
    value: RwSignal<String>,
    options: Vec<(&'static str, usize)>,
    form: FormState,
    #[prop(optional, into)] field: Option<String>,
) -> impl IntoView {
    let field = field_of(&id, field);
    form.control(&*field, &*id, label);
    let changed = field.clone();
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{tr(label)}</label>
            <select
                class="select"
                id=id.clone()
                name=id.clone()
                aria-invalid=invalid(form, field.clone())
                aria-describedby=described_by(id.clone(), false, form, field.clone())
                prop:value=move || value.get()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    form.changed(&changed);
                }
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

/// A labelled multi-line input with hint and error, for free text (a biography, a reason).
#[component]
pub fn TextAreaField(
    #[prop(into)] id: Arc<str>,
    label: usize,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional, into)] field: Option<String>,
    #[prop(optional)] hint: Option<usize>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let field = field_of(&id, field);
    form.control(&*field, &*id, label);
    let changed = field.clone();
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{tr(label)}</label>
            <textarea
                class="textarea"
                id=id.clone()
                name=id.clone()
                rows=rows
                dir="auto"
                aria-invalid=invalid(form, field.clone())
                aria-describedby=described_by(id.clone(), hint.is_some(), form, field.clone())
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    form.changed(&changed);
                }
            ></textarea>
            <FieldMessages id=id hint=hint form=form field=field />
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
                aria-invalid=invalid(form, field)
                aria-describedby=described_by(id, hint.is_some(), form, field)
                on:change=move |_| {
                    if let Some(file) = input.get_untracked().and_then(|el| el.files()).and_then(|f| f.get(0)) {
                        on_file.run(file);
                    }
                }
            />
            <FieldMessages id=id.into() hint=hint form=form field=field.into() />
        </div>
    }
}

/// A label, the control it names (`children`, with the same `id`), and a hint under it (`{id}-hint`,
/// for the control's `aria-describedby`): for controls outside the form kit's fields. With a `form`,
/// also the error of `field` (`{id}-error`), and the control is named to the form's summary (the
/// page sets its `aria-invalid` and clears its error when it changes).
#[component]
pub fn Labelled(
    #[prop(into)] id: String,
    label: usize,
    #[prop(optional)] hint: Option<usize>,
    #[prop(optional)] form: Option<FormState>,
    #[prop(optional)] field: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error = form.map(|form| {
        let field = field.unwrap_or("");
        form.control(field, id.clone(), label);
        field_error(id.clone(), form, field)
    });
    view! {
        <div class="field">
            <label class="field__label" for=id>{tr(label)}</label>
            {children()}
            {hint.map(|h| view! { <p class="field__hint" id=hint_id>{tr(h)}</p> })}
            {error}
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
