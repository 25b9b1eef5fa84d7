//! Dates for the calendar: the month grid (its weeks starting on the language's first day), and
//! activities' wall-clock times written per language with the browser's `Intl`.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, Weekday};
use madani_shared::projects::Activity;
use madani_shared::text::Language;

/// The first day of a week: Saturday in Algeria (Arabic), Monday in French and English.
pub fn week_start(lang: Language) -> Weekday {
    match lang {
        Language::Ar => Weekday::Sat,
        Language::Fr | Language::En => Weekday::Mon,
    }
}

/// The first day of the month holding `day`.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The month before (`-1`) or after (`1`) the month starting on `first`.
pub fn shift_month(first: NaiveDate, by: i32) -> NaiveDate {
    let moved = if by < 0 {
        first.checked_sub_months(Months::new(by.unsigned_abs()))
    } else {
        first.checked_add_months(Months::new(by as u32))
    };
    moved.unwrap_or(first)
}

/// The last day of the month starting on `first`.
pub fn month_end(first: NaiveDate) -> NaiveDate {
    shift_month(first, 1).pred_opt().unwrap_or(first)
}

/// The days a month's grid shows, in whole weeks starting on `start`: from the week holding the 1st
/// to the week holding the last day (28 to 42 days).
pub fn month_grid(first: NaiveDate, start: Weekday) -> Vec<NaiveDate> {
    let lead = (7 + first.weekday().num_days_from_monday() - start.num_days_from_monday()) % 7;
    let from = first - Days::new(lead as u64);
    let last = month_end(first);
    let trail = (7 + start.num_days_from_monday() + 6 - last.weekday().num_days_from_monday()) % 7;
    let to = last + Days::new(trail as u64);
    from.iter_days().take_while(|d| *d <= to).collect()
}

/// The days an activity covers (its local dates, from its start to its end; an end at midnight
/// ends the day before, unless it is an all-day activity, whose end is its last day).
pub fn days_of(a: &Activity) -> Vec<NaiveDate> {
    let first = a.start.date();
    let mut last = a.end.date();
    if !a.all_day && last > first && a.end.time() == chrono::NaiveTime::MIN {
        last = last.pred_opt().unwrap_or(last);
    }
    first.iter_days().take_while(|d| *d <= last).take(92).collect()
}

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or(NaiveDate::MIN)
}

/// Algerian Arabic and French conventions, Latin digits (as `i18n` formats).
fn intl_locale(lang: Language) -> &'static str {
    match lang {
        Language::Ar => "ar-DZ-u-nu-latn",
        Language::Fr => "fr-DZ",
        Language::En => "en-GB",
    }
}

/// A wall-clock time written with `options` (read as UTC, so that it is shown as it reads on the
/// clock of its own time zone, whatever the browser's).
fn intl(lang: Language, at: NaiveDateTime, options: &[(&str, &str)]) -> String {
    let object = js_sys::Object::new();
    for (name, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*name).into(), &(*value).into());
    }
    let _ = js_sys::Reflect::set(&object, &"timeZone".into(), &"UTC".into());
    let locales = js_sys::Array::of1(&intl_locale(lang).into());
    let formatter = js_sys::Intl::DateTimeFormat::new(&locales, &object);
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.and_utc().timestamp_millis() as f64));
    formatter.format().call1(&formatter, &date).ok().and_then(|v| v.as_string()).unwrap_or_else(|| at.to_string())
}

fn noon(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(12, 0, 0).unwrap_or_default()
}

/// "décembre 2026".
pub fn month_title(lang: Language, first: NaiveDate) -> String {
    intl(lang, noon(first), &[("month", "long"), ("year", "numeric")])
}

/// A weekday's name, `short` ("sam.") or `long` ("samedi").
pub fn weekday_name(lang: Language, day: NaiveDate, style: &str) -> String {
    intl(lang, noon(day), &[("weekday", style)])
}

/// "samedi 12 décembre 2026".
pub fn long_day(lang: Language, day: NaiveDate) -> String {
    intl(lang, noon(day), &[("dateStyle", "full")])
}

/// "10:00".
pub fn clock(lang: Language, at: NaiveDateTime) -> String {
    intl(lang, at, &[("hour", "2-digit"), ("minute", "2-digit"), ("hourCycle", "h23")])
}

/// When an activity is held, as its own time zone's clock reads: "samedi 12 décembre 2026,
/// 10:00 – 12:30", a range of days for an all-day one.
pub fn when_text(lang: Language, a: &Activity) -> String {
    let (first, last) = (a.start.date(), a.end.date());
    if a.all_day {
        return if first == last {
            long_day(lang, first)
        } else {
            format!("{} – {}", long_day(lang, first), long_day(lang, last))
        };
    }
    let comma = if lang == Language::Ar { "، " } else { ", " };
    if first == last {
        format!("{}{comma}{} – {}", long_day(lang, first), clock(lang, a.start), clock(lang, a.end))
    } else {
        format!(
            "{}{comma}{} – {}{comma}{}",
            long_day(lang, first),
            clock(lang, a.start),
            long_day(lang, last),
            clock(lang, a.end)
        )
    }
}

/// A `datetime-local` input's value.
pub fn to_input(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

/// A `datetime-local` (or `date`) input's value as a wall-clock time.
pub fn from_input(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
}

/// A `date` input's value.
pub fn date_input(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weeks_start_on_saturday_in_arabic_and_monday_otherwise() {
        // December 2026 starts on a Tuesday and ends on a Thursday.
        let first = day(2026, 12, 1);
        let ar = month_grid(first, week_start(Language::Ar));
        assert_eq!(ar.first(), Some(&day(2026, 11, 28)));
        assert_eq!(ar.first().unwrap().weekday(), Weekday::Sat);
        assert_eq!(ar.last(), Some(&day(2027, 1, 1)));
        assert_eq!(ar.len() % 7, 0);
        let fr = month_grid(first, week_start(Language::Fr));
        assert_eq!(fr.first(), Some(&day(2026, 11, 30)));
        assert_eq!(fr.last(), Some(&day(2027, 1, 3)));
        assert_eq!(fr.len(), 35);
    }

    #[test]
    fn a_month_starting_on_the_first_day_has_no_lead() {
        // February 2027 starts on a Monday.
        let grid = month_grid(day(2027, 2, 1), Weekday::Mon);
        assert_eq!(grid.first(), Some(&day(2027, 2, 1)));
        assert_eq!(grid.len(), 28);
        // August 2026 starts on a Saturday: 6 weeks from Monday, 5 from Saturday.
        assert_eq!(month_grid(day(2026, 8, 1), Weekday::Mon).len(), 42);
        assert_eq!(month_grid(day(2026, 8, 1), Weekday::Sat).len(), 35);
    }

    #[test]
    fn months_move_by_one() {
        assert_eq!(shift_month(day(2026, 12, 1), 1), day(2027, 1, 1));
        assert_eq!(shift_month(day(2027, 1, 1), -1), day(2026, 12, 1));
        assert_eq!(month_end(day(2028, 2, 1)), day(2028, 2, 29));
    }

    #[test]
    fn inputs_read_back() {
        let at = day(2027, 2, 10).and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(from_input(&to_input(at)), Some(at));
        assert_eq!(from_input("2027-02-10"), day(2027, 2, 10).and_hms_opt(0, 0, 0));
        assert_eq!(from_input(""), None);
    }
}
