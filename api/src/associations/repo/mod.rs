//! Diesel queries for the registry, one query per function: the associations themselves here, and
//! by resource in the submodules (re-exported, so that `repo::members` and the others read as one).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::associations::Field;

use super::rows::*;
use crate::db::DbConn;
use crate::db::schema::{association_fields, association_members, association_terms, associations};

mod directory;
mod imports;
mod invitations;
mod join_requests;
mod members;
mod numbers;

pub use directory::*;
pub use imports::*;
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
    diesel::delete(associations::table.find(id)).execute(conn)
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
