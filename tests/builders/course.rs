//! `CourseBuilder`: a course written by staff, with modules, lessons and quizzes, published if asked.

use chrono::NaiveDate;
use madani_shared::associations::Field;
use madani_shared::auth::TokenResponse;
use madani_shared::courses::{
    AddTrainer, Course, CourseLevel, CourseStatus, CreateCourse, CreateLesson, CreateModule, LessonKind, Quiz,
    UpdateCourse,
};
use madani_shared::endpoints::{
    AddTrainerEndpoint, CreateCourseEndpoint, CreateLessonEndpoint, CreateModuleEndpoint, GetCourse, PutQuiz,
    UpdateCourseEndpoint,
};
use madani_shared::ids::{CourseId, LessonId, ModuleId};
use madani_shared::text::Language;
use madani_shared::{ClientError, LocalizedText};

use crate::{TestApp, fr};

/// By default a draft beginner course in local development, "Gestion de projet" (with an Arabic
/// title), taught in Arabic and French, of 120 minutes, without modules, open to any number.
///
/// A published course needs a lesson: published without modules of its own, it gets the sample
/// module "Les bases" of three text lessons, "Le cadre logique", "Pour aller plus loin" (optional)
/// and "Le budget".
pub struct CourseBuilder<'a> {
    staff: &'a TokenResponse,
    body: CreateCourse,
    modules: Vec<ModuleBuilder>,
    trainers: Vec<&'a TokenResponse>,
    published: bool,
}

/// A module's title and its lessons, in order.
pub struct ModuleBuilder {
    title: LocalizedText,
    lessons: Vec<(CreateLesson, Option<Quiz>)>,
}

/// What was built: the course as its creator sees it at the end (the answer to its publication;
/// for a draft, to its creation, or as read back once modules or trainers were added), and the
/// ids of what it holds, in reading order.
#[derive(Debug)]
pub struct BuiltCourse {
    pub course: Course,
    pub modules: Vec<ModuleId>,
    /// Every lesson, quizzes included.
    pub lessons: Vec<LessonId>,
    pub quiz_lessons: Vec<QuizLesson>,
}

/// A quiz lesson and its quiz as the server saved it (with the ids of questions and choices).
#[derive(Debug)]
pub struct QuizLesson {
    pub lesson: LessonId,
    pub quiz: Quiz,
}

impl BuiltCourse {
    pub fn id(&self) -> CourseId {
        self.course.summary.id
    }
}

impl<'a> CourseBuilder<'a> {
    /// A course created by `staff`, who is its first trainer.
    pub fn new(staff: &'a TokenResponse) -> Self {
        let body = CreateCourse {
            title: LocalizedText {
                fr: Some("Gestion de projet".into()),
                ar: Some("تسيير المشاريع الجمعوية".into()),
                en: None,
            },
            summary: fr("Du besoin au bilan : monter, suivre et clôturer un projet."),
            field: Field::LocalDevelopment,
            level: CourseLevel::Beginner,
            languages: vec![Language::Ar, Language::Fr],
            estimated_minutes: Some(120),
            starts_on: None,
            ends_on: None,
            capacity: None,
        };
        CourseBuilder { staff, body, modules: Vec::new(), trainers: Vec::new(), published: false }
    }

    /// The French title (the Arabic one stays).
    pub fn title(mut self, title: &str) -> Self {
        self.body.title.fr = Some(title.into());
        self
    }

    pub fn title_ar(mut self, title: &str) -> Self {
        self.body.title.ar = Some(title.into());
        self
    }

    /// The title in every language at once.
    pub fn title_text(mut self, title: LocalizedText) -> Self {
        self.body.title = title;
        self
    }

    pub fn field(mut self, field: Field) -> Self {
        self.body.field = field;
        self
    }

    pub fn level(mut self, level: CourseLevel) -> Self {
        self.body.level = level;
        self
    }

    pub fn languages(mut self, languages: &[Language]) -> Self {
        self.body.languages = languages.to_vec();
        self
    }

    pub fn dates(mut self, starts_on: Option<NaiveDate>, ends_on: Option<NaiveDate>) -> Self {
        self.body.starts_on = starts_on;
        self.body.ends_on = ends_on;
        self
    }

    pub fn capacity(mut self, capacity: u32) -> Self {
        self.body.capacity = Some(capacity);
        self
    }

    /// A module titled `title` (in French) whose lessons `lessons` adds:
    /// `.module("Les bases", |m| m.text_lesson("Le budget", true).quiz_lesson("Évaluation", quiz))`.
    pub fn module(mut self, title: &str, lessons: impl FnOnce(ModuleBuilder) -> ModuleBuilder) -> Self {
        self.modules.push(lessons(ModuleBuilder { title: fr(title), lessons: Vec::new() }));
        self
    }

    /// Another trainer, added by the course's creator.
    pub fn trainer(mut self, trainer: &'a TokenResponse) -> Self {
        self.trainers.push(trainer);
        self
    }

    pub fn published(mut self) -> Self {
        self.published = true;
        self
    }

    pub async fn build(mut self, app: &TestApp) -> Result<BuiltCourse, ClientError> {
        let client = app.as_user(self.staff);
        let mut course = client.call::<CreateCourseEndpoint>((), &self.body).await?;
        let id = course.summary.id;
        if self.published && self.modules.is_empty() {
            self = self.module("Les bases", |m| {
                m.text_lesson("Le cadre logique", true)
                    .text_lesson("Pour aller plus loin", false)
                    .text_lesson("Le budget", true)
            });
        }
        let (mut modules, mut lessons, mut quiz_lessons) = (Vec::new(), Vec::new(), Vec::new());
        for module in &self.modules {
            let module_id =
                client.call::<CreateModuleEndpoint>(id, &CreateModule { title: module.title.clone() }).await?.id;
            modules.push(module_id);
            for (lesson, quiz) in &module.lessons {
                let lesson_id = client.call::<CreateLessonEndpoint>((id, module_id), lesson).await?.id;
                lessons.push(lesson_id);
                if let Some(quiz) = quiz {
                    let quiz = client.call::<PutQuiz>((id, lesson_id), quiz).await?;
                    quiz_lessons.push(QuizLesson { lesson: lesson_id, quiz });
                }
            }
        }
        for trainer in &self.trainers {
            client.call::<AddTrainerEndpoint>(id, &AddTrainer { user_id: trainer.user.id }).await?;
        }
        if self.published {
            let publish = UpdateCourse { status: Some(CourseStatus::Published), ..Default::default() };
            course = client.call::<UpdateCourseEndpoint>(id, &publish).await?;
        } else if !self.modules.is_empty() || !self.trainers.is_empty() {
            course = client.call::<GetCourse>(id, &()).await?;
        }
        Ok(BuiltCourse { course, modules, lessons, quiz_lessons })
    }

    pub async fn expect_build(self, app: &TestApp) -> BuiltCourse {
        let title = self.body.title.fr.clone().unwrap_or_default();
        self.build(app).await.unwrap_or_else(|e| panic!("course {title:?}: {e}"))
    }
}

impl ModuleBuilder {
    /// A text lesson of ten minutes whose body has some Markdown ("Un **projet** part d'un problème.").
    pub fn text_lesson(self, title: &str, required: bool) -> Self {
        self.lesson(CreateLesson {
            title: fr(title),
            kind: LessonKind::Text,
            required,
            body: fr("Un **projet** part d'un problème."),
            url: None,
            estimated_minutes: Some(10),
        })
    }

    /// A required video lesson of twenty minutes, without an address: it waits for its file.
    pub fn video_lesson(self, title: &str) -> Self {
        self.lesson(CreateLesson {
            title: fr(title),
            kind: LessonKind::Video,
            required: true,
            body: LocalizedText::default(),
            url: None,
            estimated_minutes: Some(20),
        })
    }

    /// A required quiz lesson, and its quiz.
    pub fn quiz_lesson(mut self, title: &str, quiz: Quiz) -> Self {
        let lesson = CreateLesson {
            title: fr(title),
            kind: LessonKind::Quiz,
            required: true,
            body: LocalizedText::default(),
            url: None,
            estimated_minutes: None,
        };
        self.lessons.push((lesson, Some(quiz)));
        self
    }

    /// Any lesson.
    pub fn lesson(mut self, lesson: CreateLesson) -> Self {
        self.lessons.push((lesson, None));
        self
    }
}
