//! Registration numbers: a verified or suspended association holds its number (a partial unique
//! index says so); pending and rejected ones only claim it. And how many registrations a member
//! has waiting.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{association_members, associations, users};

/// The statuses in which an association holds its registration number.
pub const HOLDING: [&str; 2] = ["verified", "suspended"];

/// The association, other than `except`, that holds `number`.
pub fn number_holder(conn: &mut DbConn, number: &str, except: &str) -> QueryResult<Option<String>> {
    associations::table
        .filter(associations::registration_number.eq(number))
        .filter(associations::status.eq_any(HOLDING))
        .filter(associations::id.ne(except))
        .select(associations::id)
        .first(conn)
        .optional()
}

/// An association registered under a number: (number, id, name in ar, fr, en, status).
pub type Claim = (String, String, Option<String>, Option<String>, Option<String>, String);

/// Every association registered under one of `numbers` (a page's worth), by number then age.
pub fn claims_of(conn: &mut DbConn, numbers: &[String]) -> QueryResult<Vec<Claim>> {
    associations::table
        .filter(associations::registration_number.eq_any(numbers))
        .select((
            associations::registration_number,
            associations::id,
            associations::name_ar,
            associations::name_fr,
            associations::name_en,
            associations::status,
        ))
        .order((associations::registration_number.asc(), associations::created_at.asc(), associations::id.asc()))
        .load(conn)
}

/// How many associations `user_id` owns that wait for verification.
pub fn pending_registrations_of(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    association_members::table
        .inner_join(associations::table)
        .filter(association_members::user_id.eq(user_id))
        .filter(association_members::role.eq("owner"))
        .filter(associations::status.eq("pending"))
        .count()
        .get_result(conn)
}

/// Inside a write transaction: hold the account of `user_id` until the end of it, so that their
/// registrations at the same moment are counted one after the other. On PostgreSQL its row is
/// locked (`FOR UPDATE`); SQLite's write transactions already run one at a time.
pub fn lock_registrant(conn: &mut DbConn, user_id: &str) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        users::table.find(user_id).select(users::id).for_update().first::<String>(c)?;
    }
    Ok(())
}
