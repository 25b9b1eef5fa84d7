//! Proposals' rules: who may propose and support while the consultation is open, the author's
//! short window to change a proposal, and the organisers' answers — drafted, then published into
//! the proposal's history, with its author and supporters told.

use std::collections::HashMap;

use chrono::TimeDelta;
use madani_shared::consultations::*;
use madani_shared::ids::{AssociationId, ConsultationId, InstitutionId, ProposalId, UserId};
use madani_shared::{ErrorCode, LocalizedText, Page};

use super::super::access;
use super::super::repo::proposals as repo;
use super::super::rows::{ConsultationRow, ProposalEventRow, ProposalRow};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify, notify_all};
use crate::pagination;

pub(super) fn require_open_for_proposals(row: &ConsultationRow) -> ApiResult<()> {
    if !row.proposals_enabled {
        return Err(ApiError::Conflict(ErrorCode::ProposalsDisabled));
    }
    if row.phase(now()) != ConsultationPhase::Open {
        return Err(ApiError::Conflict(ErrorCode::ConsultationNotOpen));
    }
    Ok(())
}

/// The proposal, if the viewer may see its consultation, and whether they moderate it.
pub(super) fn load_visible(conn: &mut DbConn, viewer: Option<&AuthUser>, id: &str) -> ApiResult<(ProposalRow, bool)> {
    let p = repo::find(conn, id)?;
    let (_, organiser) = access::load_visible(conn, &p.consultation_id, viewer)?;
    Ok((p, organiser))
}

/// Where it was routed, with how long the answer took or how late it is.
fn routing(r: &ProposalRow, institutions: &HashMap<String, LocalizedText>) -> Option<ProposalRouting> {
    let (Some(institution), Some(routed_at), Some(due_on)) = (&r.routed_institution_id, r.routed_at, r.answer_due)
    else {
        return None;
    };
    let answered = r.answer_published_at.filter(|at| *at >= routed_at);
    let today = now().date();
    Some(ProposalRouting {
        institution_id: InstitutionId::stored(institution),
        institution_name: institutions.get(institution).cloned().unwrap_or_default(),
        routed_at: to_utc(routed_at),
        due_on,
        answered_in_days: answered.map(|at| (at.date() - routed_at.date()).num_days()),
        overdue_days: (answered.is_none() && today > due_on).then(|| (today - due_on).num_days()),
    })
}

/// The proposals as `viewer` sees them (the answer's draft for organisers only; a hidden one's
/// text for its author and the moderators only).
fn views(
    conn: &mut DbConn,
    rows: &[ProposalRow],
    viewer: Option<&AuthUser>,
    organiser: bool,
) -> ApiResult<Vec<Proposal>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut people: Vec<String> = rows.iter().map(|r| r.author_id.clone()).collect();
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = repo::names(conn, &people)?.into_iter().collect();
    let supported: Vec<String> = match viewer {
        Some(u) => repo::supported_by(conn, &ids, &u.id)?,
        None => Vec::new(),
    };
    let events = repo::events(conn, &ids)?;
    let mut definers: Vec<String> = events
        .iter()
        .filter_map(|e| e.institution_id.clone())
        .chain(
            rows.iter()
                .flat_map(|r| [r.custom_state_institution_id.clone(), r.answer_institution_id.clone()])
                .flatten(),
        )
        .collect();
    definers.sort();
    definers.dedup();
    let states = super::states::labels(conn, &definers)?;
    let custom = |institution: &Option<String>, key: &Option<String>| match (institution, key) {
        (Some(i), Some(k)) => states.get(&(i.clone(), k.clone())).cloned(),
        _ => None,
    };
    let mut history: HashMap<String, Vec<ProposalEvent>> = HashMap::new();
    for e in events {
        history.entry(e.proposal_id.clone()).or_default().push(ProposalEvent {
            state: ProposalState::parse(&e.state).unwrap_or(ProposalState::NotAnswered),
            custom_state: custom(&e.institution_id, &e.custom_state),
            at: to_utc(e.created_at),
        });
    }
    let mut for_associations: Vec<String> = rows.iter().filter_map(|r| r.association_id.clone()).collect();
    for_associations.sort();
    for_associations.dedup();
    let associations: HashMap<String, LocalizedText> = repo::association_names(conn, &for_associations)?
        .into_iter()
        .map(|(id, ar, fr, en)| (id, LocalizedText { ar, fr, en }))
        .collect();
    let mut wanted: Vec<String> = rows
        .iter()
        .flat_map(|r| [r.answer_institution_id.clone(), r.routed_institution_id.clone()])
        .flatten()
        .collect();
    wanted.sort();
    wanted.dedup();
    let institutions: HashMap<String, LocalizedText> =
        crate::institutions::repo::many(conn, &wanted)?.into_iter().map(|i| (i.id.clone(), i.name())).collect();
    let reported = match viewer {
        Some(u) => super::super::repo::moderation::reported_by(conn, &ids, &u.id)?,
        None => Vec::new(),
    };
    let threshold = match rows.first() {
        Some(r) => super::super::repo::find(conn, &r.consultation_id)?.support_threshold,
        None => None,
    };
    Ok(rows
        .iter()
        .map(|r| {
            let answer =
                r.answered_at.filter(|_| organiser || r.answer_published_at.is_some()).map(|at| OfficialAnswer {
                    state: r
                        .answer_state
                        .as_deref()
                        .and_then(ProposalState::parse)
                        .unwrap_or(ProposalState::NotAnswered),
                    custom_state: custom(&r.answer_institution_id, &r.answer_custom_state),
                    text: LocalizedText { ar: r.answer_ar.clone(), fr: r.answer_fr.clone(), en: r.answer_en.clone() },
                    institution_name: r.answer_institution_id.as_ref().and_then(|i| institutions.get(i).cloned()),
                    answered_at: to_utc(at),
                    published_at: r.answer_published_at.map(to_utc),
                });
            let hidden = r.hidden_at.is_some();
            let shown = !hidden || organiser || viewer.is_some_and(|u| u.id == r.author_id);
            Proposal {
                id: ProposalId::stored(&r.id),
                consultation_id: ConsultationId::stored(&r.consultation_id),
                title: if shown { r.title.clone() } else { String::new() },
                body: if shown { r.body.clone() } else { String::new() },
                author_id: UserId::stored(&r.author_id),
                author_name: if shown { names.get(&r.author_id).cloned().unwrap_or_default() } else { String::new() },
                association_id: r.association_id.as_deref().map(AssociationId::stored),
                association_name: r.association_id.as_ref().and_then(|a| associations.get(a).cloned()),
                wilaya_code: r.wilaya_code.clone(),
                support_count: r.support_count,
                threshold_reached: threshold.is_some_and(|t| r.support_count >= i64::from(t)),
                supported: supported.contains(&r.id),
                state: ProposalState::parse(&r.state).unwrap_or(ProposalState::NotAnswered),
                custom_state: custom(&r.custom_state_institution_id, &r.custom_state),
                answer,
                history: history.remove(&r.id).unwrap_or_default(),
                routing: routing(r, &institutions),
                comment_count: r.comment_count,
                hidden,
                reported: reported.contains(&r.id),
                created_at: to_utc(r.created_at),
                editable_until: to_utc(r.created_at + TimeDelta::minutes(PROPOSAL_EDIT_MINUTES)),
            }
        })
        .collect())
}

/// A stable shuffle: the order of `id` under `seed`.
fn shuffled(seed: u32, id: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ u64::from(seed);
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A page of the consultation's proposals.
pub fn list(
    conn: &mut DbConn,
    viewer: Option<&AuthUser>,
    id: &str,
    q: &ListProposalsQuery,
) -> ApiResult<Page<Proposal>> {
    let (row, organiser) = access::load_visible(conn, id, viewer)?;
    let mut rows = repo::of_consultation(conn, &row.id, q.state.map(|s| s.as_str()))?;
    if !organiser {
        rows.retain(|r| r.hidden_at.is_none());
    }
    match q.sort.unwrap_or(ProposalSort::MostSupported) {
        ProposalSort::MostSupported => {}
        ProposalSort::Newest => rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id))),
        ProposalSort::Random => {
            let seed = q.seed.unwrap_or(0);
            rows.sort_by_key(|r| shuffled(seed, &r.id));
        }
    }
    let (page, next_cursor) = pagination::offset_page(rows, q.cursor.as_deref(), q.limit.unwrap_or(20))?;
    Ok(Page { items: views(conn, &page, viewer, organiser)?, next_cursor })
}

pub fn get(conn: &mut DbConn, viewer: Option<&AuthUser>, id: &str) -> ApiResult<Proposal> {
    let (p, organiser) = load_visible(conn, viewer, id)?;
    views(conn, std::slice::from_ref(&p), viewer, organiser)?.pop().ok_or(ApiError::NotFound)
}

/// Propose (a verified member, for an association they are an officer of if they name one; the
/// consultation must be addressed to them as for answering).
pub fn create(conn: &mut DbConn, user: &AuthUser, consultation: &str, input: &CreateProposal) -> ApiResult<Proposal> {
    write_tx(conn, |conn| {
        let (row, organiser) = access::load_visible(conn, consultation, Some(user))?;
        crate::associations::access::require_verified_email(conn, user)?;
        access::require_not_blocked(conn, &row.id, user)?;
        let association = input.association_id.map(|a| a.to_string());
        if let Some(a) = &association {
            crate::associations::access::require_officer(conn, a, user)?;
        }
        if association.is_some() || !row.audience().is_everyone() {
            let as_member = ConsultationRow { respondent: "member".into(), ..row.clone() };
            access::respondency(conn, &as_member, user, association.as_deref())?;
        }
        require_open_for_proposals(&row)?;
        let at = now();
        let p = ProposalRow {
            id: new_id(),
            consultation_id: row.id.clone(),
            author_id: user.id.clone(),
            association_id: association,
            title: input.title.trim().to_owned(),
            body: input.body.trim().to_owned(),
            wilaya_code: input.wilaya_code.clone(),
            support_count: 0,
            state: ProposalState::NotAnswered.as_str().into(),
            answer_state: None,
            answer_ar: None,
            answer_fr: None,
            answer_en: None,
            answer_institution_id: None,
            answered_at: None,
            answer_published_at: None,
            created_at: at,
            updated_at: at,
            routed_institution_id: None,
            routed_at: None,
            answer_due: None,
            comment_count: 0,
            hidden_at: None,
            hidden_reason: None,
            custom_state: None,
            custom_state_institution_id: None,
            answer_custom_state: None,
        };
        repo::insert(conn, &p)?;
        views(conn, std::slice::from_ref(&p), Some(user), organiser)?.pop().ok_or(ApiError::NotFound)
    })
}

/// Its author changes it: within the first minutes and before any answer (`proposal_locked`).
pub fn update(conn: &mut DbConn, user: &AuthUser, id: &str, input: &UpdateProposal) -> ApiResult<Proposal> {
    write_tx(conn, |conn| {
        let mut p = repo::find(conn, id)?;
        let (_, organiser) = access::load_visible(conn, &p.consultation_id, Some(user))?;
        if p.author_id != user.id {
            return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
        }
        if p.answered_at.is_some() || now() > p.created_at + TimeDelta::minutes(PROPOSAL_EDIT_MINUTES) {
            return Err(ApiError::Conflict(ErrorCode::ProposalLocked));
        }
        if let Some(t) = &input.title {
            p.title = t.trim().to_owned();
        }
        if let Some(b) = &input.body {
            p.body = b.trim().to_owned();
        }
        p.updated_at = now();
        repo::update(conn, &p)?;
        views(conn, std::slice::from_ref(&p), Some(user), organiser)?.pop().ok_or(ApiError::NotFound)
    })
}

/// Support it, or withdraw the support, while the consultation is open. One support per member:
/// supporting twice (even at the same moment) counts once.
pub fn support(conn: &mut DbConn, user: &AuthUser, id: &str, on: bool) -> ApiResult<Proposal> {
    write_tx(conn, |conn| {
        let p = repo::find(conn, id)?;
        let (row, organiser) = access::load_visible(conn, &p.consultation_id, Some(user))?;
        crate::associations::access::require_verified_email(conn, user)?;
        access::require_not_blocked(conn, &row.id, user)?;
        require_open_for_proposals(&row)?;
        let at = now();
        if on
            && let Some(limit) = row.support_limit
            && !repo::supported_by(conn, std::slice::from_ref(&p.id), &user.id)?.contains(&p.id)
            && repo::supports_in(conn, &row.id, &user.id)? >= i64::from(limit)
        {
            return Err(ApiError::Conflict(ErrorCode::SupportLimitReached));
        }
        let changed =
            if on { repo::add_support(conn, id, &user.id, at)? } else { repo::remove_support(conn, id, &user.id)? };
        if changed == 1 {
            repo::count_support(conn, id, if on { 1 } else { -1 })?;
        }
        let p = repo::find(conn, id)?;
        views(conn, std::slice::from_ref(&p), Some(user), organiser)?.pop().ok_or(ApiError::NotFound)
    })
}

/// The organisers answer: a draft, or published (its state joins the history; the author and the
/// supporters are told). Recorded with the institution it was answered for.
pub fn answer(conn: &mut DbConn, user: &AuthUser, id: &str, input: &AnswerProposal) -> ApiResult<Proposal> {
    write_tx(conn, |conn| {
        let mut p = repo::find(conn, id)?;
        let institution = answerer(conn, &p, user)?;
        let row = super::super::repo::find(conn, &p.consultation_id)?;
        if let Some(key) = &input.custom_state {
            super::states::chosen(conn, &institution, key, input.state)?;
        }
        let at = now();
        (p.answer_ar, p.answer_fr, p.answer_en) = input.text.trimmed();
        p.answer_state = Some(input.state.as_str().to_owned());
        p.answer_custom_state = input.custom_state.clone();
        p.answer_institution_id = Some(institution.clone());
        p.answered_at = Some(at);
        p.updated_at = at;
        if input.publish {
            let custom = input.custom_state.as_ref().map(|k| (institution.clone(), k.clone()));
            let was = p.custom_state.clone().map(|k| (p.custom_state_institution_id.clone().unwrap_or_default(), k));
            let changed = p.state != input.state.as_str() || p.answer_published_at.is_none() || was != custom;
            p.state = input.state.as_str().to_owned();
            p.custom_state = input.custom_state.clone();
            p.custom_state_institution_id = input.custom_state.as_ref().map(|_| institution.clone());
            p.answer_published_at = Some(at);
            if changed {
                repo::insert_event(
                    conn,
                    &ProposalEventRow {
                        id: new_id(),
                        proposal_id: p.id.clone(),
                        state: p.state.clone(),
                        created_at: at,
                        custom_state: p.custom_state.clone(),
                        institution_id: p.custom_state_institution_id.clone(),
                    },
                )?;
            }
            let mut told: Vec<String> = repo::supporters(conn, id)?;
            told.push(p.author_id.clone());
            told.sort();
            told.dedup();
            for person in told {
                notify(conn, &person, "proposal.answered", About::proposal(&row.id, &p.id).by(&user.id))?;
            }
        }
        repo::update(conn, &p)?;
        let action = if input.publish { "proposal.answer_published" } else { "proposal.answer_drafted" };
        audit::record(
            conn,
            Some(&user.id),
            action,
            Subject::consultation(&row.id),
            Some(&format!(
                "{} {}{} ({institution})",
                p.id,
                input.state.as_str(),
                input.custom_state.as_ref().map(|k| format!("/{k}")).unwrap_or_default()
            )),
        )?;
        views(conn, std::slice::from_ref(&p), Some(user), true)?.pop().ok_or(ApiError::NotFound)
    })
}

/// The institution `user` answers `p` for: one of the organisers (the owner first; any for an
/// administrator), or the institution it was routed to. Others: `not_organiser`, or
/// `not_answerer` once it is routed.
fn answerer(conn: &mut DbConn, p: &ProposalRow, user: &AuthUser) -> ApiResult<String> {
    let (row, organiser) = access::load_visible(conn, &p.consultation_id, Some(user))?;
    if let Some(routed) = &p.routed_institution_id
        && crate::institutions::repo::role_of(conn, routed, &user.id)?.is_some()
    {
        return Ok(routed.clone());
    }
    if organiser {
        return Ok(super::super::repo::organiser_institution_of(conn, &row.id, &user.id)?.unwrap_or(row.institution_id));
    }
    tracing::warn!(user = %user.id, proposal = %p.id, "refused: may not answer");
    let code = if p.routed_institution_id.is_some() { ErrorCode::NotAnswerer } else { ErrorCode::NotOrganiser };
    Err(ApiError::Forbidden(code))
}

/// The organisers send it to an institution for an answer by `due_on` (today or later); its
/// staff are told and may answer it. Sending it again replaces the routing.
pub fn route(conn: &mut DbConn, user: &AuthUser, id: &str, input: &RouteProposal) -> ApiResult<Proposal> {
    write_tx(conn, |conn| {
        let mut p = repo::find(conn, id)?;
        let row = access::require_organiser(conn, &p.consultation_id, user)?;
        let institution = input.institution_id.to_string();
        crate::institutions::repo::find(conn, &institution)
            .map_err(|_| ApiError::field("institution_id", "unknown", "is not an institution"))?;
        let at = now();
        if input.due_on < at.date() {
            return Err(ApiError::field("due_on", "in_past", "must be today or later"));
        }
        p.routed_institution_id = Some(institution.clone());
        p.routed_at = Some(at);
        p.answer_due = Some(input.due_on);
        p.updated_at = at;
        repo::update(conn, &p)?;
        let staff: Vec<String> = crate::institutions::repo::staff(conn, &institution)?
            .into_iter()
            .map(|(s, _, _)| s.user_id)
            .filter(|s| *s != user.id)
            .collect();
        notify_all(conn, &staff, "proposal.routed", About::proposal(&row.id, &p.id).by(&user.id))?;
        audit::record(
            conn,
            Some(&user.id),
            "proposal.routed",
            Subject::consultation(&row.id),
            Some(&format!("{} {institution} {}", p.id, input.due_on)),
        )?;
        views(conn, std::slice::from_ref(&p), Some(user), true)?.pop().ok_or(ApiError::NotFound)
    })
}
