//! Data for trying Madani locally: `madani seed-demo` (refused in production) adds accounts whose
//! passwords are public in the README — so they must never exist on a real deployment — and, with
//! them, something to see in every area: associations, courses with a certificate, consultations, projects with a calendar, conversations, …

mod associations;
mod circles;
mod consultations;
mod courses;
mod files;
mod messaging;
mod projects;

pub use courses::Keys;

use madani_shared::auth::Role;
use madani_shared::text::Language;

use crate::auth::rows::NewUser;
use crate::auth::{passwords, repo, service::normalize_email};
use crate::db::{DbConn, new_id, now};
use crate::error::ApiResult;

/// (email, password, display name, role, language)
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, Role, Language)] = &[
    ("admin@madani.test", "demo-admin-madani", "Admin Madani", Role::Admin, Language::Fr),
    ("observatoire@madani.test", "demo-observatoire-madani", "Observatoire national", Role::Observatory, Language::Fr),
    ("amina@madani.test", "demo-amina-madani", "أمينة بن علي", Role::Member, Language::Ar),
    ("karim@madani.test", "demo-karim-madani", "Karim Haddad", Role::Member, Language::Fr),
    ("sarah@madani.test", "demo-sarah-madani", "Sarah Meziane", Role::Member, Language::En),
    ("ministere@madani.test", "demo-ministere-madani", "Ministère de la Solidarité", Role::Member, Language::Fr),
    ("jeunesse@madani.test", "demo-jeunesse-madani", "المجلس الأعلى للشباب", Role::Member, Language::Ar),
];

/// Create the demo accounts that do not exist yet and, the first time, the rest of the demo; returns
/// how many accounts were created.
pub fn seed(conn: &mut DbConn, keys: &Keys) -> ApiResult<usize> {
    let mut created = 0;
    for (email, password, name, role, lang) in DEMO_ACCOUNTS {
        let email = normalize_email(email);
        if repo::find_user_by_email(conn, &email)?.is_some() {
            continue;
        }
        let hash = passwords::hash(password)?;
        let now = now();
        crate::db::write_tx(conn, |conn| {
            repo::insert_user(
                conn,
                &NewUser {
                    id: &new_id(),
                    email: &email,
                    email_verified: true,
                    password_hash: &hash,
                    display_name: name,
                    preferred_language: lang.code(),
                    role: role.as_str(),
                    disabled: false,
                    created_at: now,
                    updated_at: now,
                },
            )
        })?;
        created += 1;
    }
    if created > 0 {
        associations::seed(conn)?;
        courses::seed(conn, keys)?;
        consultations::seed(conn)?;
        projects::seed(conn, &keys.urls)?;
        messaging::seed(conn, keys.uploads.as_ref())?;
        circles::seed(conn, keys.uploads.as_ref())?;
    }
    Ok(created)
}

/// The id of a demo account.
fn user_id(conn: &mut DbConn, email: &str) -> ApiResult<Option<String>> {
    Ok(repo::find_user_by_email(conn, email)?.map(|u| u.id))
}
