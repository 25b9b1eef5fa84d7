//! Officers of an association enrol its members in a course: every one of them or none, under the
//! same rules as a learner enrolling alone (a published course, before its end date, with room),
//! each told by a notification, the officer recorded on the enrolment and the act in the audit log.

use std::collections::HashSet;

use actix_web::{post, web};
use madani_shared::Problem;
use madani_shared::courses::*;
use madani_shared::ids::UserId;
use madani_shared::{FieldError, LocalizedText};

use super::handlers::load;
use super::repo;
use super::rows::EnrolmentRow;
use super::service;
use crate::associations::rows::{AuditRow, NotificationRow};
use crate::auth::AuthUser;
use crate::db::{new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::http::ValidJson;
use crate::startup::AppState;

/// Enrol members of your association
///
/// Owners and admins of the association. Every user must be an active member of it (account not
/// disabled, email address verified); the course must be published, not past its end date, and
/// have room for all of them: they are all enrolled, or none is. Those already enrolled are
/// reported and left as they were. Each one enrolled gets a `course.enrolled` notification.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    request_body = EnrolMembers,
    responses(
        (status = 200, description = "Who is enrolled now, and who already was", body = EnrolmentOutcome),
        (status = 403, description = "Not an owner or admin of the association (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or association, or not visible to you (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The course takes no new learners (not published, ended), has no room for them all, or the association is rejected or suspended (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`user_ids` empty or over 200; `user_ids[i]` not a member of the association (`not_member`) or not active (`not_active`)", body = Problem, content_type = "application/problem+json",
            example = json!({
                "type": "urn:madani:problem:validation_failed", "title": "Invalid request", "status": 422,
                "detail": "user_ids[1]: is not a member of this association", "code": "validation_failed",
                "errors": [{"field": "user_ids[1]", "code": "not_member", "message": "is not a member of this association"}]
            })),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/enrolments")]
pub async fn enrol_members(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<EnrolMembers>,
) -> ApiResult<web::Json<EnrolmentOutcome>> {
    let id = path.into_inner();
    let req = body.0;
    let outcome = state
        .db(move |conn| {
            load(conn, &id, Some(&user))?;
            let (association, role) = crate::associations::load_visible(conn, &req.association_id, Some(&user))?;
            if !crate::associations::service::can_manage(role) {
                tracing::warn!(user = %user.id, association = %association.id, course = %id, "refused: enrol members");
                return Err(ApiError::Forbidden("only owners and admins of the association enrol its members"));
            }
            if !association.status().is_public() {
                return Err(ApiError::Conflict("This association is not active: it cannot enrol members now.".into()));
            }

            // Each id once, in the order given; errors name the place of its first mention.
            let mut seen = HashSet::new();
            let wanted: Vec<(usize, String)> = req
                .user_ids
                .iter()
                .enumerate()
                .filter(|(_, u)| seen.insert(**u))
                .map(|(i, u)| (i, u.to_string()))
                .collect();
            let ids: Vec<String> = wanted.iter().map(|(_, u)| u.clone()).collect();
            let at = now();
            // Decided under the course's lock, so that what is checked still holds at the commit:
            // open, room left, and who the active members are.
            let (enrolled, already, learners) = write_tx(conn, |conn| {
                let course = repo::lock_course(conn, &id)?;
                service::check_open(course.status(), course.ends_on, at.date())?;
                let members: std::collections::HashMap<String, bool> =
                    crate::associations::repo::members_among(conn, &association.id, &ids)?.into_iter().collect();
                let errors: Vec<FieldError> = wanted
                    .iter()
                    .filter_map(|(i, u)| {
                        let (code, message) = match members.get(u) {
                            None => ("not_member", "is not a member of this association"),
                            Some(false) => {
                                ("not_active", "is not active: the account is disabled or its email address unverified")
                            }
                            Some(true) => return None,
                        };
                        Some(FieldError { field: format!("user_ids[{i}]"), code: code.into(), message: message.into() })
                    })
                    .collect();
                if !errors.is_empty() {
                    return Err(ApiError::Validation(errors));
                }

                let already: HashSet<String> = repo::enrolled_among(conn, &id, &ids)?.into_iter().collect();
                let new: Vec<&String> = ids.iter().filter(|u| !already.contains(*u)).collect();
                let count = repo::count_enrolments(conn, &id)?;
                service::check_room(course.capacity, count, new.len())?;
                for learner in &new {
                    repo::insert_enrolment(
                        conn,
                        &EnrolmentRow {
                            course_id: id.clone(),
                            user_id: (*learner).clone(),
                            enrolled_at: at,
                            completed_at: None,
                            enrolled_by: Some(user.id.clone()),
                            association_id: Some(association.id.clone()),
                        },
                    )?;
                    crate::associations::repo::insert_notification(
                        conn,
                        &NotificationRow {
                            id: new_id(),
                            user_id: (*learner).clone(),
                            kind: "course.enrolled".into(),
                            association_id: Some(association.id.clone()),
                            reason: None,
                            created_at: at,
                            read_at: None,
                            course_id: Some(id.clone()),
                        },
                    )?;
                }
                if !new.is_empty() {
                    crate::associations::repo::insert_audit(
                        conn,
                        &AuditRow {
                            id: new_id(),
                            actor_id: Some(user.id.clone()),
                            action: "course.members_enrolled".into(),
                            target_type: "course".into(),
                            target_id: id.clone(),
                            reason: Some(audit_reason(new.len(), &association.name(), &association.id)),
                            created_at: at,
                        },
                    )?;
                }
                let enrolled: Vec<String> = new.into_iter().cloned().collect();
                let learners = count + enrolled.len() as i64;
                Ok::<_, ApiError>((enrolled, already, learners))
            })?;
            tracing::info!(
                course = %id, association = %association.id, by = %user.id, enrolled = enrolled.len(),
                already = already.len(), "members enrolled"
            );
            let typed =
                |list: Vec<&String>| -> Vec<UserId> { list.into_iter().filter_map(|u| u.parse().ok()).collect() };
            Ok(EnrolmentOutcome {
                enrolled: typed(enrolled.iter().collect()),
                already_enrolled: typed(ids.iter().filter(|u| already.contains(*u)).collect()),
                learner_count: learners,
            })
        })
        .await?;
    Ok(web::Json(outcome))
}

/// What the audit log says of one enrolment by an officer.
fn audit_reason(count: usize, association: &LocalizedText, association_id: &str) -> String {
    let name = association.fr.as_deref().or(association.ar.as_deref()).or(association.en.as_deref()).unwrap_or("");
    let members = if count == 1 { "1 member".to_owned() } else { format!("{count} members") };
    format!("{members} enrolled by an officer of {name} ({association_id})")
}
