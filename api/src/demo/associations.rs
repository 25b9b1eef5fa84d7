//! The demo associations: two of Amina's, two of Karim's, one of each verified.

use madani_shared::LocalizedText;
use madani_shared::associations::{Category, ContactItem, CreateAssociation, Field, SizeBand};

use crate::auth::repo;
use crate::db::DbConn;
use crate::error::ApiResult;

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

pub fn seed(conn: &mut DbConn) -> ApiResult<()> {
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
        let mut row = crate::associations::service::register(conn, &user.id, &request)?;
        if *verified {
            row.status = "verified".into();
            crate::associations::repo::update(conn, &row)?;
        }
    }
    Ok(())
}
