//! The results, read from the running tallies (never from the answers): per question, counts and
//! percentages, mean and median, average ranks, matrices, and breakdowns by wilaya and field with
//! small cells suppressed; their CSV; the free-text answers; the organisers' raw export.

use std::collections::{BTreeMap, HashMap};

use madani_shared::consultations::*;
use madani_shared::ids::{ConsultationId, TextAnswerId};
use madani_shared::{LocalizedText, Page};

use super::super::repo::answers as answers_repo;
use diesel::OptionalExtension;

use super::super::access;
use super::super::cache::ResultsCache;
use super::super::rows::{ConsultationRow, TallyRow, TextAnswerRow};
use super::tally::ALL;
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::csv::CsvWriter;
use crate::db::{DbConn, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{self, page_of};

/// The tallies of one question: option → (count, total) overall, and per (dimension, value).
#[derive(Default)]
struct QuestionTallies {
    overall: HashMap<String, (i64, f64)>,
    groups: BTreeMap<(String, String), HashMap<String, i64>>,
}

fn by_question(rows: Vec<TallyRow>) -> HashMap<String, QuestionTallies> {
    let mut out: HashMap<String, QuestionTallies> = HashMap::new();
    for r in rows {
        let q = out.entry(r.question_id).or_default();
        if r.dimension == ALL {
            q.overall.insert(r.option_key, (r.count, r.total));
        } else {
            q.groups.entry((r.dimension, r.dimension_value)).or_default().insert(r.option_key, r.count);
        }
    }
    out
}

fn percent(count: i64, of: i64) -> f64 {
    if of == 0 { 0.0 } else { (count as f64 * 1000.0 / of as f64).round() / 10.0 }
}

fn option_counts(choices: &[SurveyChoice], t: &QuestionTallies, answered: i64, ranked: bool) -> Vec<OptionCount> {
    choices
        .iter()
        .map(|c| {
            let (count, total) = t.overall.get(&c.id).copied().unwrap_or((0, 0.0));
            OptionCount {
                option_id: c.id.clone(),
                label: Some(c.label.clone()),
                count,
                percent: percent(count, answered),
                average_rank: (ranked && count > 0).then(|| (total / count as f64 * 100.0).round() / 100.0),
            }
        })
        .collect()
}

/// Every date given, in order, with its count.
fn date_counts(t: &QuestionTallies, answered: i64) -> Vec<OptionCount> {
    let mut values: Vec<(&String, i64)> =
        t.overall.iter().filter(|(k, (c, _))| !k.is_empty() && *c > 0).map(|(k, (c, _))| (k, *c)).collect();
    values.sort();
    values
        .into_iter()
        .map(|(k, c)| OptionCount {
            option_id: k.clone(),
            label: None,
            count: c,
            percent: percent(c, answered),
            average_rank: None,
        })
        .collect()
}

/// Every number given (scale, number), in order, with its count: the keys parsed once.
fn distribution(t: &QuestionTallies) -> Vec<(f64, i64)> {
    let mut values: Vec<(f64, i64)> = t
        .overall
        .iter()
        .filter(|(k, (c, _))| !k.is_empty() && *c > 0)
        .filter_map(|(k, (c, _))| k.parse::<f64>().ok().map(|v| (v, *c)))
        .collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    values
}

/// The values as they are when they are few, else as 10 ranges of equal width.
fn ranges(values: &[(f64, i64)], answered: i64) -> Vec<OptionCount> {
    const MOST_VALUES: usize = 20;
    const RANGES: usize = 10;
    let key = super::tally::number_key;
    let count = |option_id: String, count: i64| OptionCount {
        option_id,
        label: None,
        count,
        percent: percent(count, answered),
        average_rank: None,
    };
    let (Some(&(lo, _)), Some(&(hi, _))) = (values.first(), values.last()) else {
        return Vec::new();
    };
    if values.len() <= MOST_VALUES {
        return values.iter().map(|&(v, c)| count(key(v), c)).collect();
    }
    let width = (hi - lo) / RANGES as f64;
    let mut counts = [0_i64; RANGES];
    for &(v, c) in values {
        counts[(((v - lo) / width) as usize).min(RANGES - 1)] += c;
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let upper = if i + 1 == RANGES { hi } else { lo + width * (i + 1) as f64 };
            count(format!("{}..{}", key(lo + width * i as f64), key(upper)), c)
        })
        .collect()
}

/// The median of a distribution (the mean of the two middle values for an even count).
fn median(values: &[(f64, i64)]) -> Option<f64> {
    let n: i64 = values.iter().map(|v| v.1).sum();
    if n == 0 {
        return None;
    }
    let nth = |i: i64| {
        let mut seen = 0;
        for &(v, c) in values {
            seen += c;
            if seen > i {
                return v;
            }
        }
        0.0
    };
    Some(if n % 2 == 1 { nth(n / 2) } else { (nth(n / 2 - 1) + nth(n / 2)) / 2.0 })
}

/// The breakdown groups of a question: per wilaya and field, the counts of `keys`, small cells null.
fn breakdown(t: &QuestionTallies, keys: &[String]) -> Vec<BreakdownGroup> {
    t.groups
        .iter()
        .map(|((dimension, value), counts)| {
            let answered = counts.get("").copied().unwrap_or(0);
            let shown = |c: i64| (answered >= SMALL_CELL && c >= SMALL_CELL).then_some(c);
            BreakdownGroup {
                dimension: dimension.clone(),
                value: value.clone(),
                respondents: (answered >= SMALL_CELL).then_some(answered),
                counts: keys.iter().map(|k| shown(counts.get(k).copied().unwrap_or(0))).collect(),
            }
        })
        .collect()
}

fn question_result(q: &SurveyQuestion, t: &QuestionTallies) -> QuestionResult {
    use SurveyQuestionKind::*;
    let (answered, sum) = t.overall.get("").copied().unwrap_or((0, 0.0));
    let mut result = QuestionResult {
        question_id: q.id.clone(),
        kind: q.kind,
        title: q.title.clone(),
        answered,
        options: Vec::new(),
        mean: None,
        median: None,
        matrix: Vec::new(),
        breakdown: Vec::new(),
    };
    let numbers = if matches!(q.kind, Scale | Number) { distribution(t) } else { Vec::new() };
    match q.kind {
        SingleChoice | MultipleChoice | Ranking => {
            result.options = option_counts(&q.options, t, answered, q.kind == Ranking);
        }
        Scale => {
            let most = q.scale_max.unwrap_or(5);
            result.options = (1..=most)
                .map(|v| {
                    let count = t.overall.get(&v.to_string()).map(|(c, _)| *c).unwrap_or(0);
                    OptionCount {
                        option_id: v.to_string(),
                        label: None,
                        count,
                        percent: percent(count, answered),
                        average_rank: None,
                    }
                })
                .collect();
        }
        Number => result.options = ranges(&numbers, answered),
        Date => result.options = date_counts(t, answered),
        Matrix => {
            result.matrix = q
                .rows
                .iter()
                .map(|row| MatrixRowResult {
                    row_id: row.id.clone(),
                    label: row.label.clone(),
                    options: q
                        .options
                        .iter()
                        .map(|o| {
                            let count = t.overall.get(&format!("{}:{}", row.id, o.id)).map(|(c, _)| *c).unwrap_or(0);
                            OptionCount {
                                option_id: o.id.clone(),
                                label: Some(o.label.clone()),
                                count,
                                percent: percent(count, answered),
                                average_rank: None,
                            }
                        })
                        .collect(),
                })
                .collect();
        }
        ShortText | LongText => {}
    }
    if matches!(q.kind, Scale | Number) && answered > 0 {
        result.mean = Some((sum / answered as f64 * 100.0).round() / 100.0);
        result.median = median(&numbers);
    }
    if matches!(q.kind, SingleChoice | MultipleChoice | Scale) {
        let keys: Vec<String> = result.options.iter().map(|o| o.option_id.clone()).collect();
        result.breakdown = breakdown(t, &keys);
    }
    result
}

/// The results of a consultation the viewer may read (see `access::require_results`), with the
/// breakdown asked for.
pub fn results(
    conn: &mut DbConn,
    row: &ConsultationRow,
    breakdown: Option<Breakdown>,
) -> ApiResult<ConsultationResults> {
    let dimensions: Vec<&str> = std::iter::once(ALL).chain(breakdown.map(|b| b.as_str())).collect();
    let mut tallies = by_question(answers_repo::tallies(conn, &row.id, &dimensions)?);
    let questionnaire = row.questionnaire();
    let empty = QuestionTallies::default();
    let questions =
        questionnaire.questions().map(|q| question_result(q, tallies.get(&q.id).unwrap_or(&empty))).collect();
    let respondents = tallies.remove("").and_then(|t| t.overall.get("").map(|(c, _)| *c)).unwrap_or(0);
    Ok(ConsultationResults {
        consultation_id: ConsultationId::stored(&row.id),
        title: row.title(),
        phase: row.phase(now()),
        respondents,
        questions,
        published_at: row.results_published_at.map(to_utc),
    })
}

/// The results as `results` computes them, from what `cache` kept for the tallies' current version.
pub fn cached(
    conn: &mut DbConn,
    cache: &ResultsCache,
    row: &ConsultationRow,
    breakdown: Option<Breakdown>,
) -> ApiResult<std::sync::Arc<ConsultationResults>> {
    let version = answers_repo::tallies_version(conn, &row.id)?;
    cache.get_or(row, version, breakdown, || results(conn, row, breakdown))
}

fn labels(csv: &mut CsvWriter, text: Option<&LocalizedText>) {
    let t = text.cloned().unwrap_or_default();
    csv.opt_text(t.ar.as_deref()).opt_text(t.fr.as_deref()).opt_text(t.en.as_deref());
}

/// The results as CSV: a line per question and option (or value, or matrix cell), with the
/// question's and the option's labels in each language (the data dictionary).
pub fn results_csv(results: &ConsultationResults) -> String {
    let mut csv = CsvWriter::new(&[
        "question_id",
        "question_kind",
        "question_ar",
        "question_fr",
        "question_en",
        "answered",
        "row_id",
        "row_ar",
        "row_fr",
        "row_en",
        "option_id",
        "option_ar",
        "option_fr",
        "option_en",
        "count",
        "percent",
        "average_rank",
        "mean",
        "median",
    ]);
    for q in &results.questions {
        let line = |csv: &mut CsvWriter, row: Option<(&str, &LocalizedText)>, o: Option<&OptionCount>| {
            csv.text(&q.question_id).text(q.kind.as_str());
            labels(csv, Some(&q.title));
            csv.number(q.answered).opt_text(row.map(|r| r.0));
            labels(csv, row.map(|r| r.1));
            csv.opt_text(o.map(|o| o.option_id.as_str()));
            labels(csv, o.and_then(|o| o.label.as_ref()));
            csv.opt_number(o.map(|o| o.count))
                .opt_decimal(o.map(|o| o.percent))
                .opt_decimal(o.and_then(|o| o.average_rank));
            csv.opt_decimal(q.mean).opt_decimal(q.median).end_row();
        };
        if !q.matrix.is_empty() {
            for r in &q.matrix {
                for o in &r.options {
                    line(&mut csv, Some((&r.row_id, &r.label)), Some(o));
                }
            }
        } else if q.options.is_empty() {
            line(&mut csv, None, None);
        } else {
            for o in &q.options {
                line(&mut csv, None, Some(o));
            }
        }
    }
    csv.finish()
}

/// A page of a question's free-text answers, newest first: those a moderator hid are left out,
/// except for the moderators (`moderator`), who see them marked with the reason.
pub fn texts(
    conn: &mut DbConn,
    row: &ConsultationRow,
    q: &TextAnswersQuery,
    moderator: bool,
) -> ApiResult<Page<TextAnswer>> {
    let question = row.questionnaire().question(&q.question_id).map(|q| q.kind);
    if !matches!(question, Some(SurveyQuestionKind::ShortText | SurveyQuestionKind::LongText)) {
        return Err(ApiError::field("question_id", "unknown_question", "not a text question of this consultation"));
    }
    let limit = i64::from(q.limit.unwrap_or(20));
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let rows = answers_repo::texts(conn, &row.id, &q.question_id, moderator, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |r| Some(pagination::time_and_id(r.created_at, &r.id)));
    Ok(Page { items: rows.iter().map(text_answer).collect(), next_cursor })
}

fn text_answer(r: &TextAnswerRow) -> TextAnswer {
    TextAnswer {
        id: TextAnswerId::stored(&r.id),
        text: r.body.clone(),
        submitted_at: to_utc(r.created_at),
        hidden: r.hidden_at.is_some(),
        hidden_reason: r.hidden_reason.clone(),
    }
}

/// A moderator (an organiser) hides a free-text answer from the published results, or restores
/// it (404 for an answer to another consultation); audited.
pub fn moderate_text(
    conn: &mut DbConn,
    user: &AuthUser,
    consultation: &str,
    answer: &str,
    input: &TextAnswerDecision,
) -> ApiResult<TextAnswer> {
    write_tx(conn, |conn| {
        let row = access::require_organiser(conn, consultation, user)?;
        let text = answers_repo::find_text(conn, answer).optional()?.ok_or(ApiError::NotFound)?;
        if text.consultation_id != row.id {
            return Err(ApiError::NotFound);
        }
        let reason = input.reason.trim();
        let hidden = match input.action {
            ModerationAction::Hide => Some((now(), reason)),
            ModerationAction::Restore => None,
            ModerationAction::Dismiss => {
                return Err(ApiError::field("action", "not_applicable", "a text answer is hidden or restored"));
            }
        };
        answers_repo::set_text_hidden(conn, &text.id, hidden)?;
        audit::record(
            conn,
            Some(&user.id),
            &format!("text_answer.{}", input.action.as_str()),
            Subject::consultation(&row.id),
            Some(&format!("{}: {reason}", text.id)),
        )?;
        Ok(text_answer(&answers_repo::find_text(conn, &text.id)?))
    })
}

fn cell(a: &AnswerItem) -> String {
    if let Some(c) = &a.choice {
        return c.clone();
    }
    if let Some(n) = a.number {
        return super::tally::number_key(n);
    }
    if let Some(t) = &a.text {
        return t.clone();
    }
    if let Some(d) = a.date {
        return d.to_string();
    }
    if !a.choices.is_empty() {
        return a.choices.join(";");
    }
    if !a.ranking.is_empty() {
        return a.ranking.join(">");
    }
    a.matrix.iter().map(|m| format!("{}={}", m.row, m.choice)).collect::<Vec<_>>().join(";")
}

/// The final answers without who gave them (organisers): a line per respondent, numbered in the
/// order they came, with their wilaya and fields and a column per question.
pub fn answers_csv(conn: &mut DbConn, row: &ConsultationRow) -> ApiResult<String> {
    let questionnaire = row.questionnaire();
    let ids: Vec<String> = questionnaire.questions().map(|q| q.id.clone()).collect();
    let mut header = vec!["respondent".to_owned(), "submitted_at".to_owned(), "wilaya".to_owned(), "fields".to_owned()];
    header.extend(ids.iter().cloned());
    let mut csv = CsvWriter::with_header(&header);
    for (n, r) in answers_repo::submitted(conn, &row.id)?.iter().enumerate() {
        let answers: HashMap<String, AnswerItem> =
            r.answers().into_iter().map(|a| (a.question_id.clone(), a)).collect();
        csv.number((n + 1) as i64)
            .opt_time(r.submitted_at.map(to_utc))
            .opt_text(r.wilaya_code.as_deref())
            .text(&r.fields.replace(',', ";"));
        for id in &ids {
            csv.text(&answers.get(id).map(cell).unwrap_or_default());
        }
        csv.end_row();
    }
    Ok(csv.finish())
}
