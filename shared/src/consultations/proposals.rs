//! Proposals: when a consultation takes them, members (or officers for their association) propose,
//! others support, and the organisers answer officially — drafted privately, then published with a
//! state whose every change stays in the proposal's public history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::associations::string_enum;
use crate::ids::{AssociationId, ConsultationId, InstitutionId, ProposalId, UserId};
use crate::text::LocalizedText;

string_enum!(
    /// Where a proposal stands, as the organisers answered it.
    ProposalState {
        /// No answer published yet.
        NotAnswered = "not_answered",
        /// Being studied.
        Evaluating = "evaluating",
        Accepted = "accepted",
        Rejected = "rejected",
    }
);

string_enum!(
    /// How a list of proposals is ordered.
    ProposalSort {
        /// Most supported first (the default).
        MostSupported = "most_supported",
        Newest = "newest",
        /// Shuffled with `seed`: the same seed gives the same order, page after page.
        Random = "random",
    }
);

/// How long after writing it an author may still change a proposal (and only while unanswered).
pub const PROPOSAL_EDIT_MINUTES: i64 = 15;

/// The organisers' answer to a proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialAnswer {
    pub state: ProposalState,
    /// The answering institution's own state, when it chose one (it refines `state`).
    pub custom_state: Option<super::CustomProposalState>,
    pub text: LocalizedText,
    /// The institution it was answered for.
    pub institution_name: Option<LocalizedText>,
    pub answered_at: DateTime<Utc>,
    /// When it was made public (`null`: a draft only the organisers see).
    pub published_at: Option<DateTime<Utc>>,
}

/// A public change of a proposal's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalEvent {
    pub state: ProposalState,
    /// The answering institution's own state, when it chose one.
    pub custom_state: Option<super::CustomProposalState>,
    pub at: DateTime<Utc>,
}

/// A proposal as the viewer sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub id: ProposalId,
    pub consultation_id: ConsultationId,
    pub title: String,
    pub body: String,
    pub author_id: UserId,
    pub author_name: String,
    /// The association it is proposed for, if any.
    pub association_id: Option<AssociationId>,
    pub association_name: Option<LocalizedText>,
    pub wilaya_code: Option<String>,
    pub support_count: i64,
    /// Whether its supports reached the consultation's `support_threshold`.
    pub threshold_reached: bool,
    /// Whether the viewer supports it.
    pub supported: bool,
    /// The published state (`not_answered` until an answer is published).
    pub state: ProposalState,
    /// The published answer's institution-defined state, if it has one (it refines `state`).
    pub custom_state: Option<super::CustomProposalState>,
    /// The published answer, or for organisers the draft too.
    pub answer: Option<OfficialAnswer>,
    pub history: Vec<ProposalEvent>,
    /// Where the organisers sent it for an answer, if they did.
    pub routing: Option<ProposalRouting>,
    /// Its comments (deleted and hidden ones included: they keep their place).
    pub comment_count: i64,
    /// Hidden by moderation: a placeholder without its text for a viewer who does not moderate,
    /// and absent from their lists.
    pub hidden: bool,
    /// Whether the viewer reported it.
    pub reported: bool,
    pub created_at: DateTime<Utc>,
    /// Until when its author may change it (while it is unanswered).
    pub editable_until: DateTime<Utc>,
}

/// Where a proposal was sent for an answer: another institution, with a deadline, shown publicly
/// with how long the answer took or how late it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalRouting {
    pub institution_id: InstitutionId,
    pub institution_name: LocalizedText,
    pub routed_at: DateTime<Utc>,
    /// The day the answer is due.
    pub due_on: NaiveDate,
    /// Whole days from routing to the published answer, once there is one.
    pub answered_in_days: Option<i64>,
    /// Whole days past `due_on` without a published answer; `null` when not late.
    pub overdue_days: Option<i64>,
}

/// Send a proposal to an institution for an answer by a day (the organisers). Its staff may then
/// answer it; sending it again replaces the earlier routing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "institution_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "due_on": "2027-01-15"
})))]
pub struct RouteProposal {
    pub institution_id: InstitutionId,
    /// Today or later (422 `due_on` `in_past`).
    pub due_on: NaiveDate,
}

/// Propose, while the consultation is open and takes proposals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "Un guichet unique pour les subventions",
    "body": "Un seul dossier, en ligne, pour toutes les aides publiques aux associations.",
    "wilaya_code": "06"
})))]
pub struct CreateProposal {
    #[validate(length(min = 3, max = 150), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::proposal_title))]
    pub title: String,
    #[validate(length(min = 1, max = 5000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::proposal_body))]
    pub body: String,
    /// Propose on behalf of an association you are the owner or an admin of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<AssociationId>,
    #[validate(custom(function = "super::one_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya_code: Option<String>,
}

/// Change your proposal (within the first minutes, before any answer). Absent fields stay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateProposal {
    #[validate(length(min = 3, max = 150), custom(function = "crate::auth::not_blank"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::proposal_title))]
    pub title: Option<String>,
    #[validate(length(min = 1, max = 5000), custom(function = "crate::auth::not_blank"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::proposal_body))]
    pub body: Option<String>,
}

/// The organisers' answer: a state and a text, kept private until `publish`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "state": "accepted",
    "text": {"fr": "Le guichet unique ouvrira en 2027.", "ar": "سيفتح الشباك الموحد سنة 2027."},
    "publish": true
})))]
pub struct AnswerProposal {
    pub state: ProposalState,
    /// One of the answering institution's own states (`GET /institutions/{id}/proposal-states`),
    /// which must refine `state` (422 `custom_state` `unknown` or `state_mismatch`).
    #[validate(length(min = 2, max = 40))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z][a-z0-9_]{1,39}$", min_length = 2, max_length = 40))]
    pub custom_state: Option<String>,
    #[validate(custom(function = "super::summary_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub text: LocalizedText,
    /// Make it public now (its state joins the proposal's history and its author and supporters
    /// are told); otherwise it is a draft for the organisers.
    #[serde(default)]
    pub publish: bool,
}

/// A page of a consultation's proposals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListProposalsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<ProposalSort>,
    /// The shuffle of `random` (any number; keep it to page through the same order).
    #[validate(range(min = 0, max = 1_000_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 1_000_000))]
    pub seed: Option<u32>,
    /// Only proposals in this state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ProposalState>,
    /// How many items, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub cursor: Option<String>,
}
