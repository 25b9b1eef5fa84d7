//! HTTP handlers for following associations, member profiles and connections.

use std::collections::{HashMap, HashSet};

use actix_web::{HttpResponse, delete, get, post, put, web};
use madani_shared::associations::{AssociationStatus, Field, MemberRole};
use madani_shared::ids::UserId;
use madani_shared::network::*;
use madani_shared::page::PageQuery;
use madani_shared::{Page, Problem};

use super::repo::{self, Part};
use super::rows::*;
use super::service::{self, Relation, SendOutcome};
use crate::associations::repo::After;
use crate::associations::rows::NotificationRow;
use crate::associations::{self, load_visible};
use crate::auth::AuthUser;
use crate::auth::is_staff;
use crate::db::{DbConn, new_id, now, page_of, to_utc};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::http::{ValidJson, ValidQuery};
use crate::startup::AppState;

fn follow_status(conn: &mut DbConn, user: Option<&AuthUser>, id: &str) -> ApiResult<FollowStatus> {
    let following = match user {
        Some(u) => repo::is_following(conn, &u.id, id)?,
        None => false,
    };
    Ok(FollowStatus { association_id: id.to_owned(), following, follower_count: repo::follower_count(conn, id)? })
}

/// Whether you follow an association
///
/// Public (anonymous callers get `following: false`). 404 for associations you may not see.
#[utoipa::path(
    tag = "network",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "The follower count and whether you follow it", body = FollowStatus),
        (status = 404, description = "No such association, or not visible to you (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[get("/associations/{id}/follow")]
pub async fn get_follow_status(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    path: web::Path<String>,
) -> ApiResult<web::Json<FollowStatus>> {
    let id = path.into_inner();
    let status = state
        .db(move |conn| {
            load_visible(conn, &id, user.as_ref())?;
            follow_status(conn, user.as_ref(), &id)
        })
        .await?;
    Ok(web::Json(status))
}

/// Follow an association
///
/// Idempotent: following twice is the same as once.
#[utoipa::path(
    tag = "network",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "You follow it", body = FollowStatus),
        (status = 404, description = "No such association, or not visible to you (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/associations/{id}/follow")]
pub async fn follow_association(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<FollowStatus>> {
    let id = path.into_inner();
    let status = state
        .db(move |conn| {
            load_visible(conn, &id, Some(&user))?;
            if !repo::is_following(conn, &user.id, &id)? {
                let row = FollowRow { user_id: user.id.clone(), association_id: id.clone(), created_at: now() };
                // A concurrent follow of the same association is the same outcome.
                if let Err(e) = repo::insert_follow(conn, &row)
                    && !is_unique_violation(&e)
                {
                    return Err(e.into());
                }
            }
            follow_status(conn, Some(&user), &id)
        })
        .await?;
    Ok(web::Json(status))
}

/// Stop following an association
///
/// Idempotent. You can unfollow an association you follow even after it stopped being public.
#[utoipa::path(
    tag = "network",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "You no longer follow it", body = FollowStatus),
        (status = 404, description = "No such association, or not visible to you (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/associations/{id}/follow")]
pub async fn unfollow_association(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<FollowStatus>> {
    let id = path.into_inner();
    let status = state
        .db(move |conn| {
            if repo::delete_follow(conn, &user.id, &id)? == 0 {
                load_visible(conn, &id, Some(&user))?;
            }
            follow_status(conn, Some(&user), &id)
        })
        .await?;
    Ok(web::Json(status))
}

fn followed(
    conn: &mut DbConn,
    rows: Vec<(FollowRow, associations::rows::AssociationRow)>,
) -> ApiResult<Vec<FollowedAssociation>> {
    let ids: Vec<String> = rows.iter().map(|(_, a)| a.id.clone()).collect();
    let fields = associations::repo::fields_of_many(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(f, a)| {
            let mine = fields.iter().filter(|(id, _)| *id == a.id).filter_map(|(_, f)| Field::parse(f)).collect();
            FollowedAssociation { association: a.summary(mine), followed_at: to_utc(f.created_at) }
        })
        .collect())
}

/// Associations you follow
///
/// Newest follow first. Associations that are no longer public are left out.
#[utoipa::path(
    tag = "network",
    params(PageQuery),
    responses((status = 200, description = "A page of the associations you follow", body = Page<FollowedAssociation>)),
    security(("bearer" = []))
)]
#[get("/me/following")]
pub async fn list_my_following(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<FollowedAssociation>>> {
    let q = query.0;
    let limit = i64::from(q.limit());
    let after = match q.cursor.as_deref().map(associations::service::decode_cursor).transpose()? {
        Some(After::Newest { created_at, id }) => Some((created_at, id)),
        Some(_) => return Err(ApiError::field("cursor", "invalid_value", "is not a cursor from this list")),
        None => None,
    };
    let page = state
        .db(move |conn| {
            let rows = repo::following(conn, &user.id, after, limit + 1)?;
            let (rows, next_cursor) = page_of(rows, limit, |(f, _)| {
                associations::service::encode_cursor(&After::Newest {
                    created_at: f.created_at,
                    id: f.association_id.clone(),
                })
            });
            Ok(Page { items: followed(conn, rows)?, next_cursor })
        })
        .await?;
    Ok(web::Json(page))
}

/// Your member profile
///
/// Every field with its visibility. Before you save it, the fields are empty and shared with
/// `members`.
#[utoipa::path(
    tag = "network",
    responses((status = 200, description = "Your profile", body = MyProfile)),
    security(("bearer" = []))
)]
#[get("/me/profile")]
pub async fn get_my_profile(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<MyProfile>> {
    let profile =
        state.db(move |conn| Ok(repo::find_profile(conn, &user.id)?.map(|p| p.to_api()).unwrap_or_default())).await?;
    Ok(web::Json(profile))
}

fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Trimmed skills without duplicates (ignoring case), in the order given.
fn clean_skills(skills: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    skills
        .into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty() && seen.insert(s.to_lowercase()))
        .collect()
}

/// Replace your member profile
///
/// Your profession, skills and presentation, and who sees each of them and the associations you
/// belong to: `public`, `members` (signed-in users), `connections` or `private`.
#[utoipa::path(
    tag = "network",
    request_body = UpdateMyProfile,
    responses((status = 200, description = "Your saved profile", body = MyProfile)),
    security(("bearer" = []))
)]
#[put("/me/profile")]
pub async fn update_my_profile(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<UpdateMyProfile>,
) -> ApiResult<web::Json<MyProfile>> {
    let req = body.0;
    let row = ProfileRow {
        user_id: user.id.clone(),
        headline: clean(req.headline),
        headline_visibility: req.headline_visibility.as_str().to_owned(),
        skills: serde_json::to_string(&clean_skills(req.skills)).map_err(ApiError::internal)?,
        skills_visibility: req.skills_visibility.as_str().to_owned(),
        bio: clean(req.bio),
        bio_visibility: req.bio_visibility.as_str().to_owned(),
        associations_visibility: req.associations_visibility.as_str().to_owned(),
        updated_at: now(),
    };
    let profile = state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| repo::save_profile(conn, &row))?;
            Ok(row.to_api())
        })
        .await?;
    Ok(web::Json(profile))
}

/// How `viewer` relates to `member`, and their connection row if any.
fn relation(
    conn: &mut DbConn,
    viewer: Option<&AuthUser>,
    member: &str,
) -> ApiResult<(Relation, Option<ConnectionRow>)> {
    let Some(viewer) = viewer else { return Ok((Relation::Anonymous, None)) };
    if viewer.id == member {
        return Ok((Relation::Owner, None));
    }
    let row = repo::connection_between(conn, &service::pair_key(&viewer.id, member))?
        // A request its requester withdrew after it was declined is no longer theirs to see.
        .filter(|r| !(r.withdrawn && r.requester_id == viewer.id));
    let relation = if row.as_ref().is_some_and(|r| r.status() == ConnectionStatus::Accepted) {
        Relation::Connection
    } else {
        Relation::Member
    };
    Ok((relation, row))
}

/// An active account's display name; 404 for unknown and disabled accounts.
fn active_user(conn: &mut DbConn, id: &str) -> ApiResult<crate::auth::rows::UserRow> {
    let user = crate::auth::repo::find_user(conn, id)?;
    if user.disabled {
        return Err(ApiError::NotFound);
    }
    Ok(user)
}

/// A member's profile
///
/// Public: each field shows only if its visibility includes you (anonymous visitors see `public`
/// fields, signed-in members also `members` fields, connections also `connections` fields; you see
/// all of your own). The display name is always shown.
#[utoipa::path(
    tag = "network",
    params(("user_id" = String, Path, description = "The member's user id")),
    responses(
        (status = 200, description = "The profile as you may see it", body = MemberProfile),
        (status = 404, description = "No such member (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[get("/members/{user_id}")]
pub async fn get_member_profile(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    path: web::Path<String>,
) -> ApiResult<web::Json<MemberProfile>> {
    let member_id = path.into_inner();
    let profile = state
        .db(move |conn| {
            let member = active_user(conn, &member_id)?;
            let viewer = user.as_ref();
            let (rel, row) = relation(conn, viewer, &member.id)?;
            let p = repo::find_profile(conn, &member.id)?.map(|p| p.to_api()).unwrap_or_default();
            let sees = |v: Visibility| service::can_see(v, rel);
            let associations = if sees(p.associations_visibility) {
                let mine: HashSet<String> = match viewer {
                    Some(v) => associations::repo::memberships(conn, &v.id)?.into_iter().map(|(a, _)| a.id).collect(),
                    None => HashSet::new(),
                };
                let list: Vec<MemberAssociation> = associations::repo::memberships(conn, &member.id)?
                    .into_iter()
                    .filter(|(a, _)| {
                        matches!(a.status(), AssociationStatus::Verified | AssociationStatus::Pending)
                            || mine.contains(&a.id)
                            || is_staff(viewer)
                    })
                    .map(|(a, role)| MemberAssociation {
                        name: a.name(),
                        acronym: a.acronym.clone(),
                        id: a.id,
                        role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
                    })
                    .collect();
                Some(list).filter(|l| !l.is_empty())
            } else {
                None
            };
            let connection = row.map(|r| {
                let mine = viewer.is_some_and(|v| v.id == r.requester_id);
                ViewerConnection {
                    status: service::seen_status(r.status(), mine),
                    direction: service::direction(mine),
                    id: r.id,
                }
            });
            Ok(MemberProfile {
                user_id: UserId(member.id.parse().unwrap_or_default()),
                display_name: member.display_name,
                headline: p.headline.filter(|_| sees(p.headline_visibility)),
                skills: Some(p.skills).filter(|s| !s.is_empty() && sees(p.skills_visibility)),
                bio: p.bio.filter(|_| sees(p.bio_visibility)),
                associations,
                connection_count: match viewer {
                    Some(_) => Some(repo::connection_count(conn, &member.id)?),
                    None => None,
                },
                is_self: rel == Relation::Owner,
                connection,
            })
        })
        .await?;
    Ok(web::Json(profile))
}

/// Connections as `viewer` sees them, with the other members' names and headlines (rows whose
/// other member is disabled are left out).
fn views(conn: &mut DbConn, rows: Vec<ConnectionRow>, viewer: &str) -> ApiResult<Vec<Connection>> {
    let others: Vec<String> = rows.iter().map(|r| r.other(viewer).to_owned()).collect();
    let names: HashMap<String, String> = repo::names_of(conn, &others)?.into_iter().collect();
    let profiles: HashMap<String, ProfileRow> =
        repo::profiles_of(conn, &others)?.into_iter().map(|p| (p.user_id.clone(), p)).collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let other = r.other(viewer).to_owned();
            let name = names.get(&other)?.clone();
            let mine = r.requester_id == viewer;
            let rel = if r.status() == ConnectionStatus::Accepted { Relation::Connection } else { Relation::Member };
            let headline = profiles
                .get(&other)
                .filter(|p| service::can_see(p.headline_visibility(), rel))
                .and_then(|p| p.headline.clone());
            let decided_at =
                if mine && r.status() == ConnectionStatus::Declined { None } else { r.decided_at.map(to_utc) };
            Some(Connection {
                status: service::seen_status(r.status(), mine),
                direction: service::direction(mine),
                member: MemberSummary {
                    user_id: UserId(other.parse().unwrap_or_default()),
                    display_name: name,
                    headline,
                },
                id: r.id,
                message: r.message,
                created_at: to_utc(r.created_at),
                decided_at,
            })
        })
        .collect())
}

fn view(conn: &mut DbConn, row: ConnectionRow, viewer: &str) -> ApiResult<Connection> {
    views(conn, vec![row], viewer)?.pop().ok_or(ApiError::NotFound)
}

fn notify(conn: &mut DbConn, user_id: &str, kind: &str, at: chrono::NaiveDateTime) -> ApiResult<()> {
    associations::repo::insert_notification(
        conn,
        &NotificationRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            kind: kind.to_owned(),
            association_id: None,
            reason: None,
            created_at: at,
            read_at: None,
            course_id: None,
        },
    )?;
    Ok(())
}

/// Ask a member to connect
///
/// The member is notified. If they already asked you, this accepts their request instead (200).
/// Your email address must be verified.
#[utoipa::path(
    tag = "network",
    request_body = CreateConnection,
    responses(
        (status = 201, description = "Request sent", body = Connection),
        (status = 200, description = "They had asked you: you are now connected", body = Connection),
        (status = 403, description = "Your email address is not verified (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already connected, or your request is waiting (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`user_id` is you (`self`) or no member (`unknown`); `message` too long", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/connections")]
pub async fn create_connection(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<CreateConnection>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let target = req.user_id.to_string();
    if target == user.id {
        return Err(ApiError::field("user_id", "self", "must be another member than you"));
    }
    let message = clean(req.message);
    let (created, connection) = state
        .db(move |conn| {
            let me = crate::auth::repo::find_user(conn, &user.id)?;
            if !me.email_verified {
                return Err(ApiError::Forbidden("verify your email address before connecting with members"));
            }
            active_user(conn, &target).map_err(|e| match e {
                ApiError::NotFound => ApiError::field("user_id", "unknown", "is not a member of Madani"),
                other => other,
            })?;
            let key = service::pair_key(&user.id, &target);
            let existing = repo::connection_between(conn, &key)?;
            let at = now();
            match service::on_send(existing.as_ref().map(|r| (r.requester_id.as_str(), r.status())), &user.id)? {
                SendOutcome::Create => {
                    let row = ConnectionRow {
                        id: new_id(),
                        pair_key: key,
                        requester_id: user.id.clone(),
                        addressee_id: target.clone(),
                        status: ConnectionStatus::Pending.as_str().to_owned(),
                        message,
                        created_at: at,
                        decided_at: None,
                        withdrawn: false,
                    };
                    crate::db::write_tx(conn, |conn| {
                        repo::insert_connection(conn, &row).map_err(|e| {
                            if is_unique_violation(&e) {
                                ApiError::Conflict("A request between you two was just sent.".into())
                            } else {
                                e.into()
                            }
                        })?;
                        notify(conn, &target, "connection.requested", at)
                    })?;
                    tracing::info!(from = %user.id, to = %target, "connection requested");
                    Ok((true, view(conn, row, &user.id)?))
                }
                SendOutcome::AcceptTheirs => {
                    let row = existing.ok_or(ApiError::NotFound)?;
                    accept_in_transaction(conn, &row, at)?;
                    let row = repo::find_connection(conn, &row.id)?;
                    Ok((false, view(conn, row, &user.id)?))
                }
            }
        })
        .await?;
    Ok(if created { HttpResponse::Created().json(connection) } else { HttpResponse::Ok().json(connection) })
}

fn accept_in_transaction(conn: &mut DbConn, row: &ConnectionRow, at: chrono::NaiveDateTime) -> ApiResult<()> {
    crate::db::write_tx(conn, |conn| {
        if repo::set_connection_status(conn, &row.id, &row.status, ConnectionStatus::Accepted.as_str(), at)? == 0 {
            return Err(ApiError::Conflict("This request was just answered.".into()));
        }
        notify(conn, &row.requester_id, "connection.accepted", at)
    })?;
    tracing::info!(connection = %row.id, "connection accepted");
    Ok(())
}

/// My network
///
/// Your connections (`status=accepted`, the default), the requests waiting for your answer
/// (`pending_incoming`) or the requests you sent (`pending_outgoing`); newest first.
#[utoipa::path(
    tag = "network",
    params(ListConnectionsQuery),
    responses((status = 200, description = "A page of your network", body = Page<Connection>)),
    security(("bearer" = []))
)]
#[get("/connections")]
pub async fn list_connections(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<ListConnectionsQuery>,
) -> ApiResult<web::Json<Page<Connection>>> {
    let q = query.0;
    let limit = i64::from(q.limit.unwrap_or(PageQuery::DEFAULT_LIMIT));
    let part = match q.status.unwrap_or(ConnectionFilter::Accepted) {
        ConnectionFilter::Accepted => Part::Accepted,
        ConnectionFilter::PendingIncoming => Part::Incoming,
        ConnectionFilter::PendingOutgoing => Part::Outgoing,
    };
    let page = state
        .db(move |conn| {
            let rows = repo::connections_of(conn, &user.id, part, q.cursor.as_deref(), limit + 1)?;
            let (rows, next_cursor) = page_of(rows, limit, |r| Some(r.id.clone()));
            Ok(Page { items: views(conn, rows, &user.id)?, next_cursor })
        })
        .await?;
    Ok(web::Json(page))
}

fn answer(conn: &mut DbConn, user: &AuthUser, id: &str, accept: bool) -> ApiResult<Connection> {
    let row = repo::find_connection(conn, id)?;
    let current = row.status();
    let next = service::answer(&row.requester_id, &row.addressee_id, current, &user.id, accept)?;
    if next != current {
        let at = now();
        if next == ConnectionStatus::Accepted {
            accept_in_transaction(conn, &row, at)?;
        } else if repo::set_connection_status(conn, &row.id, &row.status, next.as_str(), at)? == 0 {
            return Err(ApiError::Conflict("This request was just answered.".into()));
        }
    }
    let row = repo::find_connection(conn, id)?;
    view(conn, row, &user.id)
}

/// Accept a connection request
///
/// The member who received the request only; a request you declined earlier can still be accepted.
#[utoipa::path(
    tag = "network",
    params(("id" = String, Path, description = "The connection id")),
    responses(
        (status = 200, description = "You are connected; the requester is notified", body = Connection),
        (status = 403, description = "You sent this request (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request of yours (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already connected (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/connections/{id}/accept")]
pub async fn accept_connection(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Connection>> {
    let id = path.into_inner();
    Ok(web::Json(state.db(move |conn| answer(conn, &user, &id, true)).await?))
}

/// Decline a connection request
///
/// The member who received the request only. The requester is not told: to them the request
/// stays pending, and they cannot send another one.
#[utoipa::path(
    tag = "network",
    params(("id" = String, Path, description = "The connection id")),
    responses(
        (status = 200, description = "Declined", body = Connection),
        (status = 403, description = "You sent this request (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request of yours (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already connected: delete the connection instead (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/connections/{id}/decline")]
pub async fn decline_connection(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Connection>> {
    let id = path.into_inner();
    Ok(web::Json(state.db(move |conn| answer(conn, &user, &id, false)).await?))
}

/// Withdraw a request, or remove a connection
///
/// Either member may do it; afterwards either may send a new request.
#[utoipa::path(
    tag = "network",
    params(("id" = String, Path, description = "The connection id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such connection or request of yours (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/connections/{id}")]
pub async fn delete_connection(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .db(move |conn| {
            let row = repo::find_connection(conn, &id)?;
            if !row.is_party(&user.id) {
                tracing::warn!(user = %user.id, connection = %id, "refused: not a party to the connection");
                return Err(ApiError::NotFound);
            }
            if row.status() == ConnectionStatus::Declined && row.requester_id == user.id {
                // Declined requests stay, out of the requester's sight, so that withdrawing and
                // sending again cannot be used to notify someone who said no over and over.
                repo::withdraw_connection(conn, &id)?;
            } else {
                repo::delete_connection(conn, &id)?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The member's networking data, for the personal-data export.
pub fn export(conn: &mut DbConn, user_id: &str) -> ApiResult<NetworkExport> {
    let profile = repo::find_profile(conn, user_id)?.map(|p| p.to_api());
    let follows = repo::following(conn, user_id, None, i64::MAX)?;
    let following = followed(conn, follows)?;
    let rows = repo::all_connections_of(conn, user_id)?;
    Ok(NetworkExport { profile, following, connections: views(conn, rows, user_id)? })
}
