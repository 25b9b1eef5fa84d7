//! `/account/data`: everything the account holds as a file, and deleting the account.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use madani_shared::auth::DeleteAccountRequest;
use madani_shared::endpoints::{DeleteMe, ExportMe};

use super::AccountPage;
use crate::components::dialog::ConfirmDialog;
use crate::components::download::save_json;
use crate::components::form::{BusyButton, ErrorSummary, FormState, PasswordField, SubmitButton};
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr};
use crate::session::use_session;

#[component]
pub fn Data() -> impl IntoView {
    view! {
        <AccountPage title=k::ACCOUNT_TAB_DATA>
            <ExportCard />
            <DeleteCard />
        </AccountPage>
    }
}

#[component]
fn ExportCard() -> impl IntoView {
    let session = use_session();
    let export = Mutation::new(move |()| async move { session.call::<ExportMe>((), &()).await })
        .then(|export| save_json("madani-account.json", &serde_json::to_string_pretty(&export).unwrap_or_default()));
    view! {
        <section class="card stack" aria-labelledby="export-title">
            <h2 id="export-title" class="card__title">{tr(k::DATA_EXPORT_TITLE)}</h2>
            <p>{tr(k::DATA_EXPORT_TEXT)}</p>
            <div class="form-actions">
                <BusyButton busy=export.pending() attr:id="export-button" attr:class="btn btn--secondary" on:click=move |_| export.dispatch(())>
                    {tr(k::DATA_EXPORT_BUTTON)}
                </BusyButton>
            </div>
        </section>
    }
}

#[component]
fn DeleteCard() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(false);
    let delete =
        Mutation::new(move |request: DeleteAccountRequest| async move { session.call::<DeleteMe>((), &request).await })
            .form(form)
            .then(move |()| {
                session.forget();
                navigate("/", NavigateOptions::default());
            })
            .toast(k::DATA_DELETED);
    let request = move || DeleteAccountRequest { password: password.get_untracked() };
    // Checked first, then confirmed, then sent.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.validate(&request()) {
            confirm.set(true);
        }
    };
    view! {
        <section class="card danger-zone stack" aria-labelledby="delete-title">
            <h2 id="delete-title" class="card__title">{tr(k::DATA_DELETE_TITLE)}</h2>
            <p>{tr(k::DATA_DELETE_TEXT)}</p>
            <form class="stack" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <PasswordField id="delete_password" field="password" label=k::DATA_DELETE_PASSWORD value=password form=form />
                <div class="form-actions">
                    <SubmitButton label=k::DATA_DELETE_BUTTON form=form class="btn btn--danger" />
                </div>
            </form>
            <ConfirmDialog open=confirm title=k::DATA_DELETE_CONFIRM_TITLE message=k::DATA_DELETE_CONFIRM_TEXT confirm_label=k::DATA_DELETE_BUTTON
                on_confirm=Callback::new(move |()| delete.dispatch(request())) />
        </section>
    }
}
