//! Database rows of consultations, answers and tallies.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::consultations::*;
use madani_shared::ids::InstitutionId;

use crate::db::schema::{
    consultation_blocks, consultation_organisers, consultation_responses, consultation_tallies,
    consultation_text_answers, consultations, moderation_reports, proposal_comments, proposal_events, proposal_states,
    proposals,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = consultations, treat_none_as_null = true)]
pub struct ConsultationRow {
    pub id: String,
    pub institution_id: String,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
    pub summary_ar: Option<String>,
    pub summary_fr: Option<String>,
    pub summary_en: Option<String>,
    pub body_ar: Option<String>,
    pub body_fr: Option<String>,
    pub body_en: Option<String>,
    pub respondent: String,
    /// JSON of [`Audience`].
    pub audience: String,
    pub audience_wilayas: String,
    pub audience_fields: String,
    pub status: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub allow_edit: bool,
    /// JSON of [`Questionnaire`].
    pub questionnaire: String,
    /// Kept by their own statements (`repo::count_response`), never by a whole-row update.
    #[diesel(skip_update)]
    pub answer_count: i64,
    #[diesel(skip_update)]
    pub response_count: i64,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub results_published_at: Option<NaiveDateTime>,
    /// When the officers were told it opened, reminded before it closed, told of its results.
    pub opened_notified_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
    pub results_notified_at: Option<NaiveDateTime>,
    pub proposals_enabled: bool,
    /// How many proposals a member may support (`None`: no limit).
    pub support_limit: Option<i32>,
    /// The supports a proposal needs to reach its threshold.
    pub support_threshold: Option<i32>,
}

impl ConsultationRow {
    pub fn title(&self) -> LocalizedText {
        LocalizedText { ar: self.title_ar.clone(), fr: self.title_fr.clone(), en: self.title_en.clone() }
    }

    pub fn summary(&self) -> LocalizedText {
        LocalizedText { ar: self.summary_ar.clone(), fr: self.summary_fr.clone(), en: self.summary_en.clone() }
    }

    pub fn body(&self) -> LocalizedText {
        LocalizedText { ar: self.body_ar.clone(), fr: self.body_fr.clone(), en: self.body_en.clone() }
    }

    pub fn respondent(&self) -> Respondent {
        Respondent::parse(&self.respondent).unwrap_or(Respondent::Association)
    }

    pub fn audience(&self) -> Audience {
        serde_json::from_str(&self.audience).unwrap_or_default()
    }

    pub fn questionnaire(&self) -> Questionnaire {
        serde_json::from_str(&self.questionnaire).unwrap_or_default()
    }

    /// The phase at `now`: the organisers decide `draft` and `results_published`, the clock the rest.
    pub fn phase(&self, now: NaiveDateTime) -> ConsultationPhase {
        match self.status.as_str() {
            "draft" => ConsultationPhase::Draft,
            "results_published" => ConsultationPhase::ResultsPublished,
            _ if now < self.opens_at => ConsultationPhase::Upcoming,
            _ if now < self.closes_at => ConsultationPhase::Open,
            _ => ConsultationPhase::Closed,
        }
    }

    /// The audience's columns: the JSON, and the wilayas and fields as `,06,16,` ('' for any).
    pub fn set_audience(&mut self, audience: &Audience) {
        let list = |items: Vec<&str>| if items.is_empty() { String::new() } else { format!(",{},", items.join(",")) };
        self.audience = serde_json::to_string(audience).unwrap_or_else(|_| "{}".into());
        self.audience_wilayas = list(audience.wilayas.iter().map(String::as_str).collect());
        self.audience_fields = list(audience.fields.iter().map(|f| f.as_str()).collect());
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consultation_organisers)]
pub struct OrganiserRow {
    pub consultation_id: String,
    pub institution_id: String,
    pub owner: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consultation_responses)]
pub struct ResponseRow {
    pub id: String,
    pub consultation_id: String,
    pub respondent_key: String,
    pub association_id: Option<String>,
    pub user_id: Option<String>,
    pub status: String,
    /// JSON of the [`AnswerItem`]s.
    pub answers: String,
    pub wilaya_code: Option<String>,
    /// Comma-separated fields of the association.
    pub fields: String,
    pub submitted_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
}

impl ResponseRow {
    pub fn answers(&self) -> Vec<AnswerItem> {
        serde_json::from_str(&self.answers).unwrap_or_default()
    }

    pub fn submitted(&self) -> bool {
        self.status == "submitted"
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consultation_tallies)]
pub struct TallyRow {
    pub question_id: String,
    pub option_key: String,
    pub dimension: String,
    pub dimension_value: String,
    pub count: i64,
    pub total: f64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consultation_text_answers)]
pub struct TextAnswerRow {
    pub id: String,
    pub consultation_id: String,
    pub question_id: String,
    pub response_id: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    /// Hidden from the published results by a moderator, with the reason.
    pub hidden_at: Option<NaiveDateTime>,
    pub hidden_reason: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = proposals, treat_none_as_null = true)]
pub struct ProposalRow {
    pub id: String,
    pub consultation_id: String,
    pub author_id: String,
    pub association_id: Option<String>,
    pub title: String,
    pub body: String,
    pub wilaya_code: Option<String>,
    /// Kept by its own statements (one support, one comment at a time), never by a whole-row update.
    #[diesel(skip_update)]
    pub support_count: i64,
    /// The published state.
    pub state: String,
    /// The answer's state and text, a draft until `answer_published_at`.
    pub answer_state: Option<String>,
    pub answer_ar: Option<String>,
    pub answer_fr: Option<String>,
    pub answer_en: Option<String>,
    pub answer_institution_id: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub answer_published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The institution the organisers sent it to for an answer, when, and by which day.
    pub routed_institution_id: Option<String>,
    pub routed_at: Option<NaiveDateTime>,
    pub answer_due: Option<chrono::NaiveDate>,
    #[diesel(skip_update)]
    pub comment_count: i64,
    /// Hidden by moderation (by reports pending review when `hidden_reason` is null); kept by the
    /// moderation statements, never by a whole-row update.
    #[diesel(skip_update)]
    pub hidden_at: Option<NaiveDateTime>,
    #[diesel(skip_update)]
    pub hidden_reason: Option<String>,
    /// The published answer's institution-defined state (a key of `custom_state_institution_id`'s
    /// `proposal_states`), and the draft's (of `answer_institution_id`).
    pub custom_state: Option<String>,
    pub custom_state_institution_id: Option<String>,
    pub answer_custom_state: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = proposal_events)]
pub struct ProposalEventRow {
    pub id: String,
    pub proposal_id: String,
    pub state: String,
    pub created_at: NaiveDateTime,
    /// The institution-defined state published with it, and the institution that defined it.
    pub custom_state: Option<String>,
    pub institution_id: Option<String>,
}

/// A state an institution defined for its answers to proposals.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = proposal_states)]
pub struct ProposalStateRow {
    pub institution_id: String,
    pub key: String,
    pub base_state: String,
    pub label_ar: Option<String>,
    pub label_fr: Option<String>,
    pub label_en: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ProposalStateRow {
    pub fn to_api(&self) -> CustomProposalState {
        CustomProposalState {
            institution_id: InstitutionId::stored(&self.institution_id),
            key: self.key.clone(),
            state: ProposalState::parse(&self.base_state).unwrap_or(ProposalState::Evaluating),
            label: LocalizedText { ar: self.label_ar.clone(), fr: self.label_fr.clone(), en: self.label_en.clone() },
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = proposal_comments)]
pub struct CommentRow {
    pub id: String,
    pub proposal_id: String,
    pub parent_id: Option<String>,
    pub depth: i32,
    /// `None` once its author's account is deleted.
    pub author_id: Option<String>,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub hidden_at: Option<NaiveDateTime>,
    pub hidden_reason: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = moderation_reports)]
pub struct ReportRow {
    pub id: String,
    pub consultation_id: String,
    pub proposal_id: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub reporter_id: String,
    pub reason: String,
    pub details: Option<String>,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consultation_blocks)]
pub struct BlockRow {
    pub consultation_id: String,
    pub user_id: String,
    pub reason: String,
    pub blocked_by: Option<String>,
    pub created_at: NaiveDateTime,
}
