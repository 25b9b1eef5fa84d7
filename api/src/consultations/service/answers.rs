//! Answering: a draft kept as you go, one final answer per respondent (exactly one even when
//! officers submit at the same moment), and the tallies updated in the same transaction.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use madani_shared::ErrorCode;
use madani_shared::consultations::*;
use madani_shared::ids::{AssociationId, ConsultationId};

use super::super::access::{self, Respondency};
use super::super::repo::{self, answers as answers_repo};
use super::super::rows::{ConsultationRow, ResponseRow, TextAnswerRow};
use super::tally::{self, Place};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};

fn answer_view(
    row: &ConsultationRow,
    response: &ResponseRow,
    who: &Respondency,
    submitter: Option<String>,
) -> ConsultationAnswer {
    let open = row.phase(now()) == ConsultationPhase::Open;
    ConsultationAnswer {
        consultation_id: ConsultationId::stored(&row.id),
        association_id: response.association_id.as_deref().map(AssociationId::stored),
        status: if response.submitted() { AnswerStatus::Submitted } else { AnswerStatus::Draft },
        answers: response.answers(),
        updated_at: to_utc(response.updated_at),
        submitted_at: response.submitted_at.map(to_utc),
        submitted_by: submitter,
        can_submit: who.may_submit && open && (!response.submitted() || row.allow_edit),
    }
}

fn submitter_name(conn: &mut DbConn, response: &ResponseRow) -> ApiResult<Option<String>> {
    Ok(match &response.submitted_by {
        Some(id) => crate::auth::repo::find_user(conn, id).ok().map(|u| u.display_name),
        None => None,
    })
}

/// The viewer's answer (or their association's): 404 while nothing is saved.
pub fn mine(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
    association_id: Option<&str>,
) -> ApiResult<ConsultationAnswer> {
    let (row, _) = access::load_visible(conn, id, Some(user))?;
    let who = access::respondency(conn, &row, user, association_id)?;
    let response = answers_repo::find_response(conn, id, &who.key)?.ok_or(ApiError::NotFound)?;
    let submitter = submitter_name(conn, &response)?;
    Ok(answer_view(&row, &response, &who, submitter))
}

fn require_open(row: &ConsultationRow) -> ApiResult<()> {
    if row.phase(now()) != ConsultationPhase::Open {
        return Err(ApiError::Conflict(ErrorCode::ConsultationNotOpen));
    }
    Ok(())
}

fn new_response(row: &ConsultationRow, who: &Respondency, user: &AuthUser) -> ResponseRow {
    let at = now();
    ResponseRow {
        id: new_id(),
        consultation_id: row.id.clone(),
        respondent_key: who.key.clone(),
        association_id: who.association.as_ref().map(|(a, _)| a.id.clone()),
        user_id: Some(user.id.clone()),
        status: "draft".into(),
        answers: "[]".into(),
        wilaya_code: None,
        fields: String::new(),
        submitted_by: None,
        created_at: at,
        updated_at: at,
        submitted_at: None,
    }
}

/// The respondent's response row, created (as an empty draft) if it is the first save; counts the
/// first save, which freezes the questionnaire.
fn response_of(conn: &mut DbConn, row: &ConsultationRow, who: &Respondency, user: &AuthUser) -> ApiResult<ResponseRow> {
    if let Some(r) = answers_repo::find_response(conn, &row.id, &who.key)? {
        return Ok(r);
    }
    let fresh = new_response(row, who, user);
    if answers_repo::insert_response(conn, &fresh)? == 1 {
        repo::count_response(conn, &row.id, true, false)?;
    }
    answers_repo::find_response(conn, &row.id, &who.key)?.ok_or(ApiError::NotFound)
}

/// Save the draft (any member for an association's answer). Refused once the answer is final.
pub fn save_draft(conn: &mut DbConn, user: &AuthUser, id: &str, input: &SaveAnswer) -> ApiResult<ConsultationAnswer> {
    let association = input.association_id.map(|a| a.to_string());
    write_tx(conn, |conn| {
        let (row, _) = access::load_visible(conn, id, Some(user))?;
        let who = access::respondency(conn, &row, user, association.as_deref())?;
        require_open(&row)?;
        check_answers(&row.questionnaire(), &input.answers, false).map_err(ApiError::Validation)?;
        let response = response_of(conn, &row, &who, user)?;
        let answers = serde_json::to_string(&input.answers).map_err(ApiError::internal)?;
        if answers_repo::save_draft(conn, &response.id, &answers, now())? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyAnswered));
        }
        let saved = answers_repo::find_response(conn, id, &who.key)?.ok_or(ApiError::NotFound)?;
        Ok(answer_view(&row, &saved, &who, None))
    })
}

/// Submit the final answer (an officer for an association's answer). Exactly one counts: a second
/// submission is refused (`already_answered`) unless the consultation allows changing it until it
/// closes, in which case the old answer's tallies are taken away and the new one's added.
pub fn submit(conn: &mut DbConn, user: &AuthUser, id: &str, input: &SaveAnswer) -> ApiResult<ConsultationAnswer> {
    let association = input.association_id.map(|a| a.to_string());
    write_tx(conn, |conn| {
        let (row, _) = access::load_visible(conn, id, Some(user))?;
        let who = access::respondency(conn, &row, user, association.as_deref())?;
        if !who.may_submit {
            return Err(ApiError::Forbidden(ErrorCode::NotOfficer));
        }
        require_open(&row)?;
        let questionnaire = row.questionnaire();
        check_answers(&questionnaire, &input.answers, true).map_err(ApiError::Validation)?;
        let kept: Vec<AnswerItem> = input.answers.iter().filter(|a| !a.is_blank()).cloned().collect();
        let mut response = response_of(conn, &row, &who, user)?;
        let at = now();
        let (wilaya, fields) = match &who.association {
            Some((a, fields)) => {
                (Some(a.wilaya_code.clone()), fields.iter().map(|f| f.as_str().to_owned()).collect::<Vec<_>>())
            }
            None => (None, Vec::new()),
        };
        let previous = answers_repo::lock_response(conn, &response.id)?;
        response.answers = serde_json::to_string(&kept).map_err(ApiError::internal)?;
        response.wilaya_code = wilaya.clone();
        response.fields = fields.join(",");
        response.submitted_by = Some(user.id.clone());
        response.updated_at = at;
        response.submitted_at = Some(at);
        let first = answers_repo::submit(conn, &response, true)? == 1;
        let mut deltas = tally::deltas(&questionnaire, &kept, &Place { wilaya: wilaya.as_deref(), fields: &fields }, 1);
        // A text a moderator hid stays hidden when the answer is submitted again unchanged.
        let mut hidden: HashMap<(String, String), (NaiveDateTime, Option<String>)> = HashMap::new();
        if !first {
            if !row.allow_edit || !previous.submitted() {
                return Err(ApiError::Conflict(ErrorCode::AlreadyAnswered));
            }
            let old_fields: Vec<String> =
                previous.fields.split(',').filter(|f| !f.is_empty()).map(str::to_owned).collect();
            let old = Place { wilaya: previous.wilaya_code.as_deref(), fields: &old_fields };
            deltas = tally::merge(deltas, tally::deltas(&questionnaire, &previous.answers(), &old, -1));
            answers_repo::submit(conn, &response, false)?;
            for t in answers_repo::texts_of(conn, &response.id)? {
                if let Some(at) = t.hidden_at {
                    hidden.insert((t.question_id, t.body), (at, t.hidden_reason));
                }
            }
            answers_repo::delete_texts_of(conn, &response.id)?;
        }
        // The consultation's row first: concurrent submissions queue on it, then take the tallies'
        // rows in one order.
        repo::count_response(conn, &row.id, false, first)?;
        deltas.insert(tally::version_key(), (1, 0.0));
        let deltas: Vec<_> = deltas.into_iter().collect();
        answers_repo::add_tallies(conn, &row.id, &deltas)?;
        for a in &kept {
            let is_text = questionnaire
                .question(&a.question_id)
                .is_some_and(|q| matches!(q.kind, SurveyQuestionKind::ShortText | SurveyQuestionKind::LongText));
            if let (true, Some(text)) = (is_text, a.text.as_deref().map(str::trim).filter(|t| !t.is_empty())) {
                let (hidden_at, hidden_reason) = hidden
                    .remove(&(a.question_id.clone(), text.to_owned()))
                    .map_or((None, None), |(at, reason)| (Some(at), reason));
                answers_repo::insert_text(
                    conn,
                    &TextAnswerRow {
                        id: new_id(),
                        consultation_id: row.id.clone(),
                        question_id: a.question_id.clone(),
                        response_id: response.id.clone(),
                        body: text.to_owned(),
                        created_at: at,
                        hidden_at,
                        hidden_reason,
                    },
                )?;
            }
        }
        let saved = answers_repo::find_response(conn, id, &who.key)?.ok_or(ApiError::NotFound)?;
        let submitter = submitter_name(conn, &saved)?;
        Ok(answer_view(&row, &saved, &who, submitter))
    })
}
