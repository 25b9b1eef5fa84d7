//! The one cursor codec. A cursor is the sort key of the last row of a page: its parts joined and
//! base64url-encoded, opaque to clients and checked on the way back in (a 422 naming `cursor`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;

use crate::error::{ApiError, ApiResult};

const SEPARATOR: char = '\u{1}';

/// The cursor for a row whose sort key is `parts`.
pub fn encode(parts: &[&str]) -> String {
    URL_SAFE_NO_PAD.encode(parts.join(&SEPARATOR.to_string()))
}

/// The parts of a cursor made by [`encode`]; anything else is a 422 naming `cursor`.
pub fn decode(cursor: &str) -> ApiResult<Vec<String>> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad_cursor())?;
    let text = String::from_utf8(bytes).map_err(|_| bad_cursor())?;
    Ok(text.split(SEPARATOR).map(str::to_owned).collect())
}

/// A time as a cursor part (microseconds since the epoch, what both backends keep).
pub fn time_part(at: NaiveDateTime) -> String {
    at.and_utc().timestamp_micros().to_string()
}

/// A time from a cursor part made by [`time_part`].
pub fn parse_time(part: &str) -> ApiResult<NaiveDateTime> {
    let micros: i64 = part.parse().map_err(|_| bad_cursor())?;
    Ok(chrono::DateTime::from_timestamp_micros(micros).ok_or_else(bad_cursor)?.naive_utc())
}

/// A number from a cursor part.
pub fn parse_number(part: &str) -> ApiResult<i64> {
    part.parse().map_err(|_| bad_cursor())
}

/// The (time, id) a cursor of a list in time-then-id order stands for; `None` for the first page.
pub fn after_time_and_id(cursor: Option<&str>) -> ApiResult<Option<(NaiveDateTime, String)>> {
    match cursor.map(decode).transpose()?.as_deref() {
        Some([at, id]) => Ok(Some((parse_time(at)?, id.clone()))),
        Some(_) => Err(bad_cursor()),
        None => Ok(None),
    }
}

/// The cursor of a row of a list in time-then-id order.
pub fn time_and_id(at: NaiveDateTime, id: &str) -> String {
    encode(&[&time_part(at), id])
}

/// The 422 for a cursor this list did not make.
pub fn bad_cursor() -> ApiError {
    ApiError::field("cursor", "invalid_value", "is not a cursor from this list")
}

/// A page of `items` ordered in memory (a list the service sorts itself: a random order, a
/// queue merged from several tables): its cursor is the offset of the next page.
pub fn offset_page<T>(items: Vec<T>, cursor: Option<&str>, limit: u32) -> ApiResult<(Vec<T>, Option<String>)> {
    let offset = match cursor.map(decode).transpose()?.as_deref() {
        Some([n]) => usize::try_from(parse_number(n)?).map_err(|_| bad_cursor())?,
        Some(_) => return Err(bad_cursor()),
        None => 0,
    };
    let limit = limit as usize;
    let next = (offset + limit < items.len()).then(|| encode(&[&(offset + limit).to_string()]));
    Ok((items.into_iter().skip(offset).take(limit).collect(), next))
}

/// Split a fetch of `limit + 1` rows into the page and the cursor of its last row (`None` when
/// there is nothing after it).
pub fn page_of<T>(mut rows: Vec<T>, limit: i64, cursor: impl Fn(&T) -> Option<String>) -> (Vec<T>, Option<String>) {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let next = if more { rows.last().and_then(cursor) } else { None };
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_422() {
        let at = crate::db::now();
        let c = encode(&["t", &time_part(at), "id-1"]);
        let parts = decode(&c).unwrap();
        assert_eq!(parts, ["t", &time_part(at), "id-1"]);
        assert_eq!(parse_time(&parts[1]).unwrap(), at);
        assert!(matches!(decode("not base64!"), Err(ApiError::Validation(_))));
        assert!(matches!(parse_time("x"), Err(ApiError::Validation(_))));
    }

    #[test]
    fn a_page_has_a_cursor_only_when_more_follow() {
        let (rows, next) = page_of(vec![1, 2, 3], 2, |n| Some(n.to_string()));
        assert_eq!((rows, next), (vec![1, 2], Some("2".to_owned())));
        let (rows, next) = page_of(vec![1, 2], 2, |n| Some(n.to_string()));
        assert_eq!((rows, next), (vec![1, 2], None));
    }
}
