//! Diesel queries for the registry, one query per function: the associations themselves here, and
//! by resource in the submodules (re-exported, so that `repo::members` and the others read as one).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::associations::Field;

use super::rows::*;
use crate::db::DbConn;
use crate::db::schema::{
    association_fields, association_members, association_terms, associations, search_index_versions,
};

mod directory;
mod imports;
mod index;
mod invitations;
mod join_requests;
mod members;
mod numbers;

pub use directory::*;
pub use imports::*;
pub use index::*;
pub use invitations::*;
pub use join_requests::*;
pub use members::*;
pub use numbers::*;

pub fn insert(conn: &mut DbConn, row: &AssociationRow) -> QueryResult<usize> {
    diesel::insert_into(associations::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &AssociationRow) -> QueryResult<usize> {
    diesel::update(associations::table.find(&row.id)).set(row).execute(conn)
}

/// Delete the association and, with it, its members, fields, terms, join requests, invitations
/// and follows (enrolments keep their learners and forget it).
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    let deleted = diesel::delete(associations::table.find(id)).execute(conn)?;
    if deleted > 0 {
        record_deletion(conn, id, crate::db::now())?;
    }
    Ok(deleted)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<AssociationRow> {
    associations::table.find(id).first(conn)
}

/// The id of the association registered under `number` (the demo's and tests' way to find one).
pub fn id_by_registration_number(conn: &mut DbConn, number: &str) -> QueryResult<Option<String>> {
    associations::table
        .filter(associations::registration_number.eq(number))
        .select(associations::id)
        .first(conn)
        .optional()
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
    let rows: Vec<_> = fields
        .iter()
        .map(|field| (association_fields::association_id.eq(id), association_fields::field.eq(field.as_str())))
        .collect();
    if !rows.is_empty() {
        // Batch inserts are per backend (the multi-backend connection has none).
        match conn {
            DbConn::Pg(c) => diesel::insert_into(association_fields::table).values(&rows).execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(association_fields::table).values(&rows).execute(c)?,
        };
    }
    set_terms(conn, id, terms)
}

/// Replace an association's search terms, in one insert.
pub fn set_terms(conn: &mut DbConn, id: &str, terms: &[(String, i32)]) -> QueryResult<()> {
    diesel::delete(association_terms::table.filter(association_terms::association_id.eq(id))).execute(conn)?;
    let rows: Vec<_> = terms
        .iter()
        .map(|(term, weight)| {
            (
                association_terms::term.eq(term),
                association_terms::association_id.eq(id),
                association_terms::weight.eq(weight),
            )
        })
        .collect();
    // Within the bound-parameter limits of both databases (a name and a description give a few
    // hundred words at most).
    for chunk in rows.chunks(300) {
        match conn {
            DbConn::Pg(c) => diesel::insert_into(association_terms::table).values(chunk).execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(association_terms::table).values(chunk).execute(c)?,
        };
    }
    Ok(())
}

/// The associations after `after_id` in id order, `limit` of them (rebuilding the index in batches).
pub fn terms_sources_after(conn: &mut DbConn, after_id: &str, limit: i64) -> QueryResult<Vec<AssociationRow>> {
    associations::table.filter(associations::id.gt(after_id)).order(associations::id.asc()).limit(limit).load(conn)
}

/// The version of the code that made the index `name`'s terms (0: unknown).
pub fn index_version(conn: &mut DbConn, name: &str) -> QueryResult<i32> {
    Ok(search_index_versions::table
        .find(name)
        .select(search_index_versions::version)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

pub fn set_index_version(conn: &mut DbConn, name: &str, version: i32) -> QueryResult<()> {
    let updated = diesel::update(search_index_versions::table.find(name))
        .set(search_index_versions::version.eq(version))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(search_index_versions::table)
            .values((search_index_versions::name.eq(name), search_index_versions::version.eq(version)))
            .execute(conn)?;
    }
    Ok(())
}

/// The associations the user belongs to, with their role, in name order.
pub fn memberships(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(AssociationRow, String)>> {
    association_members::table
        .inner_join(associations::table)
        .filter(association_members::user_id.eq(user_id))
        .select((associations::all_columns, association_members::role))
        .order(associations::sort_name.asc())
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

/// The storage key of the association's logo, if it has one.
pub fn logo_of(conn: &mut DbConn, id: &str) -> QueryResult<Option<String>> {
    associations::table.find(id).select(associations::logo).first(conn)
}

/// Point the association at a new logo key (or none).
pub fn set_logo(conn: &mut DbConn, id: &str, key: Option<&str>, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(associations::table.find(id))
        .set((associations::logo.eq(key), associations::updated_at.eq(now)))
        .execute(conn)
}
