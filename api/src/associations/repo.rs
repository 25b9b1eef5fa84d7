//! Diesel queries for the registry. The directory search is a boxed query built once from the
//! filters and reused for the page, the total and the facet counts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::associations::Field;

use super::rows::*;
use crate::db::schema::{
    association_fields, association_invitations, association_members, association_terms, associations, audit_log,
    join_requests, notifications, users,
};
use crate::db::{DbConn, MultiBackend};

pub fn insert(conn: &mut DbConn, row: &AssociationRow) -> QueryResult<usize> {
    diesel::insert_into(associations::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &AssociationRow) -> QueryResult<usize> {
    diesel::update(associations::table.find(&row.id)).set(row).execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<AssociationRow> {
    associations::table.find(id).first(conn)
}

pub fn fields_of(conn: &mut DbConn, id: &str) -> QueryResult<Vec<Field>> {
    let names: Vec<String> = association_fields::table
        .filter(association_fields::association_id.eq(id))
        .select(association_fields::field)
        .order(association_fields::field.asc())
        .load(conn)?;
    Ok(names.iter().filter_map(|n| Field::parse(n)).collect())
}

/// The fields of several associations at once (one query for a page of results).
pub fn fields_of_many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    association_fields::table
        .filter(association_fields::association_id.eq_any(ids))
        .select((association_fields::association_id, association_fields::field))
        .order((association_fields::association_id.asc(), association_fields::field.asc()))
        .load(conn)
}

/// Replace the fields and search terms of an association.
pub fn set_fields_and_terms(conn: &mut DbConn, id: &str, fields: &[Field], terms: &[(String, i32)]) -> QueryResult<()> {
    diesel::delete(association_fields::table.filter(association_fields::association_id.eq(id))).execute(conn)?;
    for field in fields {
        diesel::insert_into(association_fields::table)
            .values((association_fields::association_id.eq(id), association_fields::field.eq(field.as_str())))
            .execute(conn)?;
    }
    diesel::delete(association_terms::table.filter(association_terms::association_id.eq(id))).execute(conn)?;
    for (term, weight) in terms {
        diesel::insert_into(association_terms::table)
            .values((
                association_terms::term.eq(term),
                association_terms::association_id.eq(id),
                association_terms::weight.eq(weight),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn member_count(conn: &mut DbConn, id: &str) -> QueryResult<i64> {
    association_members::table.filter(association_members::association_id.eq(id)).count().get_result(conn)
}

pub fn role_of(conn: &mut DbConn, association_id: &str, user_id: &str) -> QueryResult<Option<String>> {
    association_members::table.find((association_id, user_id)).select(association_members::role).first(conn).optional()
}

/// Of `user_ids`, the members of the association, each with whether their account is active
/// (not disabled, email address verified): (user id, active).
pub fn members_among(conn: &mut DbConn, association_id: &str, user_ids: &[String]) -> QueryResult<Vec<(String, bool)>> {
    let rows: Vec<(String, bool, bool)> = association_members::table
        .inner_join(users::table)
        .filter(association_members::association_id.eq(association_id))
        .filter(association_members::user_id.eq_any(user_ids))
        .select((users::id, users::disabled, users::email_verified))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, disabled, verified)| (id, !disabled && verified)).collect())
}

pub fn add_member(
    conn: &mut DbConn,
    association_id: &str,
    user_id: &str,
    role: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(association_members::table)
        .values((
            association_members::association_id.eq(association_id),
            association_members::user_id.eq(user_id),
            association_members::role.eq(role),
            association_members::joined_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_role(conn: &mut DbConn, association_id: &str, user_id: &str, role: &str) -> QueryResult<usize> {
    diesel::update(association_members::table.find((association_id, user_id)))
        .set(association_members::role.eq(role))
        .execute(conn)
}

pub fn remove_member(conn: &mut DbConn, association_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(association_members::table.find((association_id, user_id))).execute(conn)
}

/// (user id, display name, role, joined at), owners first.
pub fn members(conn: &mut DbConn, association_id: &str) -> QueryResult<Vec<(String, String, String, NaiveDateTime)>> {
    association_members::table
        .inner_join(users::table)
        .filter(association_members::association_id.eq(association_id))
        .select((
            association_members::user_id,
            users::display_name,
            association_members::role,
            association_members::joined_at,
        ))
        .order((association_members::joined_at.asc(), association_members::user_id.asc()))
        .load(conn)
}

/// The owners and admins, who hear about the association's status.
pub fn officers(conn: &mut DbConn, association_id: &str) -> QueryResult<Vec<crate::auth::rows::UserRow>> {
    association_members::table
        .inner_join(users::table)
        .filter(association_members::association_id.eq(association_id))
        .filter(association_members::role.eq_any(["owner", "admin"]))
        .select(users::all_columns)
        .load(conn)
}

/// Associations where the user is the only owner (they must hand them over before leaving Madani).
pub fn solely_owned_by(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    association_members::table
        .filter(association_members::user_id.eq(user_id))
        .filter(association_members::role.eq("owner"))
        .select(association_members::association_id)
        .load(conn)
}

pub fn memberships(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(AssociationRow, String)>> {
    association_members::table
        .inner_join(associations::table)
        .filter(association_members::user_id.eq(user_id))
        .select((associations::all_columns, association_members::role))
        .order(associations::sort_name.asc())
        .load(conn)
}

pub fn insert_join_request(conn: &mut DbConn, row: &JoinRequestRow) -> QueryResult<usize> {
    diesel::insert_into(join_requests::table).values(row).execute(conn)
}

pub fn find_join_request(conn: &mut DbConn, association_id: &str, id: &str) -> QueryResult<JoinRequestRow> {
    join_requests::table
        .filter(join_requests::association_id.eq(association_id))
        .filter(join_requests::id.eq(id))
        .first(conn)
}

pub fn pending_join_requests(conn: &mut DbConn, association_id: &str) -> QueryResult<Vec<(JoinRequestRow, String)>> {
    join_requests::table
        .inner_join(users::table)
        .filter(join_requests::association_id.eq(association_id))
        .filter(join_requests::status.eq("pending"))
        .select((join_requests::all_columns, users::display_name))
        .order(join_requests::created_at.asc())
        .load(conn)
}

/// Decide a pending request; 0 when it was no longer pending.
pub fn decide_join_request(
    conn: &mut DbConn,
    id: &str,
    status: &str,
    by: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(join_requests::table.filter(join_requests::id.eq(id)).filter(join_requests::status.eq("pending")))
        .set((join_requests::status.eq(status), join_requests::decided_at.eq(now), join_requests::decided_by.eq(by)))
        .execute(conn)
}

pub fn insert_audit(conn: &mut DbConn, row: &AuditRow) -> QueryResult<usize> {
    diesel::insert_into(audit_log::table).values(row).execute(conn)
}

/// Newest first, after `before` (an audit id) for paging.
pub fn audit_entries(
    conn: &mut DbConn,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(AuditRow, Option<String>)>> {
    let mut query = audit_log::table
        .left_join(users::table)
        .select((audit_log::all_columns, users::display_name.nullable()))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before.to_owned()));
    }
    query.order(audit_log::id.desc()).limit(limit).load(conn)
}

pub fn insert_notification(conn: &mut DbConn, row: &NotificationRow) -> QueryResult<usize> {
    diesel::insert_into(notifications::table).values(row).execute(conn)
}

pub fn notifications_for(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<NotificationRow>> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::created_at.desc())
        .limit(100)
        .load(conn)
}

/// The verification queue: pending associations, oldest first.
pub fn pending(
    conn: &mut DbConn,
    wilaya: Option<&str>,
    category: Option<&str>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<AssociationRow>> {
    let mut query = associations::table.filter(associations::status.eq("pending")).into_boxed();
    if let Some(w) = wilaya {
        query = query.filter(associations::wilaya_code.eq(w.to_owned()));
    }
    if let Some(c) = category {
        query = query.filter(associations::category.eq(c.to_owned()));
    }
    if let Some((at, id)) = after {
        query = query
            .filter(associations::created_at.gt(at).or(associations::created_at.eq(at).and(associations::id.gt(id))));
    }
    query.order((associations::created_at.asc(), associations::id.asc())).limit(limit).load(conn)
}

/// What the directory filters on.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Folded words; each must be the start of some word of the association.
    pub words: Vec<String>,
    pub wilaya: Option<String>,
    pub commune: Option<i32>,
    pub field: Option<String>,
    pub category: Option<String>,
    pub size: Option<String>,
    pub verified_only: bool,
}

type Boxed<'a> = associations::BoxedQuery<'a, MultiBackend>;

/// The associations matching `f`, unordered.
pub fn filtered(f: &Filters) -> Boxed<'_> {
    let statuses: Vec<&str> = if f.verified_only { vec!["verified"] } else { vec!["verified", "pending"] };
    let mut query = associations::table.filter(associations::status.eq_any(statuses)).into_boxed();
    if let Some(w) = &f.wilaya {
        query = query.filter(associations::wilaya_code.eq(w));
    }
    if let Some(c) = f.commune {
        query = query.filter(associations::commune_id.eq(c));
    }
    if let Some(c) = &f.category {
        query = query.filter(associations::category.eq(c));
    }
    if let Some(s) = &f.size {
        query = query.filter(associations::size_band.eq(s));
    }
    if let Some(field) = &f.field {
        query = query.filter(
            associations::id.eq_any(
                association_fields::table
                    .filter(association_fields::field.eq(field))
                    .select(association_fields::association_id),
            ),
        );
    }
    for word in &f.words {
        // A prefix is a range: every string starting with `word` sorts between it and `word` + U+10FFFF.
        let upper = format!("{word}\u{10FFFF}");
        query = query.filter(
            associations::id.eq_any(
                association_terms::table
                    .filter(association_terms::term.ge(word.clone()))
                    .filter(association_terms::term.lt(upper))
                    .select(association_terms::association_id),
            ),
        );
    }
    query
}

/// A value bound into the directory's SQL.
enum Param {
    Text(String),
    Int(i32),
    BigInt(i64),
}

/// Add `p` to the bound values; its placeholder.
fn placeholder(params: &mut Vec<Param>, p: Param) -> String {
    params.push(p);
    format!("${}", params.len())
}

/// The directory's WHERE clause as SQL with `$n` placeholders, numbered in order of appearance
/// (SQLite numbers them by first appearance), for the aggregate queries diesel's boxed
/// multi-backend DSL cannot express (GROUP BY).
fn where_sql(f: &Filters, params: &mut Vec<Param>) -> String {
    let mut push = |p: Param| placeholder(params, p);
    let mut clauses = vec![if f.verified_only {
        format!("a.status = {}", push(Param::Text("verified".into())))
    } else {
        format!("a.status IN ({}, {})", push(Param::Text("verified".into())), push(Param::Text("pending".into())))
    }];
    if let Some(w) = &f.wilaya {
        clauses.push(format!("a.wilaya_code = {}", push(Param::Text(w.clone()))));
    }
    if let Some(c) = f.commune {
        clauses.push(format!("a.commune_id = {}", push(Param::Int(c))));
    }
    if let Some(c) = &f.category {
        clauses.push(format!("a.category = {}", push(Param::Text(c.clone()))));
    }
    if let Some(s) = &f.size {
        clauses.push(format!("a.size_band = {}", push(Param::Text(s.clone()))));
    }
    if let Some(field) = &f.field {
        clauses.push(format!(
            "a.id IN (SELECT association_id FROM association_fields WHERE field = {})",
            push(Param::Text(field.clone()))
        ));
    }
    for word in &f.words {
        let low = push(Param::Text(word.clone()));
        let high = push(Param::Text(format!("{word}\u{10FFFF}")));
        clauses.push(format!(
            "a.id IN (SELECT association_id FROM association_terms WHERE term >= {low} AND term < {high})"
        ));
    }
    clauses.join(" AND ")
}

fn bind_all(
    sql: String,
    params: Vec<Param>,
) -> diesel::query_builder::BoxedSqlQuery<'static, MultiBackend, diesel::query_builder::SqlQuery> {
    let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
    for p in params {
        query = match p {
            Param::Text(t) => query.bind::<diesel::sql_types::Text, _>(t),
            Param::Int(i) => query.bind::<diesel::sql_types::Integer, _>(i),
            Param::BigInt(i) => query.bind::<diesel::sql_types::BigInt, _>(i),
        };
    }
    query
}

#[derive(QueryableByName)]
struct PairCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    a: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    b: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct ValueCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The total and the facet counts of a search, computed by the database.
#[derive(Debug, Default)]
pub struct Counts {
    pub total: i64,
    pub wilaya: Vec<(String, i64)>,
    pub category: Vec<(String, i64)>,
    pub field: Vec<(String, i64)>,
}

pub fn counts(conn: &mut DbConn, f: &Filters) -> QueryResult<Counts> {
    let mut params = Vec::new();
    let clause = where_sql(f, &mut params);
    let pairs: Vec<PairCount> = bind_all(
        format!("SELECT a.wilaya_code AS a, a.category AS b, COUNT(*) AS n FROM associations a WHERE {clause} GROUP BY a.wilaya_code, a.category"),
        params,
    )
    .load(conn)?;
    let mut params = Vec::new();
    let clause = where_sql(f, &mut params);
    let fields: Vec<ValueCount> = bind_all(
        format!(
            "SELECT f.field AS value, COUNT(*) AS n FROM association_fields f JOIN associations a ON a.id = f.association_id \
             WHERE {clause} GROUP BY f.field"
        ),
        params,
    )
    .load(conn)?;
    let mut counts = Counts::default();
    let mut wilaya = std::collections::BTreeMap::<String, i64>::new();
    let mut category = std::collections::BTreeMap::<String, i64>::new();
    for p in pairs {
        counts.total += p.n;
        *wilaya.entry(p.a).or_default() += p.n;
        *category.entry(p.b).or_default() += p.n;
    }
    counts.wilaya = wilaya.into_iter().collect();
    counts.category = category.into_iter().collect();
    counts.field = fields.into_iter().map(|v| (v.value, v.n)).collect();
    Ok(counts)
}

/// Where a page starts.
#[derive(Debug, Clone, PartialEq)]
pub enum After {
    Start,
    Name { sort_name: String, id: String },
    Newest { created_at: NaiveDateTime, id: String },
    Relevance { score: i64, sort_name: String, id: String },
}

pub fn page_by_name(conn: &mut DbConn, f: &Filters, after: &After, limit: i64) -> QueryResult<Vec<AssociationRow>> {
    let mut query = filtered(f);
    if let After::Name { sort_name, id } = after {
        query = query.filter(
            associations::sort_name
                .gt(sort_name.clone())
                .or(associations::sort_name.eq(sort_name.clone()).and(associations::id.gt(id.clone()))),
        );
    }
    query.order((associations::sort_name.asc(), associations::id.asc())).limit(limit).load(conn)
}

/// Every match in name order, for exports (at most `cap`).
pub fn all_by_name(conn: &mut DbConn, f: &Filters, cap: i64) -> QueryResult<Vec<AssociationRow>> {
    filtered(f).order((associations::sort_name.asc(), associations::id.asc())).limit(cap).load(conn)
}

pub fn page_by_newest(conn: &mut DbConn, f: &Filters, after: &After, limit: i64) -> QueryResult<Vec<AssociationRow>> {
    let mut query = filtered(f);
    if let After::Newest { created_at, id } = after {
        query = query.filter(
            associations::created_at
                .lt(*created_at)
                .or(associations::created_at.eq(*created_at).and(associations::id.lt(id.clone()))),
        );
    }
    query.order((associations::created_at.desc(), associations::id.desc())).limit(limit).load(conn)
}

pub fn insert_invitation(conn: &mut DbConn, row: &InvitationRow) -> QueryResult<usize> {
    diesel::insert_into(association_invitations::table).values(row).execute(conn)
}

pub fn find_invitation(conn: &mut DbConn, id: &str) -> QueryResult<InvitationRow> {
    association_invitations::table.find(id).first(conn)
}

/// Pending invitations of an association with the inviter's name, oldest first (expired included:
/// the caller tells them apart).
pub fn pending_invitations(
    conn: &mut DbConn,
    association_id: &str,
) -> QueryResult<Vec<(InvitationRow, Option<String>)>> {
    association_invitations::table
        .left_join(users::table.on(users::id.nullable().eq(association_invitations::invited_by)))
        .filter(association_invitations::association_id.eq(association_id))
        .filter(association_invitations::status.eq("pending"))
        .select((association_invitations::all_columns, users::display_name.nullable()))
        .order(association_invitations::created_at.asc())
        .load(conn)
}

pub fn count_pending_invitations(conn: &mut DbConn, association_id: &str, now: NaiveDateTime) -> QueryResult<i64> {
    association_invitations::table
        .filter(association_invitations::association_id.eq(association_id))
        .filter(association_invitations::status.eq("pending"))
        .filter(association_invitations::expires_at.gt(now))
        .count()
        .get_result(conn)
}

/// Pending, unexpired invitations addressed to `email`, newest first.
pub fn invitations_for_email(
    conn: &mut DbConn,
    email: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<(InvitationRow, Option<String>)>> {
    association_invitations::table
        .left_join(users::table.on(users::id.nullable().eq(association_invitations::invited_by)))
        .filter(association_invitations::email.eq(email))
        .filter(association_invitations::status.eq("pending"))
        .filter(association_invitations::expires_at.gt(now))
        .select((association_invitations::all_columns, users::display_name.nullable()))
        .order(association_invitations::created_at.desc())
        .load(conn)
}

/// Mark pending invitations of `email` to the association that are past their date as expired, so a
/// new one can be sent.
pub fn expire_invitations(
    conn: &mut DbConn,
    association_id: &str,
    email: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        association_invitations::table
            .filter(association_invitations::association_id.eq(association_id))
            .filter(association_invitations::email.eq(email))
            .filter(association_invitations::status.eq("pending"))
            .filter(association_invitations::expires_at.le(now)),
    )
    .set(association_invitations::status.eq("expired"))
    .execute(conn)
}

/// Move a pending invitation to `status`; 0 when it was no longer pending (or, for an answer,
/// `unexpired`, past its date).
pub fn decide_invitation(
    conn: &mut DbConn,
    id: &str,
    status: &str,
    now: NaiveDateTime,
    unexpired: bool,
) -> QueryResult<usize> {
    let mut query = association_invitations::table
        .filter(association_invitations::id.eq(id))
        .filter(association_invitations::status.eq("pending"))
        .into_boxed();
    if unexpired {
        query = query.filter(association_invitations::expires_at.gt(now));
    }
    let ids: Vec<String> = query.select(association_invitations::id).load(conn)?;
    diesel::update(association_invitations::table.filter(association_invitations::id.eq_any(ids)))
        .set((association_invitations::status.eq(status), association_invitations::decided_at.eq(Some(now))))
        .execute(conn)
}

/// Invitations sent since `since`, whatever became of them: by the association, by one inviter,
/// and by the association to one address.
pub fn invitations_sent_since(
    conn: &mut DbConn,
    association_id: &str,
    inviter: &str,
    email: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, i64, i64)> {
    let recent = || association_invitations::table.filter(association_invitations::created_at.gt(since));
    let by_association =
        recent().filter(association_invitations::association_id.eq(association_id)).count().get_result(conn)?;
    let by_inviter = recent().filter(association_invitations::invited_by.eq(inviter)).count().get_result(conn)?;
    let to_address = recent()
        .filter(association_invitations::association_id.eq(association_id))
        .filter(association_invitations::email.eq(email))
        .count()
        .get_result(conn)?;
    Ok((by_association, by_inviter, to_address))
}

/// Whether a member of the association has this email address.
pub fn is_member_email(conn: &mut DbConn, association_id: &str, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        association_members::table
            .inner_join(users::table)
            .filter(association_members::association_id.eq(association_id))
            .filter(users::email.eq(email)),
    ))
    .get_result(conn)
}

#[derive(QueryableByName)]
struct Scored {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    score: i64,
}

/// Matches ranked by how well they match `f.words`, then by name: for each word, the best of its
/// matching terms counts, a word of the name or acronym (weight 3) above one of the description
/// (weight 1), and a whole word above a prefix. Returns the rows with their scores. Without words
/// every score is 0 and the order is the name's.
pub fn page_by_relevance(
    conn: &mut DbConn,
    f: &Filters,
    after: &After,
    limit: i64,
) -> QueryResult<Vec<(AssociationRow, i64)>> {
    let mut params = Vec::new();
    // Placeholders are numbered in the order they appear in the text (SQLite numbers them so).
    let mut parts = Vec::new();
    for word in &f.words {
        let exact = placeholder(&mut params, Param::Text(word.clone()));
        let low = placeholder(&mut params, Param::Text(word.clone()));
        let high = placeholder(&mut params, Param::Text(format!("{word}\u{10FFFF}")));
        parts.push(format!(
            "COALESCE((SELECT MAX(t.weight * 2 + CASE WHEN t.term = {exact} THEN 1 ELSE 0 END) FROM association_terms t \
             WHERE t.association_id = a.id AND t.term >= {low} AND t.term < {high}), 0)"
        ));
    }
    let score = if parts.is_empty() { "0".to_owned() } else { parts.join(" + ") };
    let clause = where_sql(f, &mut params);
    let mut sql = format!(
        "SELECT s.id AS id, s.score AS score FROM (SELECT a.id AS id, a.sort_name AS sort_name, \
         CAST({score} AS BIGINT) AS score FROM associations a WHERE {clause}) s"
    );
    if let After::Relevance { score, sort_name, id } = after {
        let s1 = placeholder(&mut params, Param::BigInt(*score));
        let s2 = placeholder(&mut params, Param::BigInt(*score));
        let n1 = placeholder(&mut params, Param::Text(sort_name.clone()));
        let n2 = placeholder(&mut params, Param::Text(sort_name.clone()));
        let i = placeholder(&mut params, Param::Text(id.clone()));
        sql.push_str(&format!(
            " WHERE s.score < {s1} OR (s.score = {s2} AND (s.sort_name > {n1} OR (s.sort_name = {n2} AND s.id > {i})))"
        ));
    }
    let l = placeholder(&mut params, Param::BigInt(limit));
    sql.push_str(&format!(" ORDER BY s.score DESC, s.sort_name ASC, s.id ASC LIMIT {l}"));
    let ranked: Vec<Scored> = bind_all(sql, params).load(conn)?;
    let ids: Vec<&str> = ranked.iter().map(|r| r.id.as_str()).collect();
    let mut rows: Vec<AssociationRow> = associations::table.filter(associations::id.eq_any(&ids)).load(conn)?;
    let mut out = Vec::with_capacity(ranked.len());
    for r in ranked {
        if let Some(at) = rows.iter().position(|row| row.id == r.id) {
            out.push((rows.swap_remove(at), r.score));
        }
    }
    Ok(out)
}

/// Point the association at a new logo key (or none); the previous key, for the caller to delete.
pub fn set_logo(conn: &mut DbConn, id: &str, key: Option<&str>, now: NaiveDateTime) -> QueryResult<Option<String>> {
    crate::db::write_tx(conn, |conn| {
        let previous: Option<String> = associations::table.find(id).select(associations::logo).first(conn)?;
        diesel::update(associations::table.find(id))
            .set((associations::logo.eq(key), associations::updated_at.eq(now)))
            .execute(conn)?;
        Ok(previous)
    })
}

/// Mark every unread notification of `user_id` read; how many were.
pub fn mark_notifications_read(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table.filter(notifications::user_id.eq(user_id)).filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now)))
    .execute(conn)
}
