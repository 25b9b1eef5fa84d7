//! Database rows of the courses and their conversion to API types.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::courses::*;
use madani_shared::text::Language;

use crate::db::schema::{course_lessons, course_modules, courses, enrolments, quiz_attempts, quizzes};
use crate::db::to_utc;
use crate::media::{UrlSigner, content_type, key_version};

/// How long a lesson's signed video address works, in seconds: long enough to watch a long video
/// with pauses; the lesson, fetched again, gives a new one.
pub const VIDEO_URL_SECS: i64 = 2 * 3600;

/// Until when a video address given at `now` works: at least [`VIDEO_URL_SECS`], rounded up to
/// the next clock hour.
pub fn video_url_expiry(now: i64) -> i64 {
    ((now + VIDEO_URL_SECS) / 3600 + 1) * 3600
}

/// What a signature for a course's cover grants (the key changes with each new cover).
pub fn cover_resource(course_id: &str, key: &str) -> String {
    format!("course-cover\n{course_id}\n{key}")
}

/// What a signature for a lesson's video grants (the key changes with each new file).
pub fn video_resource(lesson_id: &str, key: &str) -> String {
    format!("lesson-video\n{lesson_id}\n{key}")
}

fn text(ar: &Option<String>, fr: &Option<String>, en: &Option<String>) -> LocalizedText {
    LocalizedText { ar: ar.clone(), fr: fr.clone(), en: en.clone() }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = courses, treat_none_as_null = true)]
pub struct CourseRow {
    pub id: String,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
    pub summary_ar: Option<String>,
    pub summary_fr: Option<String>,
    pub summary_en: Option<String>,
    pub search_text: String,
    pub field: String,
    pub level: String,
    pub languages: String,
    pub status: String,
    pub estimated_minutes: Option<i32>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub capacity: Option<i32>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The cover's storage key; changed only by its own requests, never by an edit of the course.
    #[diesel(skip_update)]
    pub cover: Option<String>,
}

impl CourseRow {
    pub fn title(&self) -> LocalizedText {
        text(&self.title_ar, &self.title_fr, &self.title_en)
    }

    pub fn summary_text(&self) -> LocalizedText {
        text(&self.summary_ar, &self.summary_fr, &self.summary_en)
    }

    pub fn status(&self) -> CourseStatus {
        CourseStatus::parse(&self.status).unwrap_or(CourseStatus::Draft)
    }

    pub fn languages(&self) -> Vec<Language> {
        self.languages.split(',').filter_map(Language::parse).collect()
    }

    /// Where the cover is served. A published course's address is public and stays the same until
    /// the cover changes; any other course's is signed for whoever was shown it (the course is
    /// visible to them), good for one to two hours and the same within a clock hour, so browsers
    /// still cache it.
    pub fn cover_url(&self, urls: &UrlSigner, now: i64) -> Option<String> {
        let key = self.cover.as_deref()?;
        let base = format!("/api/v1/courses/{}/cover?v={}", self.id, key_version(key)?);
        if self.status() == CourseStatus::Published {
            return Some(base);
        }
        let exp = (now / 3600 + 2) * 3600;
        Some(format!("{base}&exp={exp}&sig={}", urls.sign(&cover_resource(&self.id, key), exp)))
    }

    pub fn summary(&self, lesson_count: i64, learner_count: i64, urls: &UrlSigner) -> CourseSummary {
        CourseSummary {
            id: self.id.clone(),
            title: self.title(),
            summary: self.summary_text(),
            field: Field::parse(&self.field).unwrap_or(Field::Education),
            level: CourseLevel::parse(&self.level).unwrap_or(CourseLevel::Beginner),
            languages: self.languages(),
            status: self.status(),
            estimated_minutes: self.estimated_minutes.and_then(|m| u32::try_from(m).ok()),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            capacity: self.capacity.and_then(|c| u32::try_from(c).ok()),
            lesson_count,
            learner_count,
            created_at: to_utc(self.created_at),
            cover_url: self.cover_url(urls, crate::media::unix_now()),
        }
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = course_modules, treat_none_as_null = true)]
pub struct ModuleRow {
    pub id: String,
    pub course_id: String,
    pub position: i32,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
}

impl ModuleRow {
    pub fn title(&self) -> LocalizedText {
        text(&self.title_ar, &self.title_fr, &self.title_en)
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = course_lessons, treat_none_as_null = true)]
pub struct LessonRow {
    pub id: String,
    pub course_id: String,
    pub module_id: String,
    pub position: i32,
    pub kind: String,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
    pub body_ar: Option<String>,
    pub body_fr: Option<String>,
    pub body_en: Option<String>,
    pub url: Option<String>,
    pub required: bool,
    pub estimated_minutes: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The uploaded video's storage key and size; changed only by their own requests.
    #[diesel(skip_update)]
    pub video: Option<String>,
    #[diesel(skip_update)]
    pub video_bytes: Option<i64>,
}

impl LessonRow {
    pub fn title(&self) -> LocalizedText {
        text(&self.title_ar, &self.title_fr, &self.title_en)
    }

    pub fn kind(&self) -> LessonKind {
        LessonKind::parse(&self.kind).unwrap_or(LessonKind::Text)
    }

    pub fn outline(&self, completed: Option<bool>) -> LessonOutline {
        LessonOutline {
            id: self.id.clone(),
            title: self.title(),
            kind: self.kind(),
            required: self.required,
            estimated_minutes: self.estimated_minutes.and_then(|m| u32::try_from(m).ok()),
            completed,
        }
    }

    /// The uploaded video of a video lesson, with an address signed until the end of the clock
    /// hour after `now` + [`VIDEO_URL_SECS`]; only for a reader of the lesson. The address stays
    /// the same within a clock hour, so the browser's cache keeps what it fetched of the file.
    pub fn video(&self, urls: &UrlSigner, now: i64) -> Option<LessonVideo> {
        let key = self.video.as_deref().filter(|_| self.kind() == LessonKind::Video)?;
        let content_type = content_type(key)?;
        let exp = video_url_expiry(now);
        let sig = urls.sign(&video_resource(&self.id, key), exp);
        Some(LessonVideo {
            url: format!("/api/v1/media/lesson-videos/{}?exp={exp}&sig={sig}", self.id),
            content_type: content_type.to_owned(),
            size_bytes: self.video_bytes.and_then(|b| u64::try_from(b).ok()).unwrap_or(0),
            expires_at: chrono::DateTime::from_timestamp(exp, 0).unwrap_or_default(),
        })
    }

    pub fn to_api(
        &self,
        video: Option<LessonVideo>,
        completed: Option<bool>,
        quiz: Option<QuizInfo>,
        previous: Option<String>,
        next: Option<String>,
    ) -> Lesson {
        let body = text(&self.body_ar, &self.body_fr, &self.body_en);
        let render = |t: &Option<String>| t.as_deref().map(crate::markdown::to_html).filter(|h| !h.is_empty());
        Lesson {
            id: self.id.clone(),
            course_id: self.course_id.clone(),
            module_id: self.module_id.clone(),
            position: self.position,
            title: self.title(),
            kind: self.kind(),
            required: self.required,
            body_html: LocalizedText { ar: render(&body.ar), fr: render(&body.fr), en: render(&body.en) },
            body,
            url: self.url.clone(),
            embed_url: match self.kind() {
                LessonKind::Video => self.url.as_deref().and_then(video_embed),
                _ => None,
            },
            video,
            estimated_minutes: self.estimated_minutes.and_then(|m| u32::try_from(m).ok()),
            completed,
            quiz,
            previous_lesson_id: previous,
            next_lesson_id: next,
        }
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = enrolments)]
pub struct EnrolmentRow {
    pub course_id: String,
    pub user_id: String,
    pub enrolled_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    /// The officer who enrolled the learner, and through which association (none: themselves).
    pub enrolled_by: Option<String>,
    pub association_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = quizzes, treat_none_as_null = true)]
pub struct QuizRow {
    pub lesson_id: String,
    pub course_id: String,
    pub pass_percent: i32,
    pub max_attempts: Option<i32>,
    pub time_limit_minutes: Option<i32>,
    pub shuffle: bool,
    pub show_answers: bool,
    /// JSON: `Vec<QuizQuestion>`, answers included.
    pub questions: String,
    pub updated_at: NaiveDateTime,
}

impl QuizRow {
    pub fn questions(&self) -> Vec<QuizQuestion> {
        serde_json::from_str(&self.questions).unwrap_or_default()
    }

    pub fn to_api(&self) -> Quiz {
        Quiz {
            pass_percent: self.pass_percent.max(0) as u32,
            max_attempts: self.max_attempts.map(|m| m.max(1) as u32),
            time_limit_minutes: self.time_limit_minutes.map(|m| m.max(1) as u32),
            shuffle: self.shuffle,
            show_answers: self.show_answers,
            questions: self.questions(),
        }
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = quiz_attempts, treat_none_as_null = true)]
pub struct AttemptRow {
    pub id: String,
    pub lesson_id: String,
    pub course_id: String,
    pub user_id: String,
    /// JSON: the question ids (and each one's choice ids) in the order shown.
    pub question_order: String,
    pub started_at: NaiveDateTime,
    pub deadline: Option<NaiveDateTime>,
    pub submitted_at: Option<NaiveDateTime>,
    /// JSON: the `AttemptResult` once graded.
    pub answers: Option<String>,
    pub score: Option<i32>,
    pub max_score: Option<i32>,
    pub passed: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_addresses_stay_the_same_within_an_hour_and_last_two() {
        let hour = 1_700_000_000 / 3600 * 3600;
        for now in [hour, hour + 1, hour + 1800, hour + 3599] {
            assert_eq!(video_url_expiry(now), video_url_expiry(hour), "{now}");
            assert!(video_url_expiry(now) - now > VIDEO_URL_SECS, "{now}");
            assert!(video_url_expiry(now) - now <= VIDEO_URL_SECS + 3600, "{now}");
        }
        assert_eq!(video_url_expiry(hour + 3600), video_url_expiry(hour) + 3600);
    }
}
