//! Handler of officers enrolling their association's members: `POST /courses/{id}/enrolments`.

use actix_web::{post, web};
use madani_shared::Problem;
use madani_shared::courses::*;
use madani_shared::ids::CourseId;

use super::{access, service};
use crate::auth::AuthUser;
use crate::http::ValidJson;
use crate::openapi::errors::{
    AssociationInactive, CourseEnded, CourseFull, CourseNotOpen, Errors, NotFound, NotOfficer,
};
use crate::state::{Answer, State};

/// Enrol members of your association
///
/// Owners and admins of the association. Every user must be an active member of it (account not
/// disabled, email address verified); the course must be published, not past its end date, and
/// have room for all of them: they are all enrolled, or none is. Those already enrolled are
/// reported and left as they were. Each one enrolled gets a `course.enrolled` notification.
#[utoipa::path(
    tag = "courses",
    params(("id" = CourseId, Path, description = "The course id")),
    request_body = EnrolMembers,
    responses(
        (status = 200, description = "Who is enrolled now, and who already was", body = EnrolmentOutcome),
        (status = 422, description = "`user_ids` empty or over 200; `user_ids[i]` not a member of the association (`not_member`) or not active (`not_active`)", body = Problem, content_type = "application/problem+json",
            example = json!({
                "type": "urn:madani:problem:validation_failed", "title": "Invalid request", "status": 422,
                "detail": "user_ids[1]: is not a member of this association", "code": "validation_failed",
                "errors": [{"field": "user_ids[1]", "code": "not_member", "message": "is not a member of this association"}]
            })),
        Errors<(NotOfficer, NotFound, CourseNotOpen, CourseEnded, CourseFull, AssociationInactive)>,
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/enrolments")]
pub async fn enrol_members(
    state: State,
    user: AuthUser,
    path: web::Path<CourseId>,
    body: ValidJson<EnrolMembers>,
) -> Answer<EnrolmentOutcome> {
    let id = path.into_inner().to_string();
    let req = body.0;
    let outcome = state
        .db(move |conn| {
            let (course, _) = access::load(conn, &id, Some(&user))?;
            let association = access::require_officer_of(conn, &req.association_id.to_string(), &user, &id)?;
            service::enrolments::enrol_members(conn, &course, &association, &user, &req)
        })
        .await?;
    Ok(web::Json(outcome))
}
