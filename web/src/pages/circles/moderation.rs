//! A circle's moderation queue, for its moderators and administrators: the reported or hidden
//! posts (waiting by default, or hidden, or all), each with its reports; hide it (its author reads
//! the reason), restore it, or dismiss its reports — always with a reason, which is audited.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::Page;
use madani_shared::circles::{CircleModerationDecision, CircleModerationItem, CircleModerationQuery};
use madani_shared::consultations::{ModerationAction, ModerationStatus, ReportReason};
use madani_shared::endpoints::{CircleModerationQueue, DecideCircleModeration};
use madani_shared::ids::CircleId;

use super::{REPORTS, counted, focus_soon, thread_href};
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextAreaField};
use crate::components::mutation::Mutation;
use crate::components::search::{Search, SearchResults};
use crate::i18n::{format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

type Queue = Search<Page<CircleModerationItem>>;

pub(super) fn reason_key(reason: ReportReason) -> usize {
    match reason {
        ReportReason::Spam => k::CIRCLE_REPORT_SPAM,
        ReportReason::Offensive => k::CIRCLE_REPORT_OFFENSIVE,
        ReportReason::OffTopic => k::CIRCLE_REPORT_OFF_TOPIC,
        ReportReason::Other => k::CIRCLE_REPORT_OTHER,
    }
}

fn status_key(status: ModerationStatus) -> usize {
    match status {
        ModerationStatus::Pending => k::CIRCLE_MOD_PENDING,
        ModerationStatus::Hidden => k::CIRCLE_MOD_HIDDEN,
        ModerationStatus::All => k::CIRCLE_MOD_ALL,
    }
}

#[component]
pub(super) fn Moderation(circle: CircleId) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let status = RwSignal::new(ModerationStatus::Pending.as_str().to_owned());
    let search: Queue = Search::new(move |cursor| {
        let query = CircleModerationQuery { status: ModerationStatus::parse(&status.get()), limit: None, cursor };
        async move { session.call::<CircleModerationQueue>(circle, &query).await }
    });
    view! {
        <section class="card stack" aria-labelledby="circle-moderation-title" id="circle-moderation">
            <h2 class="card__title" id="circle-moderation-title">{tr(k::CIRCLE_MOD_TITLE)}</h2>
            <div class="field">
                <label class="field__label" for="circle-moderation-status">{tr(k::CIRCLE_MOD_STATUS)}</label>
                <select class="select" id="circle-moderation-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    {ModerationStatus::ALL.iter().map(|s| {
                        let (value, key) = (s.as_str(), status_key(*s));
                        view! { <option value=value selected=move || status.get() == value>{move || text(locale.get(), key)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <SearchResults search empty_message=k::CIRCLE_MOD_EMPTY more_id="circle-moderation-more">
                <ul class="list" id="circle-moderation-items">
                    {move || search.items.get().into_iter().map(|item| view! { <ItemView circle item search /> }).collect_view()}
                </ul>
            </SearchResults>
        </section>
    }
}

#[component]
fn ItemView(circle: CircleId, item: CircleModerationItem, search: Queue) -> impl IntoView {
    let locale = use_locale();
    let open: RwSignal<Option<ModerationAction>> = RwSignal::new(None);
    let base = format!("cm-{}", item.post_id);
    let (pending, hidden) = (item.pending_reports, item.hidden);
    let actions: Vec<(ModerationAction, usize)> = [
        (!hidden).then_some((ModerationAction::Hide, k::CIRCLE_MOD_HIDE)),
        hidden.then_some((ModerationAction::Restore, k::CIRCLE_MOD_RESTORE)),
        (pending > 0 && !hidden).then_some((ModerationAction::Dismiss, k::CIRCLE_MOD_DISMISS)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let reports = item.reports.clone();
    let reason = item.hidden_reason.clone();
    let hidden_at = item.hidden_at;
    let href = format!("{}#post-{}", thread_href(item.thread_id), item.post_id);
    let post = item.post_id;
    view! {
        <li class="list__item circle-mod-item" id=base.clone()>
            <div class="stack stack--tight">
                <p class="cluster">
                    {hidden.then(|| view! { <span class="badge badge--warning">{tr(k::CIRCLE_POST_HIDDEN_BADGE)}</span> })}
                    {(pending > 0).then(|| view! { <span class="badge badge--danger">{move || counted(locale.get(), pending, REPORTS)}</span> })}
                </p>
                <p><A href=href><bdi>{item.thread_title.clone()}</bdi></A></p>
                <p class="circle-mod-item__text" dir="auto">{item.text.clone()}</p>
                {item.author_name.clone().map(|a| view! { <p class="list__meta"><bdi>{a}</bdi></p> })}
                {hidden.then(|| view! {
                    <p class="list__meta">
                        {move || match &reason {
                            Some(r) => text(locale.get(), k::CIRCLE_MOD_HIDDEN_BECAUSE).replace("{reason}", r),
                            None => text(locale.get(), k::CIRCLE_MOD_HIDDEN_BY_REPORTS).to_owned(),
                        }}
                        {hidden_at.map(|at| view! { " · " <bdi>{move || format_datetime(locale.get(), at)}</bdi> })}
                    </p>
                })}
                {(!reports.is_empty()).then(|| view! {
                    <details class="circle-mod-item__reports">
                        <summary>{tr(k::CIRCLE_MOD_REPORTS)}</summary>
                        <ul>
                            {reports.into_iter().map(|r| {
                                let (at, reason) = (r.created_at, r.reason);
                                view! {
                                    <li>
                                        <strong>{move || text(locale.get(), reason_key(reason))}</strong>
                                        {r.details.map(|d| view! { " — " <span dir="auto">{d}</span> })}
                                        <span class="list__meta">" · " <bdi>{r.reporter_name}</bdi> " · " <bdi>{move || format_datetime(locale.get(), at)}</bdi></span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </details>
                })}
                <div class="cluster">
                    {actions.into_iter().map(|(action, key)| view! {
                        <button type="button" class="btn btn--secondary btn--small" id=format!("{base}-{}", action.as_str())
                            aria-expanded=move || if open.get() == Some(action) { "true" } else { "false" }
                            on:click=move |_| open.set(Some(action))>{tr(key)}</button>
                    }).collect_view()}
                </div>
                {move || open.get().map(|action| view! { <DecideForm circle post action open search /> })}
            </div>
        </li>
    }
}

/// Hide, restore or dismiss, with a reason (the author reads a hiding's).
#[component]
fn DecideForm(
    circle: CircleId,
    post: madani_shared::ids::PostId,
    action: ModerationAction,
    open: RwSignal<Option<ModerationAction>>,
    search: Queue,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let base = format!("cm-{post}-{}", action.as_str());
    let (label, submit_key, toast) = match action {
        ModerationAction::Hide => (k::CIRCLE_MOD_REASON_HIDE, k::CIRCLE_MOD_HIDE, k::CIRCLE_MOD_HIDDEN_TOAST),
        ModerationAction::Restore => {
            (k::CIRCLE_MOD_REASON_RESTORE, k::CIRCLE_MOD_RESTORE, k::CIRCLE_MOD_RESTORED_TOAST)
        }
        ModerationAction::Dismiss => {
            (k::CIRCLE_MOD_REASON_DISMISS, k::CIRCLE_MOD_DISMISS, k::CIRCLE_MOD_DISMISSED_TOAST)
        }
    };
    let decide = Mutation::new(move |request: CircleModerationDecision| async move {
        session.call::<DecideCircleModeration>(circle, &request).await
    })
    .form(form)
    .toast(toast)
    .then(move |decided| {
        search.items.try_update(|list| {
            if let Some(x) = list.iter_mut().find(|x| x.post_id == decided.post_id) {
                *x = decided;
            }
        });
        open.try_set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        decide.submit(CircleModerationDecision {
            post_id: post,
            action,
            reason: reason.get_untracked().trim().to_owned(),
        });
    };
    focus_soon(format!("{base}-reason"));
    view! {
        <form class="stack stack--tight circle-panel" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form />
            <TextAreaField id=format!("{base}-reason") field="reason" label value=reason form rows=3 hint=k::CIRCLE_MOD_REASON_HINT />
            <div class="cluster">
                <SubmitButton label=submit_key form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| open.set(None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
