//! The demo's projects: Amina's association leads a public school-support project (partners: Karim's
//! association and the ministry, which funds it) with milestones, an update, indicators with
//! actuals, and activities this month (a workshop with registrations, an open day); Karim's leads a
//! network project with El Amel as partner, with an activity for the project's members.

use crate::media::UrlSigner;
use chrono::{Datelike, NaiveDate, TimeDelta};
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::auth::Role;
use madani_shared::ids::{AssociationId, InstitutionId};
use madani_shared::projects::*;

use super::user_id;
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::projects::service::{activities, indicators, milestones, projects};

fn text(ar: &str, fr: &str, en: &str) -> LocalizedText {
    LocalizedText { ar: Some(ar.into()), fr: Some(fr.into()), en: Some(en.into()) }
}

fn member(conn: &mut DbConn, email: &str) -> ApiResult<Option<AuthUser>> {
    Ok(user_id(conn, email)?.map(|id| AuthUser { id, session_id: String::new(), role: Role::Member }))
}

/// The first association `owner` leads with this registration number.
pub(super) fn association_id(conn: &mut DbConn, number: &str) -> ApiResult<Option<AssociationId>> {
    use crate::db::schema::associations;
    use diesel::prelude::*;
    let id: Option<String> = associations::table
        .filter(associations::registration_number.eq(number))
        .select(associations::id)
        .first(conn)
        .optional()?;
    Ok(id.as_deref().map(AssociationId::stored))
}

fn ministry(conn: &mut DbConn) -> ApiResult<Option<InstitutionId>> {
    Ok(crate::institutions::repo::all(conn)?
        .into_iter()
        .find(|i| i.acronym.as_deref() == Some("MSNF"))
        .map(|i| InstitutionId::stored(&i.id)))
}

fn day(d: NaiveDate, hour: u32, minute: u32) -> chrono::NaiveDateTime {
    d.and_hms_opt(hour, minute, 0).unwrap_or_default()
}

pub fn seed(conn: &mut DbConn, urls: &UrlSigner) -> ApiResult<()> {
    let (Some(amina), Some(karim), Some(sarah)) =
        (member(conn, "amina@madani.test")?, member(conn, "karim@madani.test")?, member(conn, "sarah@madani.test")?)
    else {
        return Ok(());
    };
    let (Some(el_amel), Some(ihsane)) = (association_id(conn, "06/2019/0421")?, association_id(conn, "16/2015/0033")?)
    else {
        return Ok(());
    };
    let today = crate::projects::service::today();
    let first = today.with_day(1).unwrap_or(today);
    let year = today.year();
    let mut partners =
        vec![PartnerInput { association_id: Some(ihsane), institution_id: None, role: PartnerRole::Implementing }];
    if let Some(m) = ministry(conn)? {
        partners.push(PartnerInput { association_id: None, institution_id: Some(m), role: PartnerRole::Funding });
    }
    let school = projects::create(
        conn,
        urls,
        &amina,
        &ProjectInput {
            association_id: el_amel,
            title: text("مدرسة الحي", "L'école du quartier", "The neighbourhood school"),
            summary: text(
                "دعم مدرسي لـ120 تلميذاً في بجاية، مساءً وأيام السبت.",
                "Soutien scolaire pour 120 élèves de Béjaïa, le soir et le samedi.",
                "After-school support for 120 pupils in Béjaïa, evenings and Saturdays.",
            ),
            description: text(
                "يجمع المشروع **متطوعين** ومعلمين متقاعدين.",
                "Le projet réunit des **bénévoles** et des enseignants retraités.",
                "The project brings together **volunteers** and retired teachers.",
            ),
            status: ProjectStatus::Implementation,
            visibility: ProjectVisibility::Public,
            country: Country::Dz,
            wilayas: vec!["06".into()],
            communes: vec![158],
            fields: vec![Field::Education, Field::Youth],
            budget: Some(2_500_000),
            currency: Currency::Dzd,
            funders: vec![Funder { name: "Ministère de la Solidarité nationale".into(), amount: Some(2_000_000) }],
            planned_start: NaiveDate::from_ymd_opt(year, 1, 15),
            planned_end: NaiveDate::from_ymd_opt(year + 1, 6, 30),
            actual_start: NaiveDate::from_ymd_opt(year, 2, 1),
            actual_end: None,
            partners,
        },
    )?;
    let id = school.summary.id.to_string();
    let steps = [
        (
            text("توظيف المؤطرين", "Recrutement des animateurs", "Recruiting the tutors"),
            first - TimeDelta::days(60),
            1,
            true,
        ),
        (
            text("تجهيز القاعات", "Aménagement des salles", "Fitting out the rooms"),
            first - TimeDelta::days(10),
            2,
            false,
        ),
        (text("الحصيلة النصفية", "Bilan de mi-parcours", "Mid-term review"), first + TimeDelta::days(75), 3, false),
    ];
    let mut done_one = None;
    for (title, due_on, weight, done) in steps {
        let m = milestones::create(
            conn,
            &amina,
            &id,
            &MilestoneInput { title, due_on, weight, done_on: done.then_some(due_on - TimeDelta::days(3)) },
        )?;
        if done {
            done_one = Some(m.id);
        }
    }
    projects::set_following(conn, urls, &sarah, &id, true)?;
    milestones::post(
        conn,
        &amina,
        &id,
        &NewProjectUpdate {
            body: "Les **20 animateurs** sont recrutés ; les cours commencent le mois prochain.".into(),
            milestone_id: done_one,
        },
    )?;
    let workshop = activities::create(
        conn,
        &amina,
        &id,
        &ActivityInput {
            title: text("ورشة الرياضيات للعائلات", "Atelier de mathématiques en famille", "Family maths workshop"),
            description: text(
                "ورشة للتلاميذ وأوليائهم.",
                "Un atelier pour les élèves et leurs parents.",
                "A workshop for pupils and their parents.",
            ),
            time_zone: None,
            all_day: false,
            start: day(first + TimeDelta::days(13), 10, 0),
            end: day(first + TimeDelta::days(13), 12, 30),
            commune_id: Some(158),
            address: Some("Maison de la culture, Béjaïa".into()),
            online_url: None,
            public: true,
            capacity: Some(20),
            waitlist: true,
        },
    )?;
    activities::register(conn, &karim, &workshop.id.to_string())?;
    activities::register(conn, &sarah, &workshop.id.to_string())?;
    activities::create(
        conn,
        &amina,
        &id,
        &ActivityInput {
            title: text("يوم الأبواب المفتوحة", "Journée portes ouvertes", "Open day"),
            description: LocalizedText::default(),
            time_zone: None,
            all_day: true,
            start: day(first + TimeDelta::days(20), 0, 0),
            end: day(first + TimeDelta::days(20), 0, 0),
            commune_id: Some(158),
            address: Some("École primaire Ibn Khaldoun".into()),
            online_url: None,
            public: true,
            capacity: None,
            waitlist: false,
        },
    )?;
    let period = |from: (i32, u32), to: (i32, u32, u32), target: f64| IndicatorPeriod {
        start: NaiveDate::from_ymd_opt(from.0, from.1, 1).unwrap_or(today),
        end: NaiveDate::from_ymd_opt(to.0, to.1, to.2).unwrap_or(today),
        target: Some(target),
    };
    let pupils = indicators::create(
        conn,
        &amina,
        &id,
        &IndicatorInput {
            result_kind: ResultKind::Output,
            result_title: text("تلاميذ مرافقون", "Des élèves accompagnés", "Pupils supported"),
            title: text("تلاميذ يحضرون الدعم", "Élèves suivant le soutien", "Pupils attending support"),
            measure: Measure::Unit,
            unit: Some("élèves".into()),
            ascending: true,
            baseline_value: Some(0.0),
            baseline_on: NaiveDate::from_ymd_opt(year, 1, 15),
            periods: vec![period((year, 1), (year, 6, 30), 60.0), period((year, 7), (year, 12, 31), 120.0)],
        },
    )?;
    for (value, month, wilaya) in [(38.0, 3, Some("06")), (12.0, 5, Some("06")), (45.0, 9, None)] {
        indicators::report(
            conn,
            &amina,
            &id,
            &pupils.id.to_string(),
            &ActualInput {
                value,
                measured_on: NaiveDate::from_ymd_opt(year, month, 28).unwrap_or(today),
                comment: None,
                wilaya: wilaya.map(str::to_owned),
            },
        )?;
    }
    let success = indicators::create(
        conn,
        &amina,
        &id,
        &IndicatorInput {
            result_kind: ResultKind::Outcome,
            result_title: text("تحسن النجاح المدرسي", "La réussite scolaire progresse", "School success improves"),
            title: text("نسبة الانتقال", "Taux de passage en classe supérieure", "Pass rate"),
            measure: Measure::Percentage,
            unit: None,
            ascending: true,
            baseline_value: Some(48.0),
            baseline_on: NaiveDate::from_ymd_opt(year - 1, 6, 30),
            periods: vec![period((year, 1), (year, 6, 30), 60.0), period((year, 7), (year, 12, 31), 70.0)],
        },
    )?;
    indicators::report(
        conn,
        &amina,
        &id,
        &success.id.to_string(),
        &ActualInput {
            value: 64.0,
            measured_on: NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or(today),
            comment: Some("Fin du premier semestre".into()),
            wilaya: Some("06".into()),
        },
    )?;

    let baskets = projects::create(
        conn,
        urls,
        &karim,
        &ProjectInput {
            association_id: ihsane,
            title: text("قفة التضامن", "Paniers solidaires", "Solidarity baskets"),
            summary: text(
                "توزيع قفف غذائية على 300 عائلة.",
                "Des paniers alimentaires pour 300 familles.",
                "Food baskets for 300 families.",
            ),
            description: LocalizedText::default(),
            status: ProjectStatus::Implementation,
            visibility: ProjectVisibility::Network,
            country: Country::Dz,
            wilayas: vec!["16".into(), "06".into()],
            communes: vec![],
            fields: vec![Field::SocialSolidarity],
            budget: Some(900_000),
            currency: Currency::Dzd,
            funders: vec![],
            planned_start: Some(first),
            planned_end: Some(first + TimeDelta::days(120)),
            actual_start: None,
            actual_end: None,
            partners: vec![PartnerInput {
                association_id: Some(el_amel),
                institution_id: None,
                role: PartnerRole::Implementing,
            }],
        },
    )?;
    activities::create(
        conn,
        &karim,
        &baskets.summary.id.to_string(),
        &ActivityInput {
            title: text("اجتماع تنسيق المتطوعين", "Réunion des bénévoles", "Volunteers' meeting"),
            description: LocalizedText::default(),
            time_zone: None,
            all_day: false,
            start: day(first + TimeDelta::days(9), 18, 0),
            end: day(first + TimeDelta::days(9), 19, 30),
            commune_id: None,
            address: None,
            online_url: Some("https://meet.example.org/ihsane".into()),
            public: false,
            capacity: None,
            waitlist: false,
        },
    )?;
    Ok(())
}
