//! Database rows of the courses and their conversion to API types.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::courses::*;
use madani_shared::ids::{CourseId, LessonId, ModuleId};
use madani_shared::text::Language;

use crate::db::schema::{course_lessons, course_modules, courses, enrolments, lesson_captions, quiz_attempts, quizzes};
use crate::db::to_utc;
use crate::media::{UrlSigner, content_type, signed_url, versioned_url};

/// How long a lesson's signed video address works, in seconds: long enough to watch a long video
/// with pauses; the lesson, fetched again, gives a new one.
///
/// The address is not a bearer pass for that long: it names its reader (`u=`, their user id, under
/// the signature), and every request made with it — each byte range of the video, each track —
/// checks again, in one query, that this reader still may read the lesson
/// ([`crate::courses::access::still_reads`]). A reader who leaves the course, stops teaching it or
/// whose account is disabled loses it at once. That was chosen over short-lived addresses (minutes),
/// which would cut a long video off mid-play (a `<video>` cannot be given a new address without
/// restarting) and would still leave those minutes to whoever left.
pub const VIDEO_URL_SECS: i64 = 2 * 3600;

/// Until when a video address given at `now` works: at least [`VIDEO_URL_SECS`], rounded up to
/// the next clock hour.
pub fn video_url_expiry(now: i64) -> i64 {
    ((now + VIDEO_URL_SECS) / 3600 + 1) * 3600
}

/// What a signature for a course's cover grants to `viewer` (a user id); the key changes with
/// each new cover.
pub fn cover_resource(course_id: &str, key: &str, viewer: &str) -> String {
    format!("course-cover\n{course_id}\n{key}\n{viewer}")
}

/// What a signature for a lesson's video grants to `reader` (a user id); the key changes with
/// each new file.
pub fn video_resource(lesson_id: &str, key: &str, reader: &str) -> String {
    format!("lesson-video\n{lesson_id}\n{key}\n{reader}")
}

/// What a signature for a lesson's captions in one language grants to `reader` (a user id); the
/// key changes with each new file.
pub fn captions_resource(lesson_id: &str, language: Language, key: &str, reader: &str) -> String {
    format!("lesson-captions\n{lesson_id}\n{}\n{key}\n{reader}", language.code())
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
    /// the cover changes; any other course's is signed for its `viewer` who was shown it (the
    /// course is visible to them; none without a viewer), good for one to two hours and the same
    /// within a clock hour, so browsers still cache it. Like a video's, the address names its
    /// viewer and works only while they still may see the course ([`VIDEO_URL_SECS`]).
    pub fn cover_url(&self, urls: &UrlSigner, now: i64, viewer: Option<&str>) -> Option<String> {
        let key = self.cover.as_deref()?;
        let base = versioned_url(&format!("/api/v1/courses/{}/cover", self.id), key)?;
        if self.status() == CourseStatus::Published {
            return Some(base);
        }
        Some(signed_url(urls, base, &cover_resource(&self.id, key, viewer?), viewer?, now))
    }

    /// The course's summary as `viewer` sees it (their signed cover address).
    pub fn summary(
        &self,
        (lesson_count, learner_count): (i64, i64),
        urls: &UrlSigner,
        viewer: Option<&str>,
    ) -> CourseSummary {
        CourseSummary {
            id: CourseId::stored(&self.id),
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
            cover_url: self.cover_url(urls, crate::media::unix_now(), viewer),
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
            id: LessonId::stored(&self.id),
            title: self.title(),
            kind: self.kind(),
            required: self.required,
            estimated_minutes: self.estimated_minutes.and_then(|m| u32::try_from(m).ok()),
            completed,
        }
    }

    /// Whether the lesson shows an uploaded video (and so may have captions).
    pub fn has_video_file(&self) -> bool {
        self.video.is_some() && self.kind() == LessonKind::Video
    }

    /// The uploaded video of a video lesson and its `captions` (the lesson's), with addresses
    /// signed for `reader` (a user id) until the end of the clock hour after `now` +
    /// [`VIDEO_URL_SECS`]; only for a reader of the lesson. The addresses stay the same within a
    /// clock hour, so the browser's cache keeps what it fetched of the files.
    pub fn video(&self, urls: &UrlSigner, now: i64, captions: &[CaptionRow], reader: &str) -> Option<LessonVideo> {
        let key = self.video.as_deref().filter(|_| self.has_video_file())?;
        let content_type = content_type(key)?;
        let exp = video_url_expiry(now);
        let sig = urls.sign(&video_resource(&self.id, key, reader), exp);
        let mut captions: Vec<Caption> =
            captions.iter().filter(|c| c.lesson_id == self.id).filter_map(|c| c.to_api(urls, exp, reader)).collect();
        captions.sort_by_key(|c| Language::ALL.iter().position(|l| *l == c.language));
        Some(LessonVideo {
            url: format!("/api/v1/media/lesson-videos/{}?u={reader}&exp={exp}&sig={sig}", self.id),
            content_type: content_type.to_owned(),
            size_bytes: self.video_bytes.and_then(|b| u64::try_from(b).ok()).unwrap_or(0),
            expires_at: chrono::DateTime::from_timestamp(exp, 0).unwrap_or_default(),
            captions,
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
            id: LessonId::stored(&self.id),
            course_id: CourseId::stored(&self.course_id),
            module_id: ModuleId::stored(&self.module_id),
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
            previous_lesson_id: previous.as_deref().map(LessonId::stored),
            next_lesson_id: next.as_deref().map(LessonId::stored),
        }
    }
}

/// A captions track of a lesson's uploaded video, in one language.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = lesson_captions)]
pub struct CaptionRow {
    pub lesson_id: String,
    /// `ar`, `fr` or `en`.
    pub language: String,
    pub storage_key: String,
    pub bytes: i64,
    pub updated_at: NaiveDateTime,
}

impl CaptionRow {
    pub fn language(&self) -> Option<Language> {
        Language::parse(&self.language)
    }

    /// The track with its address signed for `reader` (a user id) until `exp`.
    pub fn to_api(&self, urls: &UrlSigner, exp: i64, reader: &str) -> Option<Caption> {
        let language = self.language()?;
        let sig = urls.sign(&captions_resource(&self.lesson_id, language, &self.storage_key, reader), exp);
        let (lesson, code) = (&self.lesson_id, language.code());
        Some(Caption {
            language,
            url: format!("/api/v1/media/lesson-captions/{lesson}/{code}?u={reader}&exp={exp}&sig={sig}"),
            size_bytes: u64::try_from(self.bytes).unwrap_or(0),
            updated_at: to_utc(self.updated_at),
        })
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = enrolments, treat_none_as_default_value = false)]
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
