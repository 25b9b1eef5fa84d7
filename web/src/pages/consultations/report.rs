//! Reporting a proposal or a comment to the consultation's moderators: a "Report" button opens a
//! small form (why, and optionally more details); once sent, the button gives way to "Reported".

use leptos::prelude::*;
use madani_shared::consultations::*;
use madani_shared::endpoints::{ReportComment, ReportProposal};
use madani_shared::ids::{CommentId, ProposalId};

use super::{check_scoped, focus_soon, scoped_error};
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextAreaField};
use crate::components::label::label_options;
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr};
use crate::session::use_session;

/// What is reported.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Reported {
    Proposal(ProposalId),
    Comment(CommentId),
}

impl Reported {
    /// The prefix of the form's ids.
    fn base(self) -> String {
        let id = match self {
            Reported::Proposal(id) => id.to_string(),
            Reported::Comment(id) => id.to_string(),
        };
        format!("report-{id}")
    }
}

/// "Report" (opening the form), or "Reported" once the viewer has.
#[component]
pub(super) fn ReportButton(what: Reported, reported: RwSignal<bool>) -> impl IntoView {
    let open = RwSignal::new(false);
    let base = what.base();
    let form_id = format!("{base}-form");
    let button_id = format!("{base}-open");
    let close = {
        let button_id = button_id.clone();
        Callback::new(move |sent: bool| {
            open.set(false);
            if sent {
                reported.set(true);
            } else {
                focus_soon(button_id.clone());
            }
        })
    };
    view! {
        <Show
            when=move || !reported.get()
            fallback=|| view! { <span class="badge report__done" data-reported="true">{tr(k::REPORT_DONE)}</span> }
        >
            <button type="button" class="btn btn--ghost btn--small report__open" id=button_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=form_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)>
                {tr(k::REPORT_OPEN)}
            </button>
        </Show>
        <Show when=move || open.get()>
            <ReportForm what on_close=close />
        </Show>
    }
}

#[component]
fn ReportForm(what: Reported, on_close: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let reason = RwSignal::new(ReportReason::Spam.as_str().to_owned());
    let details = RwSignal::new(String::new());
    let base = what.base();
    let send = Mutation::new(move |request: CreateReport| async move {
        let answer = match what {
            Reported::Proposal(id) => session.call::<ReportProposal>(id, &request).await,
            Reported::Comment(id) => session.call::<ReportComment>(id, &request).await,
        };
        answer.map_err(scoped_error("report"))
    })
    .form(form)
    .toast(k::REPORT_SENT)
    .then(move |_| on_close.run(true));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateReport {
            reason: ReportReason::parse(&reason.get_untracked()).unwrap_or(ReportReason::Other),
            details: Some(details.get_untracked().trim().to_owned()).filter(|d| !d.is_empty()),
        };
        if check_scoped(form, "report", &request) {
            send.dispatch(request);
        }
    };
    focus_soon(format!("{base}-reason"));
    view! {
        <form class="stack stack--tight report" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <SelectField id=format!("{base}-reason") field="report.reason" label=k::REPORT_REASON value=reason form
                options=label_options("report.reason", ReportReason::ALL.iter().map(|r| r.as_str())) />
            <TextAreaField id=format!("{base}-details") field="report.details" label=k::REPORT_DETAILS value=details form
                hint=k::REPORT_DETAILS_HINT rows=3 />
            <div class="cluster">
                <SubmitButton label=k::REPORT_SEND form=form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| on_close.run(false)>
                    {tr(k::COMMON_CANCEL)}
                </button>
            </div>
        </form>
    }
}
