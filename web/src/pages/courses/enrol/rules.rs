//! The rules behind the enrolment panel's messages: why a course refused the members, which members
//! a refusal names, and the outcome in words.

use chrono::NaiveDate;
use madani_shared::associations::AssociationStatus;
use madani_shared::courses::{CourseStatus, CourseSummary};
use madani_shared::ids::UserId;
use madani_shared::text::Language;
use madani_shared::{ClientError, FieldError};

use crate::errors::{field_text, problem_text};
use crate::i18n::{format, k, plural, text};

/// Why the course refused the members (409). The server's answer has one code for every reason, so
/// the reason is told from the course and the association as they are now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    AssociationInactive,
    NotOpen,
    Ended,
    Full,
    /// Room for this many learners only, fewer than were asked for.
    RoomFor(i64),
    Other,
}

pub(super) fn refusal(
    course: &CourseSummary,
    association: AssociationStatus,
    today: NaiveDate,
    asked: usize,
) -> Refusal {
    if !association.is_public() {
        return Refusal::AssociationInactive;
    }
    if course.status != CourseStatus::Published {
        return Refusal::NotOpen;
    }
    if course.ends_on.is_some_and(|end| end < today) {
        return Refusal::Ended;
    }
    match course.capacity.map(|c| i64::from(c) - course.learner_count) {
        Some(left) if left <= 0 => Refusal::Full,
        Some(left) if left < asked as i64 => Refusal::RoomFor(left),
        _ => Refusal::Other,
    }
}

pub(super) fn refusal_text(lang: Language, why: Refusal, fallback: &ClientError) -> String {
    match why {
        Refusal::AssociationInactive => text(lang, k::ENROL_ASSOCIATION_INACTIVE).to_owned(),
        Refusal::NotOpen => text(lang, k::COURSE_NOT_OPEN).to_owned(),
        Refusal::Ended => text(lang, k::ENROL_CLOSED).to_owned(),
        Refusal::Full => text(lang, k::ENROL_FULL).to_owned(),
        Refusal::RoomFor(left) => plural(lang, "enrol.room_left", left),
        Refusal::Other => problem_text(lang, fallback),
    }
}

/// The members a 422 names (`user_ids[i]`: the `i`-th of those sent), with the reason's code.
pub(super) fn named_members(sent: &[UserId], errors: &[FieldError]) -> Vec<(UserId, String)> {
    errors
        .iter()
        .filter_map(|e| {
            let i: usize = e.field.strip_prefix("user_ids[")?.strip_suffix(']')?.parse().ok()?;
            Some((*sent.get(i)?, e.code.clone()))
        })
        .collect()
}

/// Why one member could not be enrolled, naming them.
pub(super) fn member_error_text(lang: Language, name: &str, code: &str) -> String {
    match code {
        "not_member" => format(lang, k::ENROL_NOT_MEMBER, &[("name", name)]),
        "not_active" => format(lang, k::ENROL_NOT_ACTIVE, &[("name", name)]),
        other => {
            let error = FieldError { field: "user_ids".into(), code: other.into(), message: other.into() };
            format!("{name}: {}", field_text(lang, &error))
        }
    }
}

/// "2 members enrolled. 1 member was already enrolled."
pub(super) fn outcome_text(lang: Language, enrolled: usize, already: usize) -> String {
    let mut s = plural(lang, "enrol.enrolled_count", enrolled as i64);
    if already > 0 {
        s.push(' ');
        s.push_str(&plural(lang, "enrol.already_count", already as i64));
    }
    s
}

/// Today in UTC, as the server counts a course's end date.
pub(super) fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_utc_full_year() as i32, now.get_utc_month() + 1, now.get_utc_date())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use madani_shared::LocalizedText;
    use madani_shared::associations::Field;
    use madani_shared::courses::CourseLevel;

    fn course(status: CourseStatus, ends_on: Option<NaiveDate>, capacity: Option<u32>, learners: i64) -> CourseSummary {
        CourseSummary {
            id: "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a".parse().unwrap(),
            title: LocalizedText::default(),
            summary: LocalizedText::default(),
            field: Field::ALL[0],
            level: CourseLevel::Beginner,
            languages: vec![Language::Fr],
            status,
            estimated_minutes: None,
            starts_on: None,
            ends_on,
            capacity,
            lesson_count: 1,
            learner_count: learners,
            created_at: chrono::DateTime::default(),
            cover_url: None,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_refusal_is_told_from_the_course_as_it_is_now() {
        let open = CourseStatus::Published;
        let verified = AssociationStatus::Verified;
        assert_eq!(
            refusal(&course(open, None, None, 3), AssociationStatus::Suspended, day(21), 1),
            Refusal::AssociationInactive
        );
        assert_eq!(refusal(&course(CourseStatus::Archived, None, None, 3), verified, day(21), 1), Refusal::NotOpen);
        assert_eq!(refusal(&course(open, Some(day(20)), None, 3), verified, day(21), 1), Refusal::Ended);
        // The last day still takes learners.
        assert_eq!(refusal(&course(open, Some(day(21)), None, 3), verified, day(21), 1), Refusal::Other);
        assert_eq!(refusal(&course(open, None, Some(10), 10), verified, day(21), 2), Refusal::Full);
        assert_eq!(refusal(&course(open, None, Some(10), 8), verified, day(21), 3), Refusal::RoomFor(2));
        // Room enough now: someone left meanwhile, or another reason.
        assert_eq!(refusal(&course(open, None, Some(10), 8), verified, day(21), 2), Refusal::Other);
    }

    #[test]
    fn the_members_a_422_names_are_found_by_their_place() {
        let ids: Vec<UserId> = [
            "01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e71",
            "01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e72",
            "01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e73",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        let error =
            |field: &str, code: &str| FieldError { field: field.into(), code: code.into(), message: String::new() };
        let named = named_members(
            &ids,
            &[
                error("user_ids[2]", "not_active"),
                error("user_ids[0]", "not_member"),
                error("user_ids[9]", "x"),
                error("association_id", "length"),
            ],
        );
        assert_eq!(named, vec![(ids[2], "not_active".to_owned()), (ids[0], "not_member".to_owned())]);
    }
}
