//! Consultations in the browser: the list, a consultation's page with its phases and the organisers'
//! actions, the questionnaire as a respondent answers it (drafts saved as you go), the results as
//! charts with their tables, and the organisers' editor with its questionnaire builder.

mod answer;
mod answer_form;
mod builder;
mod controls;
mod detail;
mod editor;
mod list;
mod question_editor;
mod results;

pub use answer::AnswerPage;
pub use detail::ConsultationPage;
pub use editor::{EditConsultation, NewConsultation};
pub use list::Consultations;
pub use results::ResultsPage;

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use madani_shared::consultations::*;
use madani_shared::ids::ConsultationId;
use madani_shared::text::Language;

use crate::components::label::label;
use crate::i18n::{k, text, use_locale};
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
    organisers
        .iter()
        .map(|o| match &o.acronym {
            Some(a) if !a.is_empty() => format!("{} ({a})", o.name.get(lang)),
            _ => o.name.get(lang).to_owned(),
        })
        .collect::<Vec<_>>()
        .join(separator)
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
