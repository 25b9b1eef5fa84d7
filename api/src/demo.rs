//! Accounts for trying Madani locally: `madani seed-demo` (refused in production). Their passwords
//! are public in the README, so they must never exist on a real deployment.

use madani_shared::LocalizedText;
use madani_shared::associations::{Category, ContactItem, CreateAssociation, Field, SizeBand};
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
];

/// Demo associations: (owner email, ar name, fr name, registration, wilaya, commune, category, fields, verified).
type DemoAssociation = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    Category,
    &'static [Field],
    bool,
);

const DEMO_ASSOCIATIONS: &[DemoAssociation] = &[
    (
        "amina@madani.test",
        "جمعية الأمل للشباب",
        "Association El Amel pour la jeunesse",
        "06/2019/0421",
        "06",
        Some(158),
        Category::Wilaya,
        &[Field::Youth, Field::Culture],
        true,
    ),
    (
        "amina@madani.test",
        "جمعية أصدقاء بجاية",
        "Amis de Béjaïa",
        "06/2021/0107",
        "06",
        Some(158),
        Category::Communal,
        &[Field::Heritage, Field::Environment],
        false,
    ),
    (
        "karim@madani.test",
        "جمعية الإحسان للتضامن",
        "El Ihsane solidarité",
        "16/2015/0033",
        "16",
        None,
        Category::National,
        &[Field::SocialSolidarity, Field::Humanitarian],
        true,
    ),
    (
        "karim@madani.test",
        "نادي وهران للعلوم",
        "Club scientifique d'Oran",
        "31/2022/0250",
        "31",
        None,
        Category::Wilaya,
        &[Field::ScienceTechnology, Field::Education],
        false,
    ),
];

/// Create the demo accounts that do not exist yet; returns how many were created.
pub fn seed(conn: &mut DbConn) -> ApiResult<usize> {
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
        seed_associations(conn)?;
    }
    Ok(created)
}

fn seed_associations(conn: &mut DbConn) -> ApiResult<()> {
    for (owner, ar, fr, number, wilaya, commune, category, fields, verified) in DEMO_ASSOCIATIONS {
        let Some(user) = repo::find_user_by_email(conn, owner)? else { continue };
        let request = CreateAssociation {
            name: LocalizedText { ar: Some((*ar).into()), fr: Some((*fr).into()), en: None },
            acronym: None,
            registration_number: (*number).into(),
            category: *category,
            fields: fields.to_vec(),
            wilaya_code: (*wilaya).into(),
            commune_id: *commune,
            address: None,
            founded_on: None,
            size: SizeBand::Small,
            description: LocalizedText::default(),
            email: Some(ContactItem {
                value: format!("contact-{}@madani.test", number.replace('/', "-")),
                public: true,
            }),
            phone: None,
            website: None,
            social_links: vec![],
        };
        let mut row = crate::associations::register(conn, &user.id, &request)?;
        if *verified {
            row.status = "verified".into();
            crate::associations::repo::update(conn, &row)?;
        }
    }
    Ok(())
}
