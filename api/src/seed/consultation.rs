//! `madani seed-consultation N --owner EMAIL`: a published consultation of 20 questions with N
//! generated final answers (every wilaya, fields, every kind of answer) and its tallies, made as the
//! submissions would have made them; and 200 verified associations owned by EMAIL, to submit more
//! (the bench's submission scenario). Deterministic: the same N gives the same answers.

use chrono::TimeDelta;
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::consultations::*;

use super::Rng;
use crate::consultations::repo::answers as answers_repo;
use crate::consultations::repo::{self as consultations_repo};
use crate::consultations::rows::{ConsultationRow, OrganiserRow, ResponseRow};
use crate::consultations::service::tally::{self, Deltas, Place};
use crate::db::{DbConn, new_id, now};
use crate::error::{ApiError, ApiResult};

fn text(s: &str) -> LocalizedText {
    LocalizedText { fr: Some(s.to_owned()), ..Default::default() }
}

fn question(n: usize) -> SurveyQuestion {
    let (kind, options) = match n % 10 {
        0..=2 => (SurveyQuestionKind::SingleChoice, 4),
        3 | 4 => (SurveyQuestionKind::MultipleChoice, 5),
        5 | 6 => (SurveyQuestionKind::Scale, 0),
        7 => (SurveyQuestionKind::Number, 0),
        8 => (SurveyQuestionKind::Ranking, 4),
        _ => (SurveyQuestionKind::LongText, 0),
    };
    SurveyQuestion {
        id: format!("q{n}"),
        kind,
        title: text(&format!("Question {n}")),
        help: LocalizedText::default(),
        required: false,
        options: (0..options)
            .map(|o| SurveyChoice { id: format!("o{o}"), label: text(&format!("Option {o}")) })
            .collect(),
        rows: vec![],
        min_choices: None,
        max_choices: None,
        scale_max: (kind == SurveyQuestionKind::Scale).then_some(5),
        low_label: LocalizedText::default(),
        high_label: LocalizedText::default(),
        min: (kind == SurveyQuestionKind::Number).then_some(0.0),
        max: (kind == SurveyQuestionKind::Number).then_some(1000.0),
        show_if: None,
    }
}

fn answer(rng: &mut Rng, q: &SurveyQuestion) -> AnswerItem {
    let mut a = AnswerItem { question_id: q.id.clone(), ..Default::default() };
    let option = |rng: &mut Rng| q.options[(rng.next() % q.options.len() as u64) as usize].id.clone();
    match q.kind {
        SurveyQuestionKind::SingleChoice => a.choice = Some(option(rng)),
        SurveyQuestionKind::MultipleChoice => {
            let mut picked: Vec<String> = (0..1 + rng.next() % 3).map(|_| option(rng)).collect();
            picked.sort();
            picked.dedup();
            a.choices = picked;
        }
        SurveyQuestionKind::Scale => a.number = Some((1 + rng.next() % 5) as f64),
        SurveyQuestionKind::Number => a.number = Some((rng.next() % 1001) as f64),
        SurveyQuestionKind::Ranking => {
            let mut order: Vec<String> = q.options.iter().map(|o| o.id.clone()).collect();
            order.rotate_left((rng.next() % 4) as usize);
            a.ranking = order;
        }
        _ => a.text = Some("Une proposition.".into()),
    }
    a
}

/// What was made: the consultation and the associations EMAIL owns.
pub struct Seeded {
    pub consultation: String,
    pub associations: Vec<String>,
}

pub fn seed(conn: &mut DbConn, count: usize, owner_email: &str) -> ApiResult<Seeded> {
    let owner = crate::auth::repo::find_user_by_email(conn, owner_email)?
        .ok_or_else(|| ApiError::field("owner", "unknown_account", "no account has this address"))?;
    let at = now();
    let institution = crate::institutions::rows::InstitutionRow {
        id: new_id(),
        kind: "observatory".into(),
        name_ar: None,
        name_fr: Some("Observatoire (banc d'essai)".into()),
        name_en: None,
        acronym: None,
        created_at: at,
        updated_at: at,
    };
    crate::institutions::repo::insert(conn, &institution)?;
    let questionnaire = Questionnaire {
        sections: vec![SurveySection { title: text("Banc d'essai"), questions: (0..20).map(question).collect() }],
    };
    let mut row = ConsultationRow {
        id: new_id(),
        institution_id: institution.id.clone(),
        title_ar: None,
        title_fr: Some(format!("Consultation de {count} réponses")),
        title_en: None,
        summary_ar: None,
        summary_fr: None,
        summary_en: None,
        body_ar: None,
        body_fr: None,
        body_en: None,
        respondent: "association".into(),
        audience: String::new(),
        audience_wilayas: String::new(),
        audience_fields: String::new(),
        status: "published".into(),
        opens_at: at - TimeDelta::hours(1),
        closes_at: at + TimeDelta::days(30),
        allow_edit: true,
        questionnaire: serde_json::to_string(&questionnaire).map_err(ApiError::internal)?,
        answer_count: count as i64,
        response_count: count as i64,
        created_by: None,
        created_at: at,
        updated_at: at,
        results_published_at: None,
        opened_notified_at: Some(at),
        reminded_at: None,
        results_notified_at: None,
        proposals_enabled: false,
        support_limit: None,
        support_threshold: None,
    };
    row.set_audience(&Audience::default());
    consultations_repo::insert(conn, &row)?;
    consultations_repo::insert_organiser(
        conn,
        &OrganiserRow { consultation_id: row.id.clone(), institution_id: institution.id, owner: true },
    )?;

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ count as u64);
    let wilayas: Vec<String> = (1..=58).map(|w| format!("{w:02}")).collect();
    let mut totals = Deltas::new();
    let mut batch = Vec::with_capacity(1000);
    for n in 0..count {
        let answers: Vec<AnswerItem> = questionnaire.questions().map(|q| answer(&mut rng, q)).collect();
        let wilaya = wilayas[(rng.next() % 58) as usize].clone();
        let fields = vec![Field::ALL[(rng.next() % Field::ALL.len() as u64) as usize].as_str().to_owned()];
        tally::add_into(
            &mut totals,
            tally::deltas(&questionnaire, &answers, &Place { wilaya: Some(&wilaya), fields: &fields }, 1),
        );
        batch.push(ResponseRow {
            id: new_id(),
            consultation_id: row.id.clone(),
            respondent_key: format!("seed:{n}"),
            association_id: None,
            user_id: None,
            status: "submitted".into(),
            answers: serde_json::to_string(&answers).map_err(ApiError::internal)?,
            wilaya_code: Some(wilaya),
            fields: fields.join(","),
            submitted_by: None,
            created_at: at,
            updated_at: at,
            submitted_at: Some(at),
        });
        if batch.len() == 1000 || n + 1 == count {
            crate::db::write_tx(conn, |conn| answers_repo::insert_responses(conn, &batch))?;
            batch.clear();
            if (n + 1) % 100_000 == 0 {
                eprintln!("  {} answers", n + 1);
            }
        }
    }
    let totals: Vec<_> = totals.into_iter().collect();
    answers_repo::add_tallies(conn, &row.id, &totals)?;

    // Associations to submit more answers for.
    let mut associations = Vec::new();
    for i in 0..200 {
        let request = madani_shared::associations::CreateAssociation {
            name: text(&format!("Association du banc {i}")),
            acronym: None,
            registration_number: format!("BENCH/{}/{i:04}", &row.id[..8]),
            category: madani_shared::associations::Category::Wilaya,
            fields: vec![Field::Youth],
            wilaya_code: wilayas[i % 58].clone(),
            commune_id: None,
            address: None,
            founded_on: None,
            size: madani_shared::associations::SizeBand::Small,
            description: LocalizedText::default(),
            email: None,
            phone: None,
            website: None,
            social_links: vec![],
        };
        let mut a = crate::associations::service::register(conn, &owner.id, &request)?;
        a.status = "verified".into();
        crate::associations::repo::update(conn, &a)?;
        associations.push(a.id);
    }
    Ok(Seeded { consultation: row.id, associations })
}
