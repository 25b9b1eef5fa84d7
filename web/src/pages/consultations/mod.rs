//! Consultations in the browser: the list, a consultation's page with its phases and the organisers'
//! actions, the questionnaire as a respondent answers it (drafts saved as you go), the results as
//! charts with their tables, the organisers' editor with its questionnaire builder, and the
//! proposals with their comments and their moderation.

mod answer;
mod answer_form;
mod builder;
mod comments;
mod controls;
mod detail;
mod editor;
mod list;
mod moderation;
mod proposal;
mod proposal_answer;
mod proposals;
mod question_editor;
mod report;
mod results;

pub use answer::AnswerPage;
pub use detail::ConsultationPage;
pub use editor::{EditConsultation, NewConsultation};
pub use list::Consultations;
pub use moderation::ModerationPage;
pub use proposal::ProposalPage;
pub use proposals::ProposalsPage;
pub use results::ResultsPage;

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::consultations::*;
use madani_shared::ids::{ConsultationId, ProposalId};
use madani_shared::text::Language;
use madani_shared::{ClientError, FieldError};

use crate::components::label::label;
use crate::i18n::{k, text, tr, use_locale};
use crate::session::{Session, sleep};

/// Wait until the session is known, so that a first load is made as the right user (a draft is
/// 404 to strangers, and organisers see their actions).
pub(crate) async fn session_ready(session: Session) {
    while !session.ready.get_untracked() {
        sleep(Duration::from_millis(30)).await;
    }
}

/// Move the focus to the element `id` once the page has been drawn again.
pub(crate) fn focus_soon(id: String) {
    leptos::task::spawn_local(async move {
        sleep(Duration::ZERO).await;
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id))
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}

pub(crate) fn consultation_href(id: ConsultationId) -> String {
    format!("/consultations/{id}")
}

pub(crate) fn proposals_href(id: ConsultationId) -> String {
    format!("/consultations/{id}/proposals")
}

pub(crate) fn proposal_href(id: ProposalId) -> String {
    format!("/proposals/{id}")
}

/// A proposal's state, as a badge.
pub(crate) fn state_badge(state: ProposalState) -> impl IntoView {
    let class = match state {
        ProposalState::NotAnswered => "badge",
        ProposalState::Evaluating => "badge badge--info",
        ProposalState::Accepted => "badge badge--success",
        ProposalState::Rejected => "badge badge--danger",
    };
    let key = match state {
        ProposalState::NotAnswered => k::PROPOSAL_STATE_NOT_ANSWERED,
        ProposalState::Evaluating => k::PROPOSAL_STATE_EVALUATING,
        ProposalState::Accepted => k::PROPOSAL_STATE_ACCEPTED,
        ProposalState::Rejected => k::PROPOSAL_STATE_REJECTED,
    };
    view! { <span class=class data-state=state.as_str()>{tr(key)}</span> }
}

/// A proposal's state as a badge, with the institution's own state that refines it when there is
/// one: "Evaluating · Referred to the wilaya".
pub(crate) fn custom_state_badge(state: ProposalState, custom: Option<CustomProposalState>) -> impl IntoView {
    let locale = use_locale();
    match custom {
        None => state_badge(state).into_any(),
        Some(custom) => {
            let class = match state {
                ProposalState::NotAnswered => "badge badge--wrap",
                ProposalState::Evaluating => "badge badge--info badge--wrap",
                ProposalState::Accepted => "badge badge--success badge--wrap",
                ProposalState::Rejected => "badge badge--danger badge--wrap",
            };
            let key = custom.key.clone();
            view! {
                <span class=class data-state=state.as_str() data-custom-state=key>
                    {move || state_with_custom(locale.get(), state, Some(&custom))}
                </span>
            }
            .into_any()
        }
    }
}

/// A state in words, with the institution's own state after it: "Evaluating · Referred to the
/// wilaya".
pub(crate) fn state_with_custom(lang: Language, state: ProposalState, custom: Option<&CustomProposalState>) -> String {
    let base = label(lang, "proposal.state", state.as_str());
    match custom.map(|c| c.label.get(lang)).filter(|l| !l.is_empty()) {
        Some(own) => format!("{base} · {own}"),
        None => base,
    }
}

/// An institution's page.
pub(crate) fn institution_href(id: madani_shared::ids::InstitutionId) -> String {
    format!("/institutions/{id}")
}

/// How a routed proposal's answer went: "answered in 3 days", "2 days overdue", or nothing while
/// it is on time.
pub(crate) fn routing_delay(lang: Language, routing: &ProposalRouting) -> Option<String> {
    match (routing.answered_in_days, routing.overdue_days) {
        (Some(days), _) => Some(crate::i18n::plural(lang, "proposal.answered_in", days)),
        (None, Some(days)) if days > 0 => Some(crate::i18n::plural(lang, "proposal.overdue", days)),
        _ => None,
    }
}

/// Whether `until` is still ahead (an author's minutes to change what they wrote).
pub(crate) fn still_before(until: DateTime<Utc>) -> bool {
    js_sys::Date::now() < until.timestamp_millis() as f64
}

/// A form's field errors under the form's own names (`proposal.title`), so that their sentences say
/// what this form means (`field.proposal.title.length`, not the consultation title's): the shared
/// rules' findings and the server's alike.
pub(crate) fn scoped(prefix: &str, errors: Vec<FieldError>) -> Vec<FieldError> {
    errors.into_iter().map(|e| FieldError { field: format!("{prefix}.{}", e.field), ..e }).collect()
}

/// A failed call with its field errors scoped (see [`scoped`]).
pub(crate) fn scoped_error(prefix: &'static str) -> impl Fn(ClientError) -> ClientError + Copy {
    move |error| match error {
        ClientError::Api(mut p) => {
            p.errors = scoped(prefix, std::mem::take(&mut p.errors));
            ClientError::Api(p)
        }
        other => other,
    }
}

/// Check `request` with the shared rules, its errors scoped; `false` (and the errors shown) when
/// it breaks one.
pub(crate) fn check_scoped<T: validator::Validate>(
    form: crate::components::form::FormState,
    prefix: &str,
    request: &T,
) -> bool {
    form.clear();
    match request.validate() {
        Ok(()) => true,
        Err(e) => {
            form.show(scoped(prefix, madani_shared::error::field_errors(&e)));
            false
        }
    }
}

/// The phases in their order, for the timeline.
pub(crate) const PHASES: [ConsultationPhase; 5] = [
    ConsultationPhase::Draft,
    ConsultationPhase::Upcoming,
    ConsultationPhase::Open,
    ConsultationPhase::Closed,
    ConsultationPhase::ResultsPublished,
];

pub(crate) fn phase_label(lang: Language, phase: ConsultationPhase) -> String {
    label(lang, "consult.phase", phase.as_str())
}

pub(crate) fn phase_badge(phase: ConsultationPhase) -> impl IntoView {
    let locale = use_locale();
    let class = match phase {
        ConsultationPhase::Draft => "badge badge--warning",
        ConsultationPhase::Upcoming => "badge badge--info",
        ConsultationPhase::Open => "badge badge--success",
        ConsultationPhase::Closed => "badge",
        ConsultationPhase::ResultsPublished => "badge badge--info",
    };
    view! { <span class=class data-phase=phase.as_str()>{move || phase_label(locale.get(), phase)}</span> }
}

/// The organising institutions, by acronym where they have one: "ONSC, Ministère de la Solidarité".
pub(crate) fn organisers_text(lang: Language, organisers: &[Organiser]) -> String {
    let separator = if lang == Language::Ar { "، " } else { ", " };
    organisers.iter().map(|o| organiser_name(lang, o)).collect::<Vec<_>>().join(separator)
}

/// An organising institution's name, with its acronym where it has one.
fn organiser_name(lang: Language, o: &Organiser) -> String {
    match &o.acronym {
        Some(a) if !a.is_empty() => format!("{} ({a})", o.name.get(lang)),
        _ => o.name.get(lang).to_owned(),
    }
}

/// The organising institutions as [`organisers_text`] writes them, each a link to its page.
pub(crate) fn organiser_links(organisers: Vec<Organiser>) -> impl IntoView {
    let locale = use_locale();
    let last = organisers.len().saturating_sub(1);
    organisers
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let href = institution_href(o.institution_id);
            view! {
                <A href=href><bdi>{move || organiser_name(locale.get(), &o)}</bdi></A>
                {(i < last).then_some(move || if locale.get() == Language::Ar { "، " } else { ", " })}
            }
        })
        .collect_view()
}

/// Who may answer, in words: "Associations · wilayas 06, 16 · fields: Youth · verified only".
pub(crate) fn audience_text(lang: Language, respondent: Respondent, audience: &Audience) -> String {
    let separator = if lang == Language::Ar { "، " } else { ", " };
    let mut parts = vec![
        text(
            lang,
            match respondent {
                Respondent::Association => k::CONSULT_RESPONDENT_ASSOCIATION_LONG,
                Respondent::Member => k::CONSULT_RESPONDENT_MEMBER_LONG,
            },
        )
        .to_owned(),
    ];
    if audience.is_everyone() {
        parts.push(text(lang, k::CONSULT_AUDIENCE_EVERYONE).to_owned());
    }
    if !audience.wilayas.is_empty() {
        parts.push(crate::i18n::format(
            lang,
            k::CONSULT_AUDIENCE_WILAYAS,
            &[("list", &audience.wilayas.join(separator))],
        ));
    }
    if !audience.fields.is_empty() {
        let fields: Vec<String> = audience.fields.iter().map(|f| label(lang, "activity", f.as_str())).collect();
        parts.push(crate::i18n::format(lang, k::CONSULT_AUDIENCE_FIELDS, &[("list", &fields.join(separator))]));
    }
    if !audience.categories.is_empty() {
        let cats: Vec<String> = audience.categories.iter().map(|c| label(lang, "category", c.as_str())).collect();
        parts.push(crate::i18n::format(lang, k::CONSULT_AUDIENCE_CATEGORIES, &[("list", &cats.join(separator))]));
    }
    if audience.verified_only {
        parts.push(text(lang, k::CONSULT_AUDIENCE_VERIFIED).to_owned());
    }
    parts.join(" · ")
}

/// "opens 10 Jan 2027, 08:00 – closes 10 Feb 2027, 18:00".
pub(crate) fn dates_text(lang: Language, opens_at: DateTime<Utc>, closes_at: DateTime<Utc>) -> String {
    crate::i18n::format(
        lang,
        k::CONSULT_DATES,
        &[
            ("opens", &crate::i18n::format_datetime(lang, opens_at)),
            ("closes", &crate::i18n::format_datetime(lang, closes_at)),
        ],
    )
}

/// A question's kind in words.
pub(crate) fn kind_label(lang: Language, kind: SurveyQuestionKind) -> String {
    label(lang, "consult.kind", kind.as_str())
}

/// `2027-01-10T08:00` in the browser's time zone, for a `datetime-local` input.
pub(crate) fn to_local_input(at: DateTime<Utc>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A `datetime-local` input's value (the browser's time zone) as an instant.
pub(crate) fn from_local_input(value: &str) -> Option<DateTime<Utc>> {
    if value.trim().is_empty() {
        return None;
    }
    let millis = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    if millis.is_nan() {
        return None;
    }
    DateTime::<Utc>::from_timestamp_millis(millis as i64)
}
