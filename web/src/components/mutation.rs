//! Writing to the server: a Leptos `Action` that is pending while its call runs (its button, or its
//! form's submit button, shows busy), tells a failure where the reader acts on it (next to the fields
//! of its form, with the rest in the form's alert; else in a toast), and counts the writes that
//! succeeded: a `LocalResource` that tracks `version()` loads again after each one.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use madani_shared::ClientError;
use validator::Validate;

use super::form::FormState;
use super::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{text, use_locale};

/// Picks the key of the text a success is toasted with, if any, from the answer.
type ToastKey<O> = Rc<dyn Fn(&O) -> Option<usize>>;

/// What follows the call.
struct Outcome<O> {
    /// Where a failure is told, and what is pending meanwhile.
    form: Option<FormState>,
    /// Runs with a success's answer.
    then: Option<Rc<dyn Fn(O)>>,
    toast: Option<ToastKey<O>>,
}

/// A write: `dispatch` (or `submit`, for a form's request) runs its call.
pub struct Mutation<I: 'static, O: 'static> {
    action: Action<I, bool>,
    outcome: StoredValue<Outcome<O>, LocalStorage>,
    version: RwSignal<usize>,
}

impl<I, O> Clone for Mutation<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for Mutation<I, O> {}

impl<I: Clone + 'static, O: 'static> Mutation<I, O> {
    /// A write made by `call`; a failure is toasted unless [`Mutation::form`] says otherwise.
    pub fn new<F, Fu>(call: F) -> Self
    where
        F: Fn(I) -> Fu + 'static,
        Fu: Future<Output = Result<O, ClientError>> + 'static,
    {
        let toasts = use_toasts();
        let locale = use_locale();
        let version = RwSignal::new(0);
        let outcome = StoredValue::new_local(Outcome { form: None, then: None, toast: None });
        let action = Action::new_local(move |input: &I| {
            let answer = call(input.clone());
            // Taken now: the page may be gone when the answer comes.
            let (form, then, toast) = outcome.with_value(|o| (o.form, o.then.clone(), o.toast.clone()));
            async move {
                let answer = answer.await;
                if let Some(form) = form {
                    form.pending.try_set(false);
                }
                match answer {
                    Ok(answer) => {
                        version.try_update(|v| *v += 1);
                        let key = toast.and_then(|toast| toast(&answer));
                        if let Some(then) = then {
                            then(answer);
                        }
                        if let Some(key) = key {
                            toasts.success(text(locale.get_untracked(), key));
                        }
                        true
                    }
                    Err(error) => {
                        match form {
                            Some(form) => form.fail(error),
                            None => toasts.error(problem_text(locale.get_untracked(), &error)),
                        }
                        false
                    }
                }
            }
        });
        Mutation { action, outcome, version }
    }

    /// Tell a failure in `form` (field errors next to their fields), pending while the call runs.
    pub fn form(self, form: FormState) -> Self {
        self.outcome.update_value(|o| o.form = Some(form));
        self
    }

    /// After a success, toast the text `key`.
    pub fn toast(self, key: usize) -> Self {
        self.toast_by(move |_| Some(key))
    }

    /// After a success, toast the text whose key `key` picks from the answer (none for `None`).
    pub fn toast_by(self, key: impl Fn(&O) -> Option<usize> + 'static) -> Self {
        self.outcome.update_value(|o| o.toast = Some(Rc::new(key)));
        self
    }

    /// After a success, run `then` with the answer (before the toast). The page may have been left
    /// meanwhile: set its signals with `try_set`.
    pub fn then(self, then: impl Fn(O) + 'static) -> Self {
        self.outcome.update_value(|o| o.then = Some(Rc::new(then)));
        self
    }

    /// Run the call with `input`. (Nothing, if its page is gone: a follow-up dispatched after an
    /// answer came back late.)
    pub fn dispatch(&self, input: I) {
        let Some(form) = self.outcome.try_with_value(|o| o.form) else { return };
        if let Some(form) = form {
            form.clear();
            form.pending.set(true);
        }
        self.action.dispatch_local(input);
    }

    /// Send a form's `request` if it keeps the shared rules; otherwise its form shows why not.
    pub fn submit(&self, request: I)
    where
        I: Validate,
    {
        let form = self.outcome.try_with_value(|o| o.form).flatten();
        if form.is_none_or(|form| form.validate(&request)) {
            self.dispatch(request);
        }
    }

    /// Whether a call is under way.
    pub fn pending(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// How many calls have succeeded: track it in a read that they change.
    pub fn version(&self) -> ReadSignal<usize> {
        self.version.read_only()
    }
}
