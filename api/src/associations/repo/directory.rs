//! The directory search: a boxed query built once from the filters and reused for the page and
//! the export, and SQL with bound values for the facet counts and the ranking, which diesel's
//! multi-backend DSL cannot express.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::associations::rows::AssociationRow;
use crate::db::schema::{association_fields, association_terms, associations};
use crate::db::{DbConn, MultiBackend};

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
        let upper = crate::search::prefix_end(word);
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
        let high = push(Param::Text(crate::search::prefix_end(word)));
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
        let high = placeholder(&mut params, Param::Text(crate::search::prefix_end(word)));
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
