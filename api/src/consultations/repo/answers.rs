//! Diesel queries for answers, the results' tallies and the free-text answers.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text};

use super::super::rows::{ResponseRow, TallyRow, TextAnswerRow};
use crate::db::schema::{consultation_responses, consultation_tallies, consultation_text_answers};
use crate::db::{DbConn, MultiBackend};

/// A tally's key: (question, option or value, dimension, dimension value).
pub type TallyKey = (String, String, String, String);

pub fn find_response(conn: &mut DbConn, consultation_id: &str, key: &str) -> QueryResult<Option<ResponseRow>> {
    consultation_responses::table
        .filter(consultation_responses::consultation_id.eq(consultation_id))
        .filter(consultation_responses::respondent_key.eq(key))
        .select(ResponseRow::as_select())
        .first(conn)
        .optional()
}

/// The response, its row locked until the transaction ends on PostgreSQL (SQLite's write
/// transaction holds the whole database already).
pub fn lock_response(conn: &mut DbConn, id: &str) -> QueryResult<ResponseRow> {
    match conn {
        DbConn::Pg(c) => consultation_responses::table.find(id).select(ResponseRow::as_select()).for_update().first(c),
        DbConn::Sqlite(c) => consultation_responses::table.find(id).select(ResponseRow::as_select()).first(c),
    }
}

/// Insert the response unless the respondent has one (then 0 rows): one statement, safe under races.
pub fn insert_response(conn: &mut DbConn, row: &ResponseRow) -> QueryResult<usize> {
    let insert = diesel::insert_into(consultation_responses::table).values(row).on_conflict_do_nothing();
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

/// Insert generated responses (the bench's seed), a batch per statement.
pub fn insert_responses(conn: &mut DbConn, rows: &[ResponseRow]) -> QueryResult<usize> {
    Ok(crate::db::insert_chunks!(conn, consultation_responses::table, rows, 1000))
}

/// Save a draft's answers, unless it was submitted meanwhile (then 0 rows).
pub fn save_draft(conn: &mut DbConn, id: &str, answers: &str, at: chrono::NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        consultation_responses::table
            .filter(consultation_responses::id.eq(id))
            .filter(consultation_responses::status.eq("draft")),
    )
    .set((consultation_responses::answers.eq(answers), consultation_responses::updated_at.eq(at)))
    .execute(conn)
}

/// Make the response final with these answers, if it is still a draft (`only_draft`) or in any case.
pub fn submit(conn: &mut DbConn, row: &ResponseRow, only_draft: bool) -> QueryResult<usize> {
    let changes = (
        consultation_responses::status.eq("submitted"),
        consultation_responses::answers.eq(&row.answers),
        consultation_responses::wilaya_code.eq(&row.wilaya_code),
        consultation_responses::fields.eq(&row.fields),
        consultation_responses::submitted_by.eq(&row.submitted_by),
        consultation_responses::updated_at.eq(row.updated_at),
        consultation_responses::submitted_at.eq(row.submitted_at),
    );
    let this = consultation_responses::table.filter(consultation_responses::id.eq(&row.id));
    if only_draft {
        diesel::update(this.filter(consultation_responses::status.eq("draft"))).set(changes).execute(conn)
    } else {
        diesel::update(this).set(changes).execute(conn)
    }
}

/// Add `deltas` ((question, option, dimension, value) → (count, total)) to the tallies, in the
/// order given (callers sort them, so that concurrent submissions lock rows in one order), a few
/// hundred rows per statement.
pub fn add_tallies(conn: &mut DbConn, consultation_id: &str, deltas: &[(TallyKey, (i64, f64))]) -> QueryResult<()> {
    for chunk in deltas.chunks(400) {
        let mut sql = String::from(
            "INSERT INTO consultation_tallies (consultation_id, question_id, option_key, dimension, dimension_value, count, total) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 7;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${},${},${},${},${},${},${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7));
        }
        sql.push_str(
            " ON CONFLICT (consultation_id, question_id, option_key, dimension, dimension_value) DO UPDATE SET \
             count = consultation_tallies.count + excluded.count, total = consultation_tallies.total + excluded.total",
        );
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for ((question, option, dimension, value), (count, total)) in chunk {
            query = query
                .bind::<Text, _>(consultation_id.to_owned())
                .bind::<Text, _>(question.clone())
                .bind::<Text, _>(option.clone())
                .bind::<Text, _>(dimension.clone())
                .bind::<Text, _>(value.clone())
                .bind::<BigInt, _>(*count)
                .bind::<Double, _>(*total);
        }
        query.execute(conn)?;
    }
    Ok(())
}

/// The tallies of these dimensions (`all`, and `wilaya` or `field` for a breakdown).
pub fn tallies(conn: &mut DbConn, consultation_id: &str, dimensions: &[&str]) -> QueryResult<Vec<TallyRow>> {
    consultation_tallies::table
        .filter(consultation_tallies::consultation_id.eq(consultation_id))
        .filter(consultation_tallies::dimension.eq_any(dimensions))
        .select(TallyRow::as_select())
        .load(conn)
}

/// The tallies' version (`tally::version_key`): 0 before the first submission.
pub fn tallies_version(conn: &mut DbConn, consultation_id: &str) -> QueryResult<i64> {
    let (question, option, dimension, value) = super::super::service::tally::version_key();
    consultation_tallies::table
        .find((consultation_id, question, option, dimension, value))
        .select(consultation_tallies::count)
        .first(conn)
        .optional()
        .map(|v| v.unwrap_or(0))
}

pub fn insert_text(conn: &mut DbConn, row: &TextAnswerRow) -> QueryResult<usize> {
    diesel::insert_into(consultation_text_answers::table).values(row).execute(conn)
}

/// The texts of one response.
pub fn texts_of(conn: &mut DbConn, response_id: &str) -> QueryResult<Vec<TextAnswerRow>> {
    consultation_text_answers::table
        .filter(consultation_text_answers::response_id.eq(response_id))
        .select(TextAnswerRow::as_select())
        .load(conn)
}

pub fn find_text(conn: &mut DbConn, id: &str) -> QueryResult<TextAnswerRow> {
    consultation_text_answers::table.find(id).select(TextAnswerRow::as_select()).first(conn)
}

/// Hide a text from the published results with a reason, or show it again (`None`).
pub fn set_text_hidden(
    conn: &mut DbConn,
    id: &str,
    hidden: Option<(chrono::NaiveDateTime, &str)>,
) -> QueryResult<usize> {
    diesel::update(consultation_text_answers::table.find(id))
        .set((
            consultation_text_answers::hidden_at.eq(hidden.map(|h| h.0)),
            consultation_text_answers::hidden_reason.eq(hidden.map(|h| h.1)),
        ))
        .execute(conn)
}

pub fn delete_texts_of(conn: &mut DbConn, response_id: &str) -> QueryResult<usize> {
    diesel::delete(consultation_text_answers::table.filter(consultation_text_answers::response_id.eq(response_id)))
        .execute(conn)
}

/// A page of a question's free-text answers, newest first, after `after` (created at, id).
pub fn texts(
    conn: &mut DbConn,
    consultation_id: &str,
    question_id: &str,
    with_hidden: bool,
    after: Option<(chrono::NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<TextAnswerRow>> {
    let mut query = consultation_text_answers::table
        .filter(consultation_text_answers::consultation_id.eq(consultation_id))
        .filter(consultation_text_answers::question_id.eq(question_id))
        .select(TextAnswerRow::as_select())
        .into_boxed();
    if !with_hidden {
        query = query.filter(consultation_text_answers::hidden_at.is_null());
    }
    if let Some((at, id)) = after {
        query = query.filter(
            consultation_text_answers::created_at
                .lt(at)
                .or(consultation_text_answers::created_at.eq(at).and(consultation_text_answers::id.lt(id))),
        );
    }
    query
        .order((consultation_text_answers::created_at.desc(), consultation_text_answers::id.desc()))
        .limit(limit)
        .load(conn)
}

/// The submitted responses, oldest first (the organisers' export).
pub fn submitted(conn: &mut DbConn, consultation_id: &str) -> QueryResult<Vec<ResponseRow>> {
    consultation_responses::table
        .filter(consultation_responses::consultation_id.eq(consultation_id))
        .filter(consultation_responses::status.eq("submitted"))
        .select(ResponseRow::as_select())
        .order((consultation_responses::submitted_at.asc(), consultation_responses::id.asc()))
        .load(conn)
}
