//! `madani seed-associations N`: realistic generated associations (Arabic and French names, every
//! wilaya, fields, categories, sizes) for demos and benchmarks, inserted in batches with progress.
//! Deterministic: the same N gives the same data.

use std::io::Write;

use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::associations::{Category, Field, SizeBand};

use crate::associations::rows::AssociationRow;
use crate::associations::service::{search_terms, sort_name};
use crate::auth::rows::NewUser;
use crate::auth::{passwords, repo as users};
use crate::db::schema::{association_fields, association_members, association_terms, associations, communes};
use crate::db::{DbConn, new_id, now};
use crate::error::ApiResult;

pub mod activities;
pub mod consultation;
pub mod sockets;

const KINDS: &[(&str, &str)] = &[
    ("جمعية", "Association"),
    ("نادي", "Club"),
    ("رابطة", "Ligue"),
    ("منظمة", "Organisation"),
    ("تعاونية", "Coopérative"),
];
const THEMES: &[(&str, &str, Field)] = &[
    ("الأمل", "El Amel", Field::Youth),
    ("النور", "En-Nour", Field::Culture),
    ("الإحسان", "El Ihsane", Field::SocialSolidarity),
    ("البيئة الخضراء", "Environnement vert", Field::Environment),
    ("أصدقاء المدرسة", "Amis de l'école", Field::Education),
    ("الصحة للجميع", "Santé pour tous", Field::Health),
    ("المرأة الريفية", "Femmes rurales", Field::Women),
    ("التراث", "Patrimoine", Field::Heritage),
    ("الرياضة والشباب", "Sport et jeunesse", Field::Sport),
    ("حقوق الطفل", "Droits de l'enfant", Field::Childhood),
    ("التنمية المحلية", "Développement local", Field::LocalDevelopment),
    ("العلوم والتكنولوجيا", "Sciences et technologies", Field::ScienceTechnology),
    ("ذوي الهمم", "Handicap et inclusion", Field::Disability),
    ("الفلاحين", "Agriculteurs", Field::Agriculture),
    ("حماية المستهلك", "Protection du consommateur", Field::ConsumerProtection),
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[(self.next() % list.len() as u64) as usize]
    }
}

/// Insert `count` generated associations owned by a seed account; returns how many were inserted.
pub fn associations(conn: &mut DbConn, count: usize, progress: bool) -> ApiResult<usize> {
    let owner = match users::find_user_by_email(conn, "seed-owner@madani.test")? {
        Some(u) => u.id,
        None => {
            let hash = passwords::hash(&crate::auth::tokens::random_token(24))?;
            let now = now();
            let id = new_id();
            users::insert_user(
                conn,
                &NewUser {
                    id: &id,
                    email: "seed-owner@madani.test",
                    email_verified: true,
                    password_hash: &hash,
                    display_name: "Seed owner",
                    preferred_language: "fr",
                    role: "member",
                    disabled: false,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            id
        }
    };
    let places: Vec<(i32, String)> = communes::table.select((communes::id, communes::wilaya_code)).load(conn)?;
    // Every wilaya's and commune's names, for the search terms (as the registry indexes them).
    let wilaya_names: std::collections::HashMap<String, LocalizedText> =
        crate::territories::repo::list_wilayas(conn)?.into_iter().map(|w| (w.code, w.name)).collect();
    let commune_names: std::collections::HashMap<i32, LocalizedText> = communes::table
        .select((communes::id, communes::name_ar, communes::name_fr, communes::name_en))
        .load::<(i32, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, ar, fr, en)| (id, LocalizedText { ar: Some(ar), fr: Some(fr), en: Some(en) }))
        .collect();
    let existing: i64 = associations::table.count().get_result(conn)?;
    let mut rng = Rng(0x9E3779B97F4A7C15 ^ (existing as u64 + 1));
    let categories = Category::ALL;
    let sizes = SizeBand::ALL;
    let mut done = 0;
    while done < count {
        let batch = (count - done).min(1000);
        let mut rows = Vec::with_capacity(batch);
        let mut field_rows = Vec::new();
        let mut term_rows = Vec::new();
        let mut member_rows = Vec::new();
        let now = now();
        for i in 0..batch {
            let n = existing as usize + done + i + 1;
            let (kind_ar, kind_fr) = *rng.pick(KINDS);
            let (theme_ar, theme_fr, field) = *rng.pick(THEMES);
            let (commune, wilaya) = rng.pick(&places).clone();
            let name = LocalizedText {
                ar: Some(format!("{kind_ar} {theme_ar} {n}")),
                fr: Some(format!("{kind_fr} {theme_fr} {n}")),
                en: None,
            };
            let description = LocalizedText {
                fr: Some(format!("{kind_fr} active depuis {} dans la wilaya {wilaya}.", 1990 + n % 35)),
                ..Default::default()
            };
            let id = new_id();
            let mut fields = vec![field];
            let extra = *rng.pick(Field::ALL);
            if extra != field && rng.next().is_multiple_of(2) {
                fields.push(extra);
            }
            for f in &fields {
                field_rows.push((
                    association_fields::association_id.eq(id.clone()),
                    association_fields::field.eq(f.as_str()),
                ));
            }
            let place: Vec<LocalizedText> =
                wilaya_names.get(&wilaya).cloned().into_iter().chain(commune_names.get(&commune).cloned()).collect();
            for (term, weight) in search_terms(&name, None, &description, &place) {
                term_rows.push((
                    association_terms::term.eq(term),
                    association_terms::association_id.eq(id.clone()),
                    association_terms::weight.eq(weight),
                ));
            }
            member_rows.push((
                association_members::association_id.eq(id.clone()),
                association_members::user_id.eq(owner.clone()),
                association_members::role.eq("owner"),
                association_members::joined_at.eq(now),
            ));
            rows.push(AssociationRow {
                sort_name: sort_name(&name),
                name_ar: name.ar.clone(),
                name_fr: name.fr.clone(),
                name_en: None,
                id,
                acronym: None,
                registration_number: format!("{wilaya}/SEED/{n:07}"),
                category: rng.pick(categories).as_str().to_owned(),
                wilaya_code: wilaya,
                commune_id: Some(commune),
                address: None,
                address_public: false,
                founded_on: None,
                size_band: rng.pick(sizes).as_str().to_owned(),
                description_ar: None,
                description_fr: description.fr.clone(),
                description_en: None,
                contacts: "{}".into(),
                status: if rng.next() % 10 < 7 { "verified" } else { "pending" }.into(),
                status_reason: None,
                created_at: now,
                updated_at: now,
                logo: None,
            });
        }
        crate::db::write_tx(conn, |conn| {
            crate::db::insert_chunks!(conn, associations::table, rows, 2000);
            crate::db::insert_chunks!(conn, association_fields::table, field_rows, 2000);
            crate::db::insert_chunks!(conn, association_terms::table, term_rows, 2000);
            crate::db::insert_chunks!(conn, association_members::table, member_rows, 2000);
            Ok::<_, diesel::result::Error>(())
        })?;
        done += batch;
        if progress {
            let width = 30;
            let filled = done * width / count;
            eprint!("\rseeding [{}{}] {done}/{count}", "#".repeat(filled), " ".repeat(width - filled));
            let _ = std::io::stderr().flush();
        }
    }
    if progress {
        eprintln!();
    }
    // Fresh statistics, so the query planners know how selective each column is.
    diesel::connection::SimpleConnection::batch_execute(conn, "ANALYZE")?;
    Ok(done)
}
