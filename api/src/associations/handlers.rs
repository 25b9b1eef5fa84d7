//! HTTP handlers for `/api/v1/associations…`, the verification queue, the audit log and the
//! member's own associations and notifications.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use madani_shared::associations::*;
use madani_shared::auth::Role;
use madani_shared::ids::UserId;
use madani_shared::search::tokens;
use madani_shared::{Page, Problem};

use super::repo::{self, After, Filters};
use super::rows::*;
use super::service::{self, StaffAction};
use crate::auth::{AuthUser, is_staff};
use crate::db::{DbConn, new_id, now, page_of, to_utc};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::http::{ValidJson, ValidQuery};
use crate::startup::AppState;
use crate::{mail, territories};

const STAFF: &[Role] = Role::STAFF;

/// The association and the viewer's role in it; 404 when the viewer may not know it exists
/// (rejected and suspended associations are visible to their members and staff only).
pub(crate) fn load_visible(
    conn: &mut DbConn,
    id: &str,
    viewer: Option<&AuthUser>,
) -> ApiResult<(AssociationRow, Option<MemberRole>)> {
    let row = repo::find(conn, id)?;
    let role = match viewer {
        Some(u) => repo::role_of(conn, id, &u.id)?.and_then(|r| MemberRole::parse(&r)),
        None => None,
    };
    let public = matches!(row.status(), AssociationStatus::Verified | AssociationStatus::Pending);
    if !public && role.is_none() && !is_staff(viewer) {
        return Err(ApiError::NotFound);
    }
    Ok((row, role))
}

pub(super) fn to_view(
    conn: &mut DbConn,
    row: &AssociationRow,
    role: Option<MemberRole>,
    viewer: Option<&AuthUser>,
) -> ApiResult<Association> {
    let fields = repo::fields_of(conn, &row.id)?;
    let count = repo::member_count(conn, &row.id)?;
    Ok(row.to_api(fields, count, role, role.is_some() || is_staff(viewer)))
}

/// The commune must be in the wilaya.
pub(crate) fn check_place(conn: &mut DbConn, wilaya: &str, commune: Option<i32>) -> ApiResult<()> {
    if !territories::repo::wilaya_exists(conn, wilaya)? {
        return Err(ApiError::field("wilaya_code", "unknown", "is not a wilaya code"));
    }
    if let Some(c) = commune
        && !territories::repo::commune_in_wilaya(conn, c, wilaya)?
    {
        return Err(ApiError::field("commune_id", "not_in_wilaya", "is not a commune of this wilaya"));
    }
    Ok(())
}

/// A contact as given, trimmed; none when its value is empty.
fn given(item: &Option<ContactItem>) -> Option<ContactItem> {
    item.as_ref()
        .map(|c| ContactItem { value: c.value.trim().to_owned(), public: c.public })
        .filter(|c| !c.value.is_empty())
}

fn contacts_json(c: &Contacts) -> String {
    serde_json::to_string(c).unwrap_or_else(|_| "{}".into())
}

/// Register `req` with `owner_id` as owner, pending verification: one transaction.
pub fn register(conn: &mut DbConn, owner_id: &str, req: &CreateAssociation) -> ApiResult<AssociationRow> {
    check_place(conn, &req.wilaya_code, req.commune_id)?;
    insert_association(conn, Some(owner_id), req, AssociationStatus::Pending)
}

/// Store `req`, whose place has been checked, with `status`, and `owner_id` as owner if given
/// (imported associations have none until their officers are invited): one transaction.
pub fn insert_association(
    conn: &mut DbConn,
    owner_id: Option<&str>,
    req: &CreateAssociation,
    status: AssociationStatus,
) -> ApiResult<AssociationRow> {
    let now = now();
    let (name_ar, name_fr, name_en) = req.name.trimmed();
    let (description_ar, description_fr, description_en) = req.description.trimmed();
    let row = AssociationRow {
        id: new_id(),
        name_ar,
        name_fr,
        name_en,
        sort_name: service::sort_name(&req.name),
        acronym: req.acronym.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned),
        registration_number: req.registration_number.trim().to_owned(),
        category: req.category.as_str().to_owned(),
        wilaya_code: req.wilaya_code.clone(),
        commune_id: req.commune_id,
        address: req.address.clone(),
        founded_on: req.founded_on,
        size_band: req.size.as_str().to_owned(),
        description_ar,
        description_fr,
        description_en,
        contacts: contacts_json(&Contacts {
            email: given(&req.email),
            phone: given(&req.phone),
            website: given(&req.website),
            social_links: req.social_links.clone(),
        }),
        status: status.as_str().to_owned(),
        status_reason: None,
        created_at: now,
        updated_at: now,
        logo: None,
    };
    let terms = service::search_terms(&req.name, row.acronym.as_deref(), &req.description);
    let mut fields = req.fields.clone();
    fields.sort();
    fields.dedup();
    crate::db::write_tx(conn, |conn| {
        repo::insert(conn, &row).map_err(|e| {
            if is_unique_violation(&e) {
                ApiError::Conflict("An association with this registration number is already registered.".into())
            } else {
                e.into()
            }
        })?;
        repo::set_fields_and_terms(conn, &row.id, &fields, &terms)?;
        if let Some(owner_id) = owner_id {
            repo::add_member(conn, &row.id, owner_id, MemberRole::Owner.as_str(), now)?;
        }
        Ok::<_, ApiError>(())
    })?;
    Ok(row)
}

/// Search the directory
///
/// Public. Full-text search over names, acronym and description in all languages (case, Latin
/// accents, Arabic diacritics and letter variants do not matter; each word matches the start of a
/// word), filters, facet counts over all results, and cursor pagination that stays stable while
/// associations are added. Rejected and suspended associations are never listed.
#[utoipa::path(
    tag = "associations",
    params(ListAssociationsQuery),
    responses((status = 200, description = "A page of results with facet counts", body = DirectoryPage)),
    security(())
)]
#[get("/associations")]
pub async fn list_associations(
    state: web::Data<AppState>,
    query: ValidQuery<ListAssociationsQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    // The same for everyone: answered from the cache when it was asked lately.
    let key = serde_json::to_string(&q).map_err(ApiError::internal)?;
    let json = |body| HttpResponse::Ok().content_type("application/json").body(body);
    let cache = state.directory.clone();
    let flight = cache.flight(&key);
    let _computing = match cache.lookup(&key) {
        _ if !cache.enabled() => None,
        Some((body, true)) => return Ok(json(body)),
        // Past its time: one request refreshes it, the others keep the previous answer meanwhile.
        Some((body, false)) => match flight.try_lock() {
            Ok(guard) => Some(guard),
            Err(_) => return Ok(json(body)),
        },
        // Missing: one request computes it; the others wait for that one and take its answer (or,
        // if a write made it stale meanwhile, compute their own side by side).
        None => match flight.try_lock() {
            Ok(guard) => Some(guard),
            Err(_) => {
                drop(flight.lock().await);
                if let Some(body) = cache.get(&key) {
                    return Ok(json(body));
                }
                None
            }
        },
    };
    let generation = cache.generation();
    let limit = i64::from(q.limit.unwrap_or(20));
    let filters = filters_of(q.q.as_deref(), q.wilaya.clone(), q.commune, q.field, q.category, q.size, q.verified_only);
    // Relevance is the default when there is text to rank by; otherwise name order.
    let sort = match q.sort {
        Some(SortOrder::Newest) => SortOrder::Newest,
        Some(SortOrder::Name) => SortOrder::Name,
        _ if filters.words.is_empty() => SortOrder::Name,
        _ => SortOrder::Relevance,
    };
    let after = match q.cursor.as_deref() {
        Some(c) => match (service::decode_cursor(c)?, sort) {
            (a @ After::Name { .. }, SortOrder::Name)
            | (a @ After::Newest { .. }, SortOrder::Newest)
            | (a @ After::Relevance { .. }, SortOrder::Relevance) => a,
            _ => return Err(ApiError::field("cursor", "invalid_value", "belongs to another sort order")),
        },
        None => After::Start,
    };
    let page = state
        .db(move |conn| {
            let (rows, next_cursor) = match sort {
                SortOrder::Relevance => {
                    let scored = repo::page_by_relevance(conn, &filters, &after, limit + 1)?;
                    let (scored, next) = page_of(scored, limit, |(r, score)| {
                        service::encode_cursor(&After::Relevance {
                            score: *score,
                            sort_name: r.sort_name.clone(),
                            id: r.id.clone(),
                        })
                    });
                    (scored.into_iter().map(|(r, _)| r).collect::<Vec<_>>(), next)
                }
                SortOrder::Newest => page_of(repo::page_by_newest(conn, &filters, &after, limit + 1)?, limit, |r| {
                    service::encode_cursor(&After::Newest { created_at: r.created_at, id: r.id.clone() })
                }),
                SortOrder::Name => page_of(repo::page_by_name(conn, &filters, &after, limit + 1)?, limit, |r| {
                    service::encode_cursor(&After::Name { sort_name: r.sort_name.clone(), id: r.id.clone() })
                }),
            };
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let fields = repo::fields_of_many(conn, &ids)?;
            let items = rows
                .iter()
                .map(|r| {
                    let mine =
                        fields.iter().filter(|(id, _)| *id == r.id).filter_map(|(_, f)| Field::parse(f)).collect();
                    r.summary(mine)
                })
                .collect();
            let counts = repo::counts(conn, &filters)?;
            let facet = |list: Vec<(String, i64)>| {
                let mut out: Vec<FacetCount> =
                    list.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
                out.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
                out
            };
            Ok(DirectoryPage {
                items,
                next_cursor,
                total: counts.total,
                facets: Facets {
                    wilaya: facet(counts.wilaya),
                    field: facet(counts.field),
                    category: facet(counts.category),
                },
            })
        })
        .await?;
    let body = web::Bytes::from(serde_json::to_vec(&page).map_err(ApiError::internal)?);
    cache.put(key, generation, body.clone());
    Ok(json(body))
}

/// Largest export, in associations.
const EXPORT_CAP: i64 = 200_000;

fn filters_of(
    q: Option<&str>,
    wilaya: Option<String>,
    commune: Option<i32>,
    field: Option<Field>,
    category: Option<Category>,
    size: Option<SizeBand>,
    verified_only: Option<bool>,
) -> Filters {
    Filters {
        words: q.map(tokens).unwrap_or_default().into_iter().take(8).collect(),
        wilaya,
        commune,
        field: field.map(|f| f.as_str().to_owned()),
        category: category.map(|c| c.as_str().to_owned()),
        size: size.map(|s| s.as_str().to_owned()),
        verified_only: verified_only.unwrap_or(false),
    }
}

fn exported(row: &AssociationRow, fields: Vec<Field>) -> ExportedAssociation {
    let contacts = row.contacts();
    let public = |c: Option<ContactItem>| c.filter(|c| c.public).map(|c| c.value);
    let s = row.summary(fields);
    ExportedAssociation {
        id: s.id,
        registration_number: row.registration_number.clone(),
        name: s.name,
        acronym: s.acronym,
        category: s.category,
        fields: s.fields,
        wilaya_code: s.wilaya_code,
        commune_id: s.commune_id,
        size: s.size,
        status: s.status,
        email: public(contacts.email),
        phone: public(contacts.phone),
        website: public(contacts.website),
        created_at: s.created_at,
    }
}

/// Export the directory
///
/// Public. Every association the search returns for the same filters, in name order, with public
/// data only, as CSV (RFC 4180, UTF-8) or JSON. The columns are described in
/// `docs/data-dictionary.md`.
#[utoipa::path(
    tag = "associations",
    params(ExportAssociationsQuery),
    responses(
        (status = 200, description = "The export, as an attachment", content(
            (String = "text/csv", example = "id,registration_number,name_ar,name_fr,name_en,acronym,category,fields,wilaya_code,commune_id,size,status,email,phone,website,created_at\r\n"),
            (Vec<ExportedAssociation> = "application/json")
        )),
        (status = 429, description = "Too many exports running; retry after `Retry-After` seconds (`too_many_requests`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/associations/export")]
pub async fn export_associations(
    state: web::Data<AppState>,
    query: ValidQuery<ExportAssociationsQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    // A whole-registry export is heavy: a few at a time, the others asked to come back.
    let _permit = state.exports.clone().try_acquire_owned().map_err(|_| {
        tracing::warn!("refused: too many directory exports at once");
        ApiError::TooManyRequests { retry_after_secs: 10 }
    })?;
    let format = q.format.unwrap_or(ExportFormat::Csv);
    let filters = filters_of(q.q.as_deref(), q.wilaya, q.commune, q.field, q.category, q.size, q.verified_only);
    let list = state
        .db(move |conn| {
            let rows = repo::all_by_name(conn, &filters, EXPORT_CAP)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let mut fields = std::collections::HashMap::<String, Vec<Field>>::new();
            for chunk in ids.chunks(5000) {
                for (id, f) in repo::fields_of_many(conn, chunk)? {
                    if let Some(f) = Field::parse(&f) {
                        fields.entry(id).or_default().push(f);
                    }
                }
            }
            Ok(rows.iter().map(|r| exported(r, fields.remove(&r.id).unwrap_or_default())).collect::<Vec<_>>())
        })
        .await?;
    let stamp = chrono::Utc::now().format("%Y%m%d");
    match format {
        ExportFormat::Json => Ok(HttpResponse::Ok()
            .insert_header((
                "content-disposition",
                format!("attachment; filename=\"madani-associations-{stamp}.json\""),
            ))
            .json(list)),
        ExportFormat::Csv => {
            let mut out = String::from(
                "id,registration_number,name_ar,name_fr,name_en,acronym,category,fields,wilaya_code,commune_id,size,status,email,phone,website,created_at\r\n",
            );
            for a in &list {
                let fields: Vec<&str> = a.fields.iter().map(|f| f.as_str()).collect();
                let cells = [
                    a.id.clone(),
                    a.registration_number.clone(),
                    a.name.ar.clone().unwrap_or_default(),
                    a.name.fr.clone().unwrap_or_default(),
                    a.name.en.clone().unwrap_or_default(),
                    a.acronym.clone().unwrap_or_default(),
                    a.category.as_str().to_owned(),
                    fields.join(";"),
                    a.wilaya_code.clone(),
                    a.commune_id.map(|c| c.to_string()).unwrap_or_default(),
                    a.size.as_str().to_owned(),
                    a.status.as_str().to_owned(),
                    a.email.clone().unwrap_or_default(),
                    a.phone.clone().unwrap_or_default(),
                    a.website.clone().unwrap_or_default(),
                    a.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                ];
                out.push_str(&cells.iter().map(|c| crate::csv::field(c)).collect::<Vec<_>>().join(","));
                out.push_str("\r\n");
            }
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    "content-disposition",
                    format!("attachment; filename=\"madani-associations-{stamp}.csv\""),
                ))
                .body(out))
        }
    }
}

/// Register an association
///
/// You become its owner; it waits for verification by the observatory. Your email address must be
/// verified.
#[utoipa::path(
    tag = "associations",
    request_body = CreateAssociation,
    responses(
        (status = 201, description = "Registered, pending verification", body = Association),
        (status = 403, description = "Your email address is not verified (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This registration number is already registered (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations")]
pub async fn create_association(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<CreateAssociation>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let view = state
        .db(move |conn| {
            let me = crate::auth::repo::find_user(conn, &user.id)?;
            if !me.email_verified {
                return Err(ApiError::Forbidden("verify your email address before registering an association"));
            }
            let row = register(conn, &user.id, &req)?;
            tracing::info!(association = %row.id, owner = %user.id, "association registered");
            to_view(conn, &row, Some(MemberRole::Owner), Some(&user))
        })
        .await?;
    state.directory.invalidate();
    Ok(HttpResponse::Created().json(view))
}

/// An association's profile
///
/// Public for verified and pending associations. Members and staff also see private contact details
/// and the reason of a rejection or suspension.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "The profile", body = Association),
        (status = 404, description = "No such association, or not visible to you (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[get("/associations/{id}")]
pub async fn get_association(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    path: web::Path<String>,
) -> ApiResult<web::Json<Association>> {
    let id = path.into_inner();
    let view = state
        .db(move |conn| {
            let (row, role) = load_visible(conn, &id, user.as_ref())?;
            to_view(conn, &row, role, user.as_ref())
        })
        .await?;
    Ok(web::Json(view))
}

/// Change an association's profile
///
/// Owners and admins. The registration number and status cannot be changed here.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    request_body = UpdateAssociation,
    responses(
        (status = 200, description = "The updated profile", body = Association),
        (status = 403, description = "Not an owner or admin of this association (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/associations/{id}")]
pub async fn update_association(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<UpdateAssociation>,
) -> ApiResult<web::Json<Association>> {
    let id = path.into_inner();
    let req = body.0;
    let view = state
        .db(move |conn| {
            let (mut row, role) = load_visible(conn, &id, Some(&user))?;
            if !service::can_manage(role) {
                tracing::warn!(user = %user.id, association = %id, "refused: edit association");
                return Err(ApiError::Forbidden("only owners and admins edit the association"));
            }
            let wilaya = req.wilaya_code.clone().unwrap_or_else(|| row.wilaya_code.clone());
            let commune = if req.wilaya_code.is_some() && req.commune_id.is_none() {
                None
            } else {
                req.commune_id.or(row.commune_id)
            };
            check_place(conn, &wilaya, commune)?;
            let name = req.name.clone().unwrap_or_else(|| row.name());
            let description = req.description.clone().unwrap_or_else(|| row.description());
            (row.name_ar, row.name_fr, row.name_en) = name.trimmed();
            (row.description_ar, row.description_fr, row.description_en) = description.trimmed();
            row.sort_name = service::sort_name(&name);
            if let Some(a) = &req.acronym {
                row.acronym = Some(a.trim().to_owned()).filter(|a| !a.is_empty());
            }
            if let Some(c) = req.category {
                row.category = c.as_str().to_owned();
            }
            row.wilaya_code = wilaya;
            row.commune_id = commune;
            if let Some(a) = &req.address {
                row.address = Some(a.clone()).filter(|a| !a.trim().is_empty());
            }
            if req.founded_on.is_some() {
                row.founded_on = req.founded_on;
            }
            if let Some(s) = req.size {
                row.size_band = s.as_str().to_owned();
            }
            let mut contacts = row.contacts();
            // An empty value removes the contact.
            if req.email.is_some() {
                contacts.email = given(&req.email);
            }
            if req.phone.is_some() {
                contacts.phone = given(&req.phone);
            }
            if req.website.is_some() {
                contacts.website = given(&req.website);
            }
            if let Some(l) = &req.social_links {
                contacts.social_links = l.clone();
            }
            row.contacts = contacts_json(&contacts);
            row.updated_at = now();
            let fields = match &req.fields {
                Some(f) => {
                    let mut f = f.clone();
                    f.sort();
                    f.dedup();
                    f
                }
                None => repo::fields_of(conn, &id)?,
            };
            let terms = service::search_terms(&name, row.acronym.as_deref(), &description);
            crate::db::write_tx(conn, |conn| {
                repo::update(conn, &row)?;
                repo::set_fields_and_terms(conn, &id, &fields, &terms)
            })?;
            to_view(conn, &row, role, Some(&user))
        })
        .await?;
    state.directory.invalidate();
    Ok(web::Json(view))
}

/// Members of an association
///
/// Members and staff only.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "The members, oldest first", body = Vec<Member>),
        (status = 403, description = "Not a member (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/associations/{id}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<Member>>> {
    let id = path.into_inner();
    let list = state
        .db(move |conn| {
            let (_, role) = load_visible(conn, &id, Some(&user))?;
            if role.is_none() && !is_staff(Some(&user)) {
                tracing::warn!(user = %user.id, association = %id, "refused: member list");
                return Err(ApiError::Forbidden("only members see the member list"));
            }
            Ok(repo::members(conn, &id)?
                .into_iter()
                .map(|(uid, name, role, joined)| Member {
                    user_id: UserId(uid.parse().unwrap_or_default()),
                    display_name: name,
                    role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
                    joined_at: to_utc(joined),
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(web::Json(list))
}

/// Change a member's role
///
/// Owners and admins; only the owner appoints or demotes admins; ownership moves by transfer.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id"), ("user_id" = String, Path, description = "The member's user id")),
    request_body = UpdateMember,
    responses(
        (status = 200, description = "The member with the new role", body = Member),
        (status = 403, description = "Not allowed (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association or member (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The owner's role changes only by transfer (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/associations/{id}/members/{user_id}")]
pub async fn update_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: ValidJson<UpdateMember>,
) -> ApiResult<web::Json<Member>> {
    let (id, target) = path.into_inner();
    let new_role = body.0.role;
    let member = state
        .db(move |conn| {
            let (_, actor) = load_visible(conn, &id, Some(&user))?;
            if actor.is_none() {
                return Err(ApiError::Forbidden("only owners and admins change roles"));
            }
            let current =
                repo::role_of(conn, &id, &target)?.and_then(|r| MemberRole::parse(&r)).ok_or(ApiError::NotFound)?;
            service::check_role_change(actor, current, new_role)?;
            repo::set_role(conn, &id, &target, new_role.as_str())?;
            let (uid, name, role, joined) =
                repo::members(conn, &id)?.into_iter().find(|(uid, ..)| *uid == target).ok_or(ApiError::NotFound)?;
            Ok(Member {
                user_id: UserId(uid.parse().unwrap_or_default()),
                display_name: name,
                role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
                joined_at: to_utc(joined),
            })
        })
        .await?;
    Ok(web::Json(member))
}

/// Remove a member, or leave
///
/// Members may leave; owners and admins remove members (only the owner removes admins). The owner
/// never leaves without transferring ownership first.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id"), ("user_id" = String, Path, description = "The member's user id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not allowed (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association or member (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The owner cannot leave or be removed (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/associations/{id}/members/{user_id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, target) = path.into_inner();
    state
        .db(move |conn| {
            let (_, actor) = load_visible(conn, &id, Some(&user))?;
            if actor.is_none() {
                return Err(ApiError::Forbidden("only members act on the member list"));
            }
            let role =
                repo::role_of(conn, &id, &target)?.and_then(|r| MemberRole::parse(&r)).ok_or(ApiError::NotFound)?;
            service::check_removal(actor, role, target == user.id)?;
            repo::remove_member(conn, &id, &target)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Transfer ownership
///
/// The owner hands the association to another member, who becomes owner; the former owner becomes
/// admin.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    request_body = TransferOwnership,
    responses(
        (status = 204, description = "Transferred"),
        (status = 403, description = "Not the owner (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`user_id` is not a member", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/transfer-ownership")]
pub async fn transfer_ownership(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<TransferOwnership>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let target = body.0.user_id.to_string();
    state
        .db(move |conn| {
            let (_, actor) = load_visible(conn, &id, Some(&user))?;
            if actor != Some(MemberRole::Owner) {
                return Err(ApiError::Forbidden("only the owner transfers ownership"));
            }
            if target == user.id || repo::role_of(conn, &id, &target)?.is_none() {
                return Err(ApiError::field("user_id", "not_a_member", "must be another member of the association"));
            }
            crate::db::write_tx(conn, |conn| {
                repo::set_role(conn, &id, &target, MemberRole::Owner.as_str())?;
                repo::set_role(conn, &id, &user.id, MemberRole::Admin.as_str())
            })?;
            tracing::info!(association = %id, from = %user.id, to = %target, "ownership transferred");
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn join_view(row: JoinRequestRow, name: String) -> JoinRequest {
    JoinRequest {
        id: row.id,
        association_id: row.association_id,
        user_id: UserId(row.user_id.parse().unwrap_or_default()),
        display_name: name,
        message: row.message,
        status: JoinRequestStatus::parse(&row.status).unwrap_or(JoinRequestStatus::Pending),
        created_at: to_utc(row.created_at),
        decided_at: row.decided_at.map(to_utc),
    }
}

/// Ask to join
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    request_body = CreateJoinRequest,
    responses(
        (status = 201, description = "Asked; the owners and admins decide", body = JoinRequest),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member, or a request is pending (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/join-requests")]
pub async fn create_join_request(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<CreateJoinRequest>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let message = body.0.message.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
    let request = state
        .db(move |conn| {
            let (_, role) = load_visible(conn, &id, Some(&user))?;
            if role.is_some() {
                return Err(ApiError::Conflict("You are already a member.".into()));
            }
            let row = JoinRequestRow {
                id: new_id(),
                association_id: id.clone(),
                user_id: user.id.clone(),
                message,
                status: "pending".into(),
                created_at: now(),
                decided_at: None,
                decided_by: None,
            };
            repo::insert_join_request(conn, &row).map_err(|e| {
                if is_unique_violation(&e) {
                    ApiError::Conflict("Your request to join is already pending.".into())
                } else {
                    e.into()
                }
            })?;
            let name = crate::auth::repo::find_user(conn, &user.id)?.display_name;
            Ok(join_view(row, name))
        })
        .await?;
    Ok(HttpResponse::Created().json(request))
}

/// Pending join requests
///
/// Owners and admins.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "Pending requests, oldest first", body = Vec<JoinRequest>),
        (status = 403, description = "Not an owner or admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/associations/{id}/join-requests")]
pub async fn list_join_requests(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<JoinRequest>>> {
    let id = path.into_inner();
    let list = state
        .db(move |conn| {
            let (_, role) = load_visible(conn, &id, Some(&user))?;
            if !service::can_manage(role) {
                return Err(ApiError::Forbidden("only owners and admins see join requests"));
            }
            Ok(repo::pending_join_requests(conn, &id)?.into_iter().map(|(r, n)| join_view(r, n)).collect::<Vec<_>>())
        })
        .await?;
    Ok(web::Json(list))
}

fn decide(conn: &mut DbConn, user: &AuthUser, id: &str, request_id: &str, approve: bool) -> ApiResult<JoinRequest> {
    let (_, role) = load_visible(conn, id, Some(user))?;
    if !service::can_manage(role) {
        tracing::warn!(user = %user.id, association = %id, "refused: decide join request");
        return Err(ApiError::Forbidden("only owners and admins decide join requests"));
    }
    let request = repo::find_join_request(conn, id, request_id)?;
    let now = now();
    let status = if approve { "approved" } else { "rejected" };
    crate::db::write_tx(conn, |conn| {
        if repo::decide_join_request(conn, request_id, status, &user.id, now)? == 0 {
            return Err(ApiError::Conflict("This request was already decided.".into()));
        }
        if approve && repo::role_of(conn, id, &request.user_id)?.is_none() {
            repo::add_member(conn, id, &request.user_id, MemberRole::Member.as_str(), now)?;
        }
        repo::insert_notification(
            conn,
            &NotificationRow {
                id: new_id(),
                user_id: request.user_id.clone(),
                kind: format!("join_request.{status}"),
                association_id: Some(id.to_owned()),
                reason: None,
                created_at: now,
                read_at: None,
                course_id: None,
            },
        )?;
        Ok(())
    })?;
    let name = crate::auth::repo::find_user(conn, &request.user_id)?.display_name;
    Ok(join_view(
        JoinRequestRow { status: status.into(), decided_at: Some(now), decided_by: Some(user.id.clone()), ..request },
        name,
    ))
}

/// Approve a join request
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id"), ("request_id" = String, Path, description = "The request id")),
    responses(
        (status = 200, description = "Approved; the requester is now a member", body = JoinRequest),
        (status = 403, description = "Not an owner or admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association or request (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/join-requests/{request_id}/approve")]
pub async fn approve_join_request(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<JoinRequest>> {
    let (id, request_id) = path.into_inner();
    Ok(web::Json(state.db(move |conn| decide(conn, &user, &id, &request_id, true)).await?))
}

/// Reject a join request
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id"), ("request_id" = String, Path, description = "The request id")),
    responses(
        (status = 200, description = "Rejected", body = JoinRequest),
        (status = 403, description = "Not an owner or admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association or request (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/join-requests/{request_id}/reject")]
pub async fn reject_join_request(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<JoinRequest>> {
    let (id, request_id) = path.into_inner();
    Ok(web::Json(state.db(move |conn| decide(conn, &user, &id, &request_id, false)).await?))
}

/// The verification queue
///
/// Observatory staff and administrators: pending associations, oldest first.
#[utoipa::path(
    tag = "verification",
    params(VerificationQueueQuery),
    responses(
        (status = 200, description = "A page of the queue", body = Page<AssociationSummary>),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/verification-queue")]
pub async fn verification_queue(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<VerificationQueueQuery>,
) -> ApiResult<web::Json<Page<AssociationSummary>>> {
    user.require(STAFF, "see the verification queue")?;
    let q = query.0;
    let limit = i64::from(q.limit.unwrap_or(20));
    let after = match q.cursor.as_deref().map(service::decode_cursor).transpose()? {
        Some(After::Newest { created_at, id }) => Some((created_at, id)),
        Some(_) => return Err(ApiError::field("cursor", "invalid_value", "is not a cursor from this list")),
        None => None,
    };
    let page = state
        .db(move |conn| {
            let rows = repo::pending(conn, q.wilaya.as_deref(), q.category.map(|c| c.as_str()), after, limit + 1)?;
            let (rows, next_cursor) = page_of(rows, limit, |r| {
                service::encode_cursor(&After::Newest { created_at: r.created_at, id: r.id.clone() })
            });
            let mut items = Vec::with_capacity(rows.len());
            for r in &rows {
                items.push(r.summary(repo::fields_of(conn, &r.id)?));
            }
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(web::Json(page))
}

/// Apply a staff decision: status, audit entry, in-app notification and email to the officers.
async fn staff_decision(
    state: web::Data<AppState>,
    user: AuthUser,
    id: String,
    action: StaffAction,
    reason: Option<String>,
) -> ApiResult<web::Json<Association>> {
    user.require(STAFF, "verify associations")?;
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    let view = state
        .db(move |conn| {
            let mut row = repo::find(conn, &id)?;
            let status = service::next_status(row.status(), action, reason.as_deref())?;
            let now = now();
            row.status = status.as_str().to_owned();
            row.status_reason = if action == StaffAction::Verify { None } else { reason.clone() };
            row.updated_at = now;
            let officers = repo::officers(conn, &id)?;
            crate::db::write_tx(conn, |conn| {
                repo::update(conn, &row)?;
                repo::insert_audit(
                    conn,
                    &AuditRow {
                        id: new_id(),
                        actor_id: Some(user.id.clone()),
                        action: format!("association.{}", action.past()),
                        target_type: "association".into(),
                        target_id: id.clone(),
                        reason: reason.clone(),
                        created_at: now,
                    },
                )?;
                for officer in &officers {
                    repo::insert_notification(
                        conn,
                        &NotificationRow {
                            id: new_id(),
                            user_id: officer.id.clone(),
                            kind: format!("association.{}", action.past()),
                            association_id: Some(id.clone()),
                            reason: reason.clone(),
                            created_at: now,
                            read_at: None,
                            course_id: None,
                        },
                    )?;
                    let lang = officer.language();
                    let name = row.name().get(lang).to_owned();
                    let (subject, body) = mail::templates::association_status(
                        lang,
                        &officer.display_name,
                        &name,
                        status.as_str(),
                        reason.as_deref(),
                    );
                    mail::enqueue(conn, &officer.email, &subject, &body, now)?;
                }
                Ok::<_, ApiError>(())
            })?;
            tracing::info!(staff = %user.id, association = %id, action = action.past(), "staff decision");
            to_view(conn, &row, None, Some(&user))
        })
        .await?;
    state.directory.invalidate();
    state.mail_notify.notify_one();
    Ok(web::Json(view))
}

/// Verify an association
#[utoipa::path(
    tag = "verification",
    params(("id" = String, Path, description = "The association id")),
    request_body = StatusDecision,
    responses(
        (status = 200, description = "Verified; its officers are notified", body = Association),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already verified (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/verify")]
pub async fn verify_association(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<StatusDecision>,
) -> ApiResult<web::Json<Association>> {
    staff_decision(state, user, path.into_inner(), StaffAction::Verify, body.0.reason).await
}

/// Reject an association's verification
///
/// The `reason` is required; the association's officers read it.
#[utoipa::path(
    tag = "verification",
    params(("id" = String, Path, description = "The association id")),
    request_body = StatusDecision,
    responses(
        (status = 200, description = "Rejected; its officers are notified", body = Association),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not pending (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/reject")]
pub async fn reject_association(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<StatusDecision>,
) -> ApiResult<web::Json<Association>> {
    staff_decision(state, user, path.into_inner(), StaffAction::Reject, body.0.reason).await
}

/// Suspend a verified association
///
/// The `reason` is required; the association's officers read it.
#[utoipa::path(
    tag = "verification",
    params(("id" = String, Path, description = "The association id")),
    request_body = StatusDecision,
    responses(
        (status = 200, description = "Suspended; its officers are notified", body = Association),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not verified (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/suspend")]
pub async fn suspend_association(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<StatusDecision>,
) -> ApiResult<web::Json<Association>> {
    staff_decision(state, user, path.into_inner(), StaffAction::Suspend, body.0.reason).await
}

/// The staff audit log
///
/// Observatory staff and administrators: every verification decision, newest first.
#[utoipa::path(
    tag = "verification",
    params(madani_shared::page::PageQuery),
    responses(
        (status = 200, description = "A page of the log", body = Page<AuditEntry>),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-log")]
pub async fn list_audit_log(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<madani_shared::page::PageQuery>,
) -> ApiResult<web::Json<Page<AuditEntry>>> {
    user.require(STAFF, "read the audit log")?;
    let q = query.0;
    let limit = i64::from(q.limit());
    let page = state
        .db(move |conn| {
            let rows = repo::audit_entries(conn, q.cursor.as_deref(), limit + 1)?;
            let (rows, next_cursor) = page_of(rows, limit, |(r, _)| Some(r.id.clone()));
            let items = rows
                .into_iter()
                .map(|(r, name)| AuditEntry {
                    id: r.id,
                    actor_id: r.actor_id.and_then(|a| a.parse().ok()).map(UserId),
                    actor_name: name,
                    action: r.action,
                    target_id: r.target_id,
                    reason: r.reason,
                    created_at: to_utc(r.created_at),
                })
                .collect();
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(web::Json(page))
}

/// Your associations
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "The associations you belong to, with your role", body = Vec<MyAssociation>)),
    security(("bearer" = []))
)]
#[get("/me/associations")]
pub async fn list_my_associations(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Vec<MyAssociation>>> {
    let list = state
        .db(move |conn| {
            let rows = repo::memberships(conn, &user.id)?;
            let mut out = Vec::with_capacity(rows.len());
            for (row, role) in rows {
                let fields = repo::fields_of(conn, &row.id)?;
                out.push(MyAssociation {
                    association: row.summary(fields),
                    role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
                });
            }
            Ok(out)
        })
        .await?;
    Ok(web::Json(list))
}

/// Your notifications
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "Your latest notifications, newest first", body = Vec<Notification>)),
    security(("bearer" = []))
)]
#[get("/me/notifications")]
pub async fn list_my_notifications(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Vec<Notification>>> {
    let list = state
        .db(move |conn| Ok(repo::notifications_for(conn, &user.id)?.iter().map(Notification::from).collect::<Vec<_>>()))
        .await?;
    Ok(web::Json(list))
}

/// Mark your notifications read
#[utoipa::path(
    tag = "me",
    responses((status = 204, description = "Every notification you had is now read")),
    security(("bearer" = []))
)]
#[post("/me/notifications/read")]
pub async fn mark_notifications_read(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    state.db(move |conn| Ok(repo::mark_notifications_read(conn, &user.id, now())?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
