//! Capacity-building courses: the catalog, course structure (modules → lessons), enrolment and
//! progress. Quizzes and certificates build on these.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::associations::{Field, localized_max, string_enum};
use crate::ids::{AssociationId, AttemptId, CourseId, LessonId, ModuleId, UserId};
use crate::text::{Language, LocalizedText};

mod catalog;
mod learning;
mod outline;
mod quizzes;

pub use catalog::*;
pub use learning::*;
pub use outline::*;
pub use quizzes::*;

string_enum!(
    /// How much a learner should already know.
    CourseLevel {
        Beginner = "beginner",
        Intermediate = "intermediate",
        Advanced = "advanced",
    }
);

string_enum!(
    /// A course is written as a draft, published to the catalog, and archived when it is over
    /// (archived courses stay readable by their learners but take no new ones).
    CourseStatus {
        Draft = "draft",
        Published = "published",
        Archived = "archived",
    }
);

string_enum!(
    /// What a lesson holds.
    LessonKind {
        /// Markdown text.
        Text = "text",
        /// A video: a page of an allowed host (YouTube, Vimeo, Dailymotion), embedded, or a file
        /// uploaded by the trainers (MP4 or WebM).
        Video = "video",
        /// A document to download (an http(s) address).
        Resource = "resource",
        /// A page elsewhere (an http(s) address).
        Link = "link",
        /// Questions graded by the server; passing completes the lesson.
        Quiz = "quiz",
    }
);

string_enum!(
    /// How a quiz question is answered.
    QuestionKind {
        /// One choice.
        Single = "single",
        /// Every correct choice, and no other.
        Multiple = "multiple",
        TrueFalse = "true_false",
        /// A typed answer, compared after folding case, accents, Arabic letter forms and spaces.
        Short = "short",
    }
);

/// A title: at least one language, each at most 200 characters.
pub fn course_title(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the title in at least one language".into()));
    }
    localized_max(value, 200)
}

fn summary_text(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 2000)
}

fn lesson_body(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 50_000)
}

fn languages_list(value: &[Language]) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give at least one language".into()));
    }
    Ok(())
}

fn http_address(value: &str) -> Result<(), ValidationError> {
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && value.chars().count() > 10
        && !value.contains(char::is_whitespace);
    if ok { Ok(()) } else { Err(ValidationError::new("url").with_message("must be an http(s) address".into())) }
}

/// The address to embed for a video page of an allowed host, or `None`.
pub fn video_embed(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(host);
    let id_ok = |id: &str| {
        !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let query_value = |key: &str| {
        path.split_once('?')
            .map(|(_, q)| q)
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('='))))
    };
    let id = match host {
        "youtube.com" if path.starts_with("watch") => query_value("v").map(str::to_owned),
        "youtube.com" if path.starts_with("embed/") => {
            Some(path["embed/".len()..].split(['?', '/']).next()?.to_owned())
        }
        "youtu.be" => Some(path.split(['?', '/']).next()?.to_owned()),
        "vimeo.com" | "player.vimeo.com" => {
            let id = path.trim_start_matches("video/").split(['?', '/']).next()?;
            return (id_ok(id) && id.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("https://player.vimeo.com/video/{id}"));
        }
        "dailymotion.com" => {
            let id = path.strip_prefix("video/")?.split(['?', '/', '_']).next()?;
            return id_ok(id).then(|| format!("https://www.dailymotion.com/embed/video/{id}"));
        }
        _ => None,
    }?;
    id_ok(&id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_embed_only_from_allowed_hosts() {
        assert_eq!(
            video_embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        );
        assert_eq!(
            video_embed("https://youtu.be/dQw4w9WgXcQ").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        );
        assert_eq!(
            video_embed("https://vimeo.com/76979871").as_deref(),
            Some("https://player.vimeo.com/video/76979871")
        );
        assert_eq!(
            video_embed("https://www.dailymotion.com/video/x7tgad0").as_deref(),
            Some("https://www.dailymotion.com/embed/video/x7tgad0")
        );
        for bad in [
            "https://evil.example/watch?v=abc",
            "https://youtube.com.evil.example/watch?v=abc",
            "https://www.youtube.com/watch?v=<script>",
            "javascript:alert(1)",
            "https://vimeo.com/not-a-number",
        ] {
            assert_eq!(video_embed(bad), None, "{bad}");
        }
    }
}
