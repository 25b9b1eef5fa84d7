//! `/account`: the account's details, the display name and the language.

use leptos::prelude::*;
use madani_shared::auth::{Role, UpdateMeRequest, User};
use madani_shared::endpoints::{ResendVerification, UpdateMe};
use madani_shared::text::Language;

use super::AccountPage;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField, language_options};
use crate::components::mutation::Mutation;
use crate::i18n::{format_date, k, text, tr, use_locale};
use crate::session::use_session;

fn role_key(role: Role) -> usize {
    match role {
        Role::Member => k::ROLE_MEMBER,
        Role::Observatory => k::ROLE_OBSERVATORY,
        Role::Admin => k::ROLE_ADMIN,
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    view! {
        <AccountPage title=k::ACCOUNT_TAB_PROFILE>
            <ProfileForm />
        </AccountPage>
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let user = move || session.user.get();
    let initial: User = session.user.get_untracked().expect("signed in");
    let form = FormState::new();
    let display_name = RwSignal::new(initial.display_name.clone());
    let language = RwSignal::new(initial.preferred_language.code().to_owned());
    let save =
        Mutation::new(move |request: UpdateMeRequest| async move { session.call::<UpdateMe>((), &request).await })
            .form(form)
            .toast(k::ACCOUNT_SAVED)
            .then(move |user| {
                // The language of the account is also the interface's.
                locale.switch(user.preferred_language);
                session.set_user(user);
            });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = Language::parse(&language.get_untracked());
        save.submit(UpdateMeRequest { display_name: Some(display_name.get_untracked()), preferred_language: lang });
    };
    let resend = Mutation::new(move |()| async move { session.call::<ResendVerification>((), &()).await })
        .toast(k::ACCOUNT_RESENT);
    view! {
        <section class="card stack" aria-labelledby="profile-details">
            <h2 id="profile-details" class="card__title">{tr(k::ACCOUNT_PROFILE_TITLE)}</h2>
            <dl class="kv">
                <dt>{tr(k::ACCOUNT_EMAIL)}</dt>
                <dd>
                    <span id="account-email" dir="ltr">{move || user().map(|u| u.email).unwrap_or_default()}</span>
                    " "
                    {move || {
                        if user().is_some_and(|u| u.email_verified) {
                            view! { <span class="badge badge--success">{tr(k::ACCOUNT_VERIFIED)}</span> }.into_any()
                        } else {
                            view! {
                                <span class="badge badge--warning">{tr(k::ACCOUNT_UNVERIFIED)}</span>
                                " "
                                <button type="button" class="link-button" on:click=move |_| resend.dispatch(())>{tr(k::ACCOUNT_RESEND)}</button>
                            }
                                .into_any()
                        }
                    }}
                </dd>
                <dt>{tr(k::ACCOUNT_ROLE)}</dt>
                <dd>{move || user().map(|u| text(locale.get(), role_key(u.role))).unwrap_or_default()}</dd>
                <dt>{tr(k::ACCOUNT_MEMBER_SINCE)}</dt>
                <dd>{move || user().map(|u| format_date(locale.get(), u.created_at)).unwrap_or_default()}</dd>
            </dl>
            <form class="stack" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <TextField id="display_name" label=k::REGISTER_DISPLAY_NAME value=display_name form=form autocomplete="name" hint=k::REGISTER_DISPLAY_NAME_HINT />
                <SelectField id="preferred_language" label=k::REGISTER_LANGUAGE value=language options=language_options() form=form />
                <div class="form-actions">
                    <SubmitButton label=k::ACCOUNT_SAVE form=form class="btn btn--primary" />
                </div>
            </form>
        </section>
    }
}
