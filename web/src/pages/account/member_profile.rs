//! `/account/profile`: your member profile (headline, skills, bio), each field with who may see it.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::endpoints::{GetMyProfile, UpdateMyProfileEndpoint};
use madani_shared::network::{MyProfile, UpdateMyProfile, Visibility};

use super::AccountPage;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextAreaField, TextField};
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr};
use crate::session::use_session;

/// Skills typed as one comma-separated line.
pub fn parse_skills(line: &str) -> Vec<String> {
    line.split([',', '،', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn visibility_options() -> Vec<(&'static str, usize)> {
    vec![
        (Visibility::Public.as_str(), k::VISIBILITY_PUBLIC),
        (Visibility::Members.as_str(), k::VISIBILITY_MEMBERS),
        (Visibility::Connections.as_str(), k::VISIBILITY_CONNECTIONS),
        (Visibility::Private.as_str(), k::VISIBILITY_PRIVATE),
    ]
}

#[component]
pub fn MyProfilePage() -> impl IntoView {
    let session = use_session();
    let profile = LocalResource::new(move || async move { fetched(session.call::<GetMyProfile>((), &()).await) });
    view! {
        <AccountPage title=k::ACCOUNT_TAB_MEMBER_PROFILE>
            <Loaded resource=profile let:profile>
                <MyProfileForm profile />
            </Loaded>
        </AccountPage>
    }
}

#[component]
fn MyProfileForm(profile: MyProfile) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let headline = RwSignal::new(profile.headline.clone().unwrap_or_default());
    let skills = RwSignal::new(profile.skills.join(", "));
    let bio = RwSignal::new(profile.bio.clone().unwrap_or_default());
    let headline_visibility = RwSignal::new(profile.headline_visibility.as_str().to_owned());
    let skills_visibility = RwSignal::new(profile.skills_visibility.as_str().to_owned());
    let bio_visibility = RwSignal::new(profile.bio_visibility.as_str().to_owned());
    let associations_visibility = RwSignal::new(profile.associations_visibility.as_str().to_owned());
    let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id.to_string())).unwrap_or_default();
    let visibility = |s: RwSignal<String>| Visibility::parse(&s.get_untracked()).unwrap_or_default();
    let save = Mutation::new(move |request: UpdateMyProfile| async move {
        session.call::<UpdateMyProfileEndpoint>((), &request).await
    })
    .form(form)
    .toast(k::PROFILE_SAVED)
    .then(move |saved| {
        skills.try_set(saved.skills.join(", "));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(UpdateMyProfile {
            headline: Some(headline.get_untracked()),
            headline_visibility: visibility(headline_visibility),
            skills: parse_skills(&skills.get_untracked()),
            skills_visibility: visibility(skills_visibility),
            bio: Some(bio.get_untracked()),
            bio_visibility: visibility(bio_visibility),
            associations_visibility: visibility(associations_visibility),
        });
    };
    view! {
        <section class="card stack" aria-labelledby="member-profile-title">
            <h2 id="member-profile-title" class="card__title">{tr(k::PROFILE_TITLE)}</h2>
            <p class="muted">{tr(k::PROFILE_INTRO)}</p>
            <form class="stack" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <TextField id="headline" label=k::PROFILE_HEADLINE value=headline form=form hint=k::PROFILE_HEADLINE_HINT required=false dir="auto" />
                <SelectField id="headline_visibility" label=k::PROFILE_HEADLINE_VISIBILITY value=headline_visibility options=visibility_options() form=form />
                <TextField id="skills" label=k::PROFILE_SKILLS value=skills form=form hint=k::PROFILE_SKILLS_HINT required=false dir="auto" />
                <SelectField id="skills_visibility" label=k::PROFILE_SKILLS_VISIBILITY value=skills_visibility options=visibility_options() form=form />
                <TextAreaField id="bio" label=k::PROFILE_BIO value=bio form=form />
                <SelectField id="bio_visibility" label=k::PROFILE_BIO_VISIBILITY value=bio_visibility options=visibility_options() form=form />
                <SelectField id="associations_visibility" label=k::PROFILE_ASSOCIATIONS_VISIBILITY value=associations_visibility options=visibility_options() form=form />
                <div class="form-actions">
                    <SubmitButton label=k::PROFILE_SAVE form=form class="btn btn--primary" />
                    <A href=format!("/members/{me}") attr:class="btn btn--ghost" attr:id="view-my-profile">{tr(k::MEMBER_VIEW_PUBLIC)}</A>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_split_on_commas_in_both_scripts() {
        assert_eq!(parse_skills(" irrigation, training ,, "), vec!["irrigation", "training"]);
        assert_eq!(parse_skills("تدريب، إدارة المشاريع"), vec!["تدريب", "إدارة المشاريع"]);
        assert!(parse_skills("  ").is_empty());
    }
}
