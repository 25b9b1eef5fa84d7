//! The demo courses: two published in Arabic and French, with modules, text lessons and a quiz (the
//! first completed by Amina, who holds its certificate), and a draft the observatory is writing.
//! Made through the courses' own services, so that they are exactly what a trainer would make.

use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::auth::Role;
use madani_shared::courses::{
    CourseLevel, CourseStatus, CreateCourse, CreateLesson, CreateModule, GivenAnswer, LessonKind, QuestionKind, Quiz,
    QuizChoice, QuizQuestion, UpdateCourse,
};
use madani_shared::text::Language;

use super::user_id;
use crate::auth::AuthUser;
use crate::certificates::Issuer;
use crate::courses::access;
use crate::courses::repo as course_repo;
use crate::courses::service::{catalog, learning, lessons, outline, quizzes};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::media::UrlSigner;

/// What the demo needs besides the database: the certificate issuer, the signer of the addresses
/// of covers and videos, and the storage of uploads (for the files of messages and posts).
pub struct Keys {
    pub issuer: Issuer,
    pub urls: UrlSigner,
    pub uploads: std::sync::Arc<dyn crate::storage::Storage>,
}

fn text(ar: &str, fr: &str) -> LocalizedText {
    LocalizedText { ar: Some(ar.into()), fr: Some(fr.into()), en: None }
}

/// A lesson of a demo course: (title ar, title fr, body ar, body fr).
type Page = (&'static str, &'static str, &'static str, &'static str);

/// A demo course: title, summary, field, its modules with their text lessons, and its quiz.
struct Demo {
    title: (&'static str, &'static str),
    summary: (&'static str, &'static str),
    field: Field,
    minutes: u32,
    modules: &'static [((&'static str, &'static str), &'static [Page])],
    quiz: fn() -> Quiz,
}

const GOVERNANCE: Demo = Demo {
    title: ("تسيير الجمعية: الأساسيات", "Gérer une association : les bases"),
    summary: (
        "الجمعية العامة، المكتب، الميزانية والتقارير: ما يحتاجه كل مسيّر جمعية في سنته الأولى.",
        "Assemblée générale, bureau, budget et rapports : l'essentiel pour la première année d'un dirigeant associatif.",
    ),
    field: Field::LocalDevelopment,
    minutes: 45,
    modules: &[
        (
            ("هيئات الجمعية", "Les organes de l'association"),
            &[
                (
                    "الجمعية العامة",
                    "L'assemblée générale",
                    "الجمعية العامة هي **الهيئة العليا** للجمعية. تجتمع مرة في السنة على الأقل، \
                     تصادق على التقرير الأدبي والتقرير المالي، وتنتخب الهيئة التنفيذية.\n\n\
                     - تُرسل الدعوة إلى كل الأعضاء قبل الموعد بوقت كافٍ؛\n- يُحرَّر محضر يوقّعه الرئيس والكاتب العام.",
                    "L'assemblée générale est l'**organe souverain** de l'association. Elle se réunit au moins une fois \
                     par an, approuve le rapport moral et le rapport financier, et élit l'organe exécutif.\n\n\
                     - la convocation part à tous les membres assez tôt ;\n- un procès-verbal est signé par le président \
                     et le secrétaire général.",
                ),
                (
                    "المكتب التنفيذي",
                    "Le bureau exécutif",
                    "يسيّر المكتب التنفيذي الجمعية بين جمعيتين عامتين: الرئيس يمثّلها، الكاتب العام يحفظ سجلاتها، \
                     وأمين المال يمسك حساباتها. توزيع المهام كتابيًا يجنّب الخلافات.",
                    "Le bureau exécutif dirige l'association entre deux assemblées : le président la représente, le \
                     secrétaire général tient ses registres, le trésorier ses comptes. Écrire qui fait quoi évite bien \
                     des conflits.",
                ),
            ],
        ),
        (
            ("المال والتقارير", "L'argent et les comptes rendus"),
            &[(
                "الميزانية السنوية",
                "Le budget annuel",
                "تُعدّ الميزانية قبل بداية السنة وتصادق عليها الجمعية العامة. كل مصروف يُثبت بوصل، \
                 وكل إعانة عمومية تُصرف في الغرض الذي مُنحت له.",
                "Le budget se prépare avant le début de l'année et l'assemblée générale l'adopte. Chaque dépense a \
                 son justificatif, et chaque subvention publique sert l'objet pour lequel elle a été accordée.",
            )],
        ),
    ],
    quiz: governance_quiz,
};

const PROJECTS: Demo = Demo {
    title: ("إعداد مشروع جمعوي وتمويله", "Monter et financer un projet associatif"),
    summary: (
        "من الفكرة إلى طلب التمويل: تحديد المشكلة والأهداف والأنشطة ومؤشرات النجاح والميزانية.",
        "De l'idée à la demande de financement : problème, objectifs, activités, indicateurs de réussite et budget.",
    ),
    field: Field::SocialSolidarity,
    minutes: 60,
    modules: &[(
        ("من الفكرة إلى المشروع", "De l'idée au projet"),
        &[
            (
                "تحديد المشكلة",
                "Cerner le problème",
                "ابدأ بالمشكلة لا بالحل: من المعنيّ بها؟ أين؟ كم عددهم؟ استعن بأرقام البلدية أو الولاية.",
                "Partez du problème, pas de la solution : qui est concerné, où, combien ? Appuyez-vous sur les \
                 chiffres de la commune ou de la wilaya.",
            ),
            (
                "الأهداف والمؤشرات",
                "Objectifs et indicateurs",
                "الهدف الجيد قابل للقياس: «تكوين 40 شابًا في الإعلام الآلي خلال ستة أشهر». \
                 المؤشر يقول كيف ستعرف أنك بلغته.",
                "Un bon objectif se mesure : « former 40 jeunes à l'informatique en six mois ». L'indicateur dit \
                 comment vous saurez que vous l'avez atteint.",
            ),
        ],
    )],
    quiz: projects_quiz,
};

const DRAFT: Demo = Demo {
    title: ("التواصل الرقمي للجمعيات", "La communication numérique des associations"),
    summary: (
        "صفحة الجمعية، الشبكات الاجتماعية، والنشرة الإخبارية: التواصل بوسائل بسيطة.",
        "Page de l'association, réseaux sociaux, lettre d'information : communiquer avec des moyens simples.",
    ),
    field: Field::Culture,
    minutes: 30,
    modules: &[(
        ("الأساسيات", "Les bases"),
        &[(
            "لمن نكتب؟",
            "Pour qui écrit-on ?",
            "قبل أي منشور، حدّد جمهورك: الأعضاء، المتطوعون، الشركاء، أم سكان الحي؟",
            "Avant toute publication, choisissez votre public : membres, bénévoles, partenaires ou habitants du \
             quartier ?",
        )],
    )],
    quiz: governance_quiz,
};

fn choice(ar: &str, fr: &str, correct: bool) -> QuizChoice {
    QuizChoice { id: None, text: text(ar, fr), correct }
}

fn governance_quiz() -> Quiz {
    Quiz {
        pass_percent: 60,
        max_attempts: Some(3),
        time_limit_minutes: None,
        shuffle: true,
        show_answers: true,
        questions: vec![
            QuizQuestion {
                id: None,
                kind: QuestionKind::Single,
                prompt: text("من يصادق على ميزانية الجمعية؟", "Qui adopte le budget de l'association ?"),
                points: 2,
                choices: vec![
                    choice("الجمعية العامة", "L'assemblée générale", true),
                    choice("أمين المال وحده", "Le trésorier seul", false),
                    choice("الرئيس وحده", "Le président seul", false),
                ],
                answer: None,
                accepted: vec![],
            },
            QuizQuestion {
                id: None,
                kind: QuestionKind::TrueFalse,
                prompt: text("يُثبت كل مصروف بوصل.", "Chaque dépense a son justificatif."),
                points: 1,
                choices: vec![],
                answer: Some(true),
                accepted: vec![],
            },
            QuizQuestion {
                id: None,
                kind: QuestionKind::Short,
                prompt: text(
                    "ما اسم الهيئة العليا للجمعية؟",
                    "Comment s'appelle l'organe souverain de l'association ?",
                ),
                points: 1,
                choices: vec![],
                answer: None,
                accepted: vec!["الجمعية العامة".into(), "assemblée générale".into(), "l'assemblée générale".into()],
            },
        ],
    }
}

fn projects_quiz() -> Quiz {
    Quiz {
        pass_percent: 50,
        max_attempts: None,
        time_limit_minutes: Some(10),
        shuffle: false,
        show_answers: false,
        questions: vec![QuizQuestion {
            id: None,
            kind: QuestionKind::Multiple,
            prompt: text("ما الذي يجعل الهدف قابلًا للقياس؟", "Qu'est-ce qui rend un objectif mesurable ?"),
            points: 2,
            choices: vec![
                choice("عدد محدد", "Un nombre précis", true),
                choice("أجل محدد", "Une échéance", true),
                choice("عبارة عامة", "Une formule générale", false),
            ],
            answer: None,
            accepted: vec![],
        }],
    }
}

/// Someone acting in the demo, as the services see a signed-in user.
fn actor(id: String, role: Role) -> AuthUser {
    AuthUser { id, session_id: String::new(), role }
}

/// Write `demo` as `trainer`, published or left as a draft; its id.
fn write(conn: &mut DbConn, keys: &Keys, trainer: &AuthUser, demo: &Demo, publish: bool) -> ApiResult<String> {
    let course = catalog::create(
        conn,
        &keys.urls,
        trainer,
        CreateCourse {
            title: text(demo.title.0, demo.title.1),
            summary: text(demo.summary.0, demo.summary.1),
            field: demo.field,
            level: CourseLevel::Beginner,
            languages: vec![Language::Ar, Language::Fr],
            estimated_minutes: Some(demo.minutes),
            starts_on: None,
            ends_on: None,
            capacity: None,
        },
    )?;
    let id = course.summary.id.to_string();
    let row = course_repo::find_course(conn, &id)?;
    let mut last_module = None;
    for ((ar, fr), pages) in demo.modules {
        let module = outline::create(conn, &row, CreateModule { title: text(ar, fr) })?;
        let module_id = module.id.to_string();
        for (title_ar, title_fr, body_ar, body_fr) in *pages {
            let lesson = CreateLesson {
                title: text(title_ar, title_fr),
                kind: LessonKind::Text,
                required: true,
                body: text(body_ar, body_fr),
                url: None,
                estimated_minutes: Some(10),
            };
            lessons::create(conn, (&keys.urls, &trainer.id), &row, &module_id, lesson, None)?;
        }
        last_module = Some(module_id);
    }
    let module_id = last_module.ok_or_else(|| ApiError::internal("a demo course without a module"))?;
    let quiz_lesson = CreateLesson {
        title: text("اختبار قصير", "Petit quiz"),
        kind: LessonKind::Quiz,
        required: true,
        body: LocalizedText::default(),
        url: None,
        estimated_minutes: Some(5),
    };
    let lesson = lessons::create(conn, (&keys.urls, &trainer.id), &row, &module_id, quiz_lesson, None)?;
    quizzes::put(conn, &row, &lesson.id.to_string(), (demo.quiz)())?;
    if publish {
        let update = UpdateCourse { status: Some(CourseStatus::Published), ..Default::default() };
        catalog::update(conn, &keys.urls, trainer, row, update)?;
    }
    Ok(id)
}

/// `learner` enrols in `course` and completes every lesson, passing its quiz with the right answers.
fn complete(conn: &mut DbConn, keys: &Keys, learner: &AuthUser, course: &str) -> ApiResult<()> {
    let row = course_repo::find_course(conn, course)?;
    let rights = access::rights(conn, &row, Some(learner))?;
    learning::enrol(conn, &row, rights, &learner.id)?;
    for lesson in course_repo::lessons(conn, course)? {
        let enrolment = access::rights(conn, &row, Some(learner))?
            .enrolment
            .ok_or_else(|| ApiError::internal("the demo learner is not enrolled"))?;
        if lesson.kind() != LessonKind::Quiz {
            learning::complete_lesson(conn, &keys.issuer, enrolment, &lesson.id)?;
            continue;
        }
        let quiz = quizzes::get(conn, &row, &lesson.id)?;
        let attempt = quizzes::start(conn, &enrolment, &lesson.id)?;
        let answers: Vec<GivenAnswer> = quiz
            .questions
            .iter()
            .map(|q| GivenAnswer {
                question_id: q.id.clone().unwrap_or_default(),
                choice_ids: q.choices.iter().filter(|c| c.correct).filter_map(|c| c.id.clone()).collect(),
                value: q.answer,
                text: q.accepted.first().cloned(),
            })
            .collect();
        let rights = access::rights(conn, &row, Some(learner))?;
        let attempt_id = attempt.id.to_string();
        let result = quizzes::submit(conn, &keys.issuer, (&row, rights), learner, (&lesson.id, &attempt_id), &answers)?;
        if !result.passed {
            return Err(ApiError::internal("the demo learner failed the demo quiz"));
        }
    }
    Ok(())
}

/// The demo courses; Amina completes the first one.
pub fn seed(conn: &mut DbConn, keys: &Keys) -> ApiResult<()> {
    let (Some(observatory), Some(amina), Some(karim)) = (
        user_id(conn, "observatoire@madani.test")?,
        user_id(conn, "amina@madani.test")?,
        user_id(conn, "karim@madani.test")?,
    ) else {
        return Ok(());
    };
    let trainer = actor(observatory, Role::Observatory);
    let governance = write(conn, keys, &trainer, &GOVERNANCE, true)?;
    let projects = write(conn, keys, &trainer, &PROJECTS, true)?;
    write(conn, keys, &trainer, &DRAFT, false)?;
    complete(conn, keys, &actor(amina, Role::Member), &governance)?;
    // Karim has started the second one.
    let karim = actor(karim, Role::Member);
    let row = course_repo::find_course(conn, &projects)?;
    let rights = access::rights(conn, &row, Some(&karim))?;
    learning::enrol(conn, &row, rights, &karim.id)?;
    Ok(())
}
