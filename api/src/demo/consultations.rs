//! The demo's institutions and consultations: the observatory (the observatory account is its
//! manager), a ministry and the youth council with their own staff accounts; an open consultation
//! by the observatory, and a closed one whose results are published.

use chrono::{TimeDelta, Utc};
use madani_shared::LocalizedText;
use madani_shared::auth::Role;
use madani_shared::consultations::*;
use madani_shared::ids::InstitutionId;
use madani_shared::institutions::InstitutionKind;

use super::user_id;
use crate::auth::AuthUser;
use crate::consultations::service::{answers, consultations, proposals, states};
use crate::db::{DbConn, new_id, now};
use crate::error::ApiResult;
use crate::institutions::repo;
use crate::institutions::rows::{InstitutionRow, StaffRow};

fn text(ar: &str, fr: &str, en: &str) -> LocalizedText {
    LocalizedText { ar: Some(ar.into()), fr: Some(fr.into()), en: Some(en.into()) }
}

fn institution(
    conn: &mut DbConn,
    kind: InstitutionKind,
    name: LocalizedText,
    acronym: &str,
    manager: &str,
) -> ApiResult<Option<String>> {
    let Some(manager) = user_id(conn, manager)? else { return Ok(None) };
    let at = now();
    let row = InstitutionRow {
        id: new_id(),
        kind: kind.as_str().into(),
        name_ar: name.ar,
        name_fr: name.fr,
        name_en: name.en,
        acronym: Some(acronym.into()),
        created_at: at,
        updated_at: at,
    };
    repo::insert(conn, &row)?;
    repo::upsert_staff(
        conn,
        &StaffRow { institution_id: row.id.clone(), user_id: manager, role: "manager".into(), added_at: at },
    )?;
    Ok(Some(row.id))
}

fn choice(id: &str, ar: &str, fr: &str, en: &str) -> SurveyChoice {
    SurveyChoice { id: id.into(), label: text(ar, fr, en) }
}

fn question(id: &str, kind: SurveyQuestionKind, title: LocalizedText) -> SurveyQuestion {
    SurveyQuestion {
        id: id.into(),
        kind,
        title,
        help: LocalizedText::default(),
        required: true,
        options: vec![],
        rows: vec![],
        min_choices: None,
        max_choices: None,
        scale_max: None,
        low_label: LocalizedText::default(),
        high_label: LocalizedText::default(),
        min: None,
        max: None,
        show_if: None,
    }
}

/// The funding questionnaire: a single choice, a number shown only to those funded, a scale, a
/// multiple choice and a long text.
fn funding_questionnaire() -> Questionnaire {
    let funded = SurveyQuestion {
        options: vec![choice("yes", "نعم", "Oui", "Yes"), choice("no", "لا", "Non", "No")],
        ..question(
            "funded",
            SurveyQuestionKind::SingleChoice,
            text(
                "هل تلقّت جمعيتكم دعمًا عموميًا هذه السنة؟",
                "Votre association a-t-elle reçu une subvention publique cette année ?",
                "Did your association receive public funding this year?",
            ),
        )
    };
    let amount = SurveyQuestion {
        min: Some(0.0),
        max: Some(100_000_000.0),
        show_if: Some(DisplayCondition {
            question_id: "funded".into(),
            operator: ConditionOperator::Equals,
            option_id: Some("yes".into()),
        }),
        ..question(
            "amount",
            SurveyQuestionKind::Number,
            text("ما مبلغ الدعم (دج)؟", "Quel montant (DZD) ?", "How much (DZD)?"),
        )
    };
    let satisfaction = SurveyQuestion {
        scale_max: Some(5),
        low_label: text("غير راضٍ إطلاقًا", "Pas du tout satisfaits", "Not at all satisfied"),
        high_label: text("راضٍ جدًا", "Très satisfaits", "Very satisfied"),
        ..question(
            "satisfaction",
            SurveyQuestionKind::Scale,
            text(
                "ما مدى رضاكم عن إجراءات طلب الدعم؟",
                "Êtes-vous satisfaits de la procédure de demande ?",
                "How satisfied are you with the application procedure?",
            ),
        )
    };
    let needs = SurveyQuestion {
        max_choices: Some(2),
        options: vec![
            choice("training", "التكوين", "Formation", "Training"),
            choice("equipment", "التجهيز", "Équipement", "Equipment"),
            choice("premises", "المقر", "Locaux", "Premises"),
            choice("staff", "التوظيف", "Emploi", "Staff"),
        ],
        ..question(
            "needs",
            SurveyQuestionKind::MultipleChoice,
            text(
                "ما أولوياتكم؟ (اختيار اثنين على الأكثر)",
                "Vos priorités ? (deux au plus)",
                "Your priorities? (two at most)",
            ),
        )
    };
    let ideas = SurveyQuestion {
        required: false,
        ..question(
            "ideas",
            SurveyQuestionKind::LongText,
            text(
                "اقتراحاتكم لتحسين الدعم",
                "Vos propositions pour améliorer le soutien",
                "Your proposals to improve support",
            ),
        )
    };
    Questionnaire {
        sections: vec![
            SurveySection {
                title: text("التمويل", "Financement", "Funding"),
                questions: vec![funded, amount, satisfaction],
            },
            SurveySection { title: text("الاحتياجات", "Besoins", "Needs"), questions: vec![needs, ideas] },
        ],
    }
}

fn new_consultation(
    institution: &str,
    title: LocalizedText,
    summary: LocalizedText,
    opens_in: TimeDelta,
    lasts: TimeDelta,
) -> CreateConsultation {
    let opens_at = Utc::now() + opens_in;
    CreateConsultation {
        institution_id: InstitutionId::stored(institution),
        title,
        summary,
        body: text(
            "يطرح المرصد هذه الأسئلة على الجمعيات لإعداد توصياته للسنة المقبلة. يجيب مسؤول واحد باسم كل جمعية.",
            "L'Observatoire pose ces questions aux associations pour préparer ses recommandations de l'an prochain. **Un responsable** répond au nom de chaque association.",
            "The observatory asks associations these questions to prepare next year's recommendations. **One officer** answers for each association.",
        ),
        respondent: Respondent::Association,
        audience: Audience::default(),
        opens_at,
        closes_at: opens_at + lasts,
        allow_edit: true,
        proposals_enabled: true,
        support_limit: None,
        support_threshold: None,
    }
}

/// (officer, association's registration number, funded, amount, satisfaction, needs)
type DemoAnswer = (&'static str, &'static str, bool, f64, f64, &'static [&'static str]);

pub fn seed(conn: &mut DbConn) -> ApiResult<()> {
    let Some(observatory) = institution(
        conn,
        InstitutionKind::Observatory,
        text(
            "المرصد الوطني للمجتمع المدني",
            "Observatoire national de la société civile",
            "National Observatory of Civil Society",
        ),
        "ONSC",
        "observatoire@madani.test",
    )?
    else {
        return Ok(());
    };
    institution(
        conn,
        InstitutionKind::Ministry,
        text(
            "وزارة التضامن الوطني والأسرة",
            "Ministère de la Solidarité nationale et de la Famille",
            "Ministry of National Solidarity and the Family",
        ),
        "MSNF",
        "ministere@madani.test",
    )?;
    institution(
        conn,
        InstitutionKind::Council,
        text("المجلس الأعلى للشباب", "Conseil supérieur de la jeunesse", "High Council of Youth"),
        "CSJ",
        "jeunesse@madani.test",
    )?;
    let Some(staff_id) = user_id(conn, "observatoire@madani.test")? else { return Ok(()) };
    let staff = AuthUser { id: staff_id, session_id: String::new(), role: Role::Observatory };

    // Open now, for two weeks.
    let open = consultations::create(
        conn,
        &staff,
        &new_consultation(
            &observatory,
            text(
                "استشارة حول دعم الجمعيات 2027",
                "Consultation sur le soutien aux associations 2027",
                "Consultation on support for associations 2027",
            ),
            text(
                "كيف يجب أن يتطوّر الدعم العمومي للجمعيات؟",
                "Comment le soutien public aux associations doit-il évoluer ?",
                "How should public support for associations change?",
            ),
            TimeDelta::hours(-1),
            TimeDelta::days(14),
        ),
    )?;
    let open_id = open.summary.id.to_string();
    consultations::put_questionnaire(conn, &staff, &open_id, &funding_questionnaire())?;
    consultations::transition(conn, &staff, &open_id, consultations::Transition::Publish)?;
    // Two proposals, one supported by Amina.
    if let (Some(karim), Some(amina)) = (user_id(conn, "karim@madani.test")?, user_id(conn, "amina@madani.test")?) {
        let karim = AuthUser { id: karim, session_id: String::new(), role: Role::Member };
        let amina = AuthUser { id: amina, session_id: String::new(), role: Role::Member };
        let one_window = proposals::create(
            conn,
            &karim,
            &open_id,
            &CreateProposal {
                title: "Un guichet unique pour les subventions".into(),
                body: "Un seul dossier, en ligne, pour toutes les aides publiques aux associations, avec le suivi de la demande.".into(),
                association_id: None,
                wilaya_code: Some("16".into()),
            },
        )?;
        proposals::create(
            conn,
            &amina,
            &open_id,
            &CreateProposal {
                title: "تمويل متعدد السنوات للمشاريع".into(),
                body: "تمويل المشاريع الجمعوية على ثلاث سنوات بدل سنة واحدة، لضمان استمرارية الأنشطة.".into(),
                association_id: None,
                wilaya_code: Some("06".into()),
            },
        )?;
        proposals::support(conn, &amina, &one_window.id.to_string(), true)?;
        // The observatory's own state, and the first proposal answered with it.
        let referred = PutProposalState {
            state: ProposalState::Evaluating,
            label: text("أحيل إلى الوزارة", "Transmise au ministère", "Referred to the ministry"),
        };
        states::put(conn, &staff, &observatory, "referred_to_ministry", &referred)?;
        let answer = AnswerProposal {
            state: ProposalState::Evaluating,
            custom_state: Some("referred_to_ministry".into()),
            text: text(
                "أحلنا المقترح إلى وزارة التضامن لدراسة جدواه.",
                "Nous avons transmis la proposition au ministère de la Solidarité, qui en étudie la faisabilité.",
                "We referred the proposal to the Ministry of Solidarity, which is studying its feasibility.",
            ),
            publish: true,
        };
        proposals::answer(conn, &staff, &one_window.id.to_string(), &answer)?;
    }

    // Last year's: answered by three associations, closed, results published.
    let past = consultations::create(
        conn,
        &staff,
        &new_consultation(
            &observatory,
            text(
                "استشارة حول دعم الجمعيات 2026",
                "Consultation sur le soutien aux associations 2026",
                "Consultation on support for associations 2026",
            ),
            text(
                "نتائج استشارة السنة الماضية",
                "Les résultats de la consultation de l'an dernier",
                "The results of last year's consultation",
            ),
            TimeDelta::hours(-2),
            TimeDelta::days(30),
        ),
    )?;
    let past_id = past.summary.id.to_string();
    consultations::put_questionnaire(conn, &staff, &past_id, &funding_questionnaire())?;
    consultations::transition(conn, &staff, &past_id, consultations::Transition::Publish)?;
    let answer = |question: &str| AnswerItem { question_id: question.into(), ..Default::default() };
    let sets: [DemoAnswer; 3] = [
        ("amina@madani.test", "06/2019/0421", true, 450_000.0, 4.0, &["training", "equipment"]),
        ("amina@madani.test", "06/2021/0107", false, 0.0, 2.0, &["premises"]),
        ("karim@madani.test", "16/2015/0033", true, 1_200_000.0, 3.0, &["training", "staff"]),
    ];
    for (officer, number, funded, amount, satisfaction, needs) in sets {
        let (Some(officer), Some(association)) =
            (user_id(conn, officer)?, crate::associations::repo::id_by_registration_number(conn, number)?)
        else {
            continue;
        };
        let officer = AuthUser { id: officer, session_id: String::new(), role: Role::Member };
        let mut items = vec![AnswerItem { choice: Some(if funded { "yes" } else { "no" }.into()), ..answer("funded") }];
        if funded {
            items.push(AnswerItem { number: Some(amount), ..answer("amount") });
        }
        items.push(AnswerItem { number: Some(satisfaction), ..answer("satisfaction") });
        items.push(AnswerItem { choices: needs.iter().map(|n| (*n).to_owned()).collect(), ..answer("needs") });
        items.push(AnswerItem {
            text: Some("Simplifier les dossiers et publier les critères.".into()),
            ..answer("ideas")
        });
        answers::submit(
            conn,
            &officer,
            &past_id,
            &SaveAnswer {
                association_id: Some(association.parse().map_err(crate::error::ApiError::internal)?),
                answers: items,
            },
        )?;
    }
    consultations::transition(conn, &staff, &past_id, consultations::Transition::Close)?;
    consultations::transition(conn, &staff, &past_id, consultations::Transition::PublishResults)?;
    Ok(())
}
