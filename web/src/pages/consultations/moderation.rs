//! `/consultations/:id/moderation` (its organisers): the queue of reported and hidden proposals and
//! comments — each with its text, its author, its reports and why it is hidden — to hide, restore
//! or dismiss with a reason its author reads; blocking an author from the consultation, and the
//! people blocked, to unblock.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::consultations::*;
use madani_shared::endpoints::{
    BlockFromConsultation, DecideModeration, GetConsultation, ListBlocks, ModerationQueue, UnblockFromConsultation,
};
use madani_shared::ids::{ConsultationId, UserId};

use super::{check_scoped, consultation_href, focus_soon, proposal_href, scoped_error, session_ready};
use crate::app::use_title;
use crate::components::form::{BusyButton, ErrorSummary, FormState, SubmitButton, TextAreaField};
use crate::components::label::label;
use crate::components::loaded::{Loaded, fetched, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::components::search::{Search, SearchResults};
use crate::components::states::Forbidden;
use crate::i18n::{format, format_datetime, k, plural, text, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn ModerationPage() -> impl IntoView {
    use_title(k::MODERATION_TITLE);
    let session = use_session();
    let consultation = read_of(param::<ConsultationId>("id"), move |id| async move {
        session_ready(session).await;
        session.call::<GetConsultation>(id, &()).await
    });
    view! {
        <div class="page">
            <Loaded resource=consultation title=k::MODERATION_TITLE let:c>
                {if c.viewer.organiser {
                    view! { <Moderation c /> }.into_any()
                } else {
                    view! { <BackLink href=consultation_href(c.summary.id) label=k::CONSULT_BACK_TO_ONE /> <Forbidden title=k::MODERATION_TITLE /> }.into_any()
                }}
            </Loaded>
        </div>
    }
}

#[component]
fn Moderation(c: Consultation) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = c.summary.id;
    let title = c.summary.title.clone();
    let status = RwSignal::new(ModerationStatus::Pending.as_str().to_owned());
    // Blocking or unblocking someone: the list of blocks loads again.
    let blocks_changed = RwSignal::new(0u32);
    let search = Search::new(move |cursor| {
        let query = ModerationQuery { status: ModerationStatus::parse(&status.get()), limit: None, cursor };
        async move { session.call::<ModerationQueue>(id, &query).await }
    });
    view! {
        <div class="stack stack--loose moderation">
            <div class="page__header stack stack--tight">
                <BackLink href=consultation_href(id) label=k::CONSULT_BACK_TO_ONE />
                <h1 class="page__title" id="moderation-title">
                    <span class="results__kicker">{tr(k::MODERATION_TITLE)}</span>
                    <span dir="auto">{move || title.get(locale.get()).to_owned()}</span>
                </h1>
                <p class="lead">{tr(k::MODERATION_LEAD)}</p>
            </div>
            <section class="stack" aria-labelledby="moderation-queue-title">
                <h2 id="moderation-queue-title">{tr(k::MODERATION_QUEUE)}</h2>
                <div class="field">
                    <label class="field__label" for="moderation-status">{tr(k::MODERATION_STATUS)}</label>
                    <select class="select" id="moderation-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        {ModerationStatus::ALL.iter().map(|s| {
                            let value = s.as_str();
                            view! { <option value=value selected=move || status.get() == value>{move || label(locale.get(), "moderation.status", value)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <SearchResults search empty_message=k::MODERATION_EMPTY more_id="moderation-more">
                    <ul class="list moderation__items" id="moderation-items">
                        {move || search.items.get().into_iter().map(|item| view! { <ItemView consultation=id item search blocks_changed /> }).collect_view()}
                    </ul>
                </SearchResults>
            </section>
            <Blocks consultation=id changed=blocks_changed />
        </div>
    }
}

/// Which of an item's forms is open.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Decide(ModerationAction),
    Block,
}

#[component]
fn ItemView(
    consultation: ConsultationId,
    item: ModerationItem,
    search: Search<madani_shared::Page<ModerationItem>>,
    blocks_changed: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let open: RwSignal<Option<Open>> = RwSignal::new(None);
    let base = format!("m-{}", item.id);
    let kind = item.kind;
    let href = match kind {
        ModeratedKind::Proposal => proposal_href(item.proposal_id),
        ModeratedKind::Comment => format!("{}#comment-{}", proposal_href(item.proposal_id), item.id),
    };
    let pending = item.pending_reports;
    let hidden = item.hidden;
    let reports = item.reports.clone();
    let actions: Vec<(ModerationAction, usize)> = [
        (!hidden).then_some((ModerationAction::Hide, k::MODERATION_HIDE)),
        hidden.then_some((ModerationAction::Restore, k::MODERATION_RESTORE)),
        (pending > 0 && !hidden).then_some((ModerationAction::Dismiss, k::MODERATION_DISMISS)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let item2 = item.clone();
    view! {
        <li class="list__item moderation-item" id=base.clone() data-kind=kind.as_str()>
            <div class="stack stack--tight">
                <p class="cluster">
                    <span class="badge badge--info">{move || label(locale.get(), "moderation.kind", kind.as_str())}</span>
                    {hidden.then(|| view! { <span class="badge badge--warning">{tr(k::MODERATION_HIDDEN)}</span> })}
                    {(pending > 0).then(|| view! { <span class="badge badge--danger">{move || plural(locale.get(), "moderation.reports_count", pending)}</span> })}
                </p>
                <p class="moderation-item__text" dir="auto">{item.text.clone()}</p>
                <p class="list__meta">
                    <bdi>{item.author_name.clone()}</bdi>
                    {item.author_blocked.then(|| view! { " · " <span>{tr(k::MODERATION_BLOCKED)}</span> })}
                    " · "
                    <A href=href>{tr(k::MODERATION_SEE)}</A>
                </p>
                {hidden.then(|| {
                    let reason = item.hidden_reason.clone();
                    let at = item.hidden_at;
                    view! {
                        <p class="list__meta">
                            {move || match &reason {
                                Some(r) => format(locale.get(), k::MODERATION_HIDDEN_BECAUSE, &[("reason", r)]),
                                None => text(locale.get(), k::MODERATION_HIDDEN_BY_REPORTS).to_owned(),
                            }}
                            {at.map(|at| view! { " · " <bdi>{move || format_datetime(locale.get(), at)}</bdi> })}
                        </p>
                    }
                })}
                {(!reports.is_empty()).then(|| view! {
                    <details class="moderation-item__reports">
                        <summary>{tr(k::MODERATION_REPORTS)}</summary>
                        <ul class="moderation-reports">
                            {reports.into_iter().map(|r| {
                                let at = r.created_at;
                                let reason = r.reason;
                                view! {
                                    <li>
                                        <strong>{move || label(locale.get(), "report.reason", reason.as_str())}</strong>
                                        {r.details.map(|d| view! { " — " <span dir="auto">{d}</span> })}
                                        <span class="list__meta"> " · " <bdi>{r.reporter_name}</bdi> " · " <bdi>{move || format_datetime(locale.get(), at)}</bdi></span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </details>
                })}
                <div class="cluster">
                    {actions.into_iter().map(|(action, key)| view! {
                        <button type="button" class="btn btn--secondary btn--small" id=format!("{base}-{}", action.as_str())
                            aria-expanded=move || if open.get() == Some(Open::Decide(action)) { "true" } else { "false" }
                            on:click=move |_| open.set(Some(Open::Decide(action)))>{tr(key)}</button>
                    }).collect_view()}
                    {(!item.author_blocked).then(|| view! {
                        <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-block")
                            aria-expanded=move || if open.get() == Some(Open::Block) { "true" } else { "false" }
                            on:click=move |_| open.set(Some(Open::Block))>{tr(k::MODERATION_BLOCK)}</button>
                    })}
                </div>
                {move || open.get().map(|which| {
                    let item = item2.clone();
                    match which {
                        Open::Decide(action) => view! { <DecideForm consultation item action open search /> }.into_any(),
                        Open::Block => view! { <BlockForm consultation item open search blocks_changed /> }.into_any(),
                    }
                })}
            </div>
        </li>
    }
}

/// Hide, restore or dismiss, with the reason its author reads.
#[component]
fn DecideForm(
    consultation: ConsultationId,
    item: ModerationItem,
    action: ModerationAction,
    open: RwSignal<Option<Open>>,
    search: Search<madani_shared::Page<ModerationItem>>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let base = format!("m-{}-{}", item.id, action.as_str());
    let (kind, id) = (item.kind, item.id);
    let toast = match action {
        ModerationAction::Hide => k::MODERATION_HIDDEN_TOAST,
        ModerationAction::Restore => k::MODERATION_RESTORED_TOAST,
        ModerationAction::Dismiss => k::MODERATION_DISMISSED_TOAST,
    };
    let decide = Mutation::new(move |request: ModerationDecision| async move {
        session.call::<DecideModeration>(consultation, &request).await.map_err(scoped_error("moderation"))
    })
    .form(form)
    .toast(toast)
    .then(move |decided| {
        search.items.try_update(|list| {
            if let Some(x) = list.iter_mut().find(|x| x.id == decided.id) {
                *x = decided;
            }
        });
        open.try_set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = ModerationDecision { kind, id, action, reason: reason.get_untracked().trim().to_owned() };
        if check_scoped(form, "moderation", &request) {
            decide.dispatch(request);
        }
    };
    let (label_key, submit_key) = match action {
        ModerationAction::Hide => (k::MODERATION_REASON_HIDE, k::MODERATION_HIDE),
        ModerationAction::Restore => (k::MODERATION_REASON_RESTORE, k::MODERATION_RESTORE),
        ModerationAction::Dismiss => (k::MODERATION_REASON_DISMISS, k::MODERATION_DISMISS),
    };
    focus_soon(format!("{base}-reason"));
    view! {
        <form class="stack stack--tight moderation-form" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <TextAreaField id=format!("{base}-reason") field="moderation.reason" label=label_key value=reason form rows=3 hint=k::MODERATION_REASON_HINT />
            <div class="cluster">
                <SubmitButton label=submit_key form=form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| open.set(None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

/// Block an item's author from the consultation, with a reason.
#[component]
fn BlockForm(
    consultation: ConsultationId,
    item: ModerationItem,
    open: RwSignal<Option<Open>>,
    search: Search<madani_shared::Page<ModerationItem>>,
    blocks_changed: RwSignal<u32>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let base = format!("m-{}-block", item.id);
    let author: UserId = item.author_id;
    let block = Mutation::new(move |request: BlockUser| async move {
        session.call::<BlockFromConsultation>((consultation, author), &request).await.map_err(scoped_error("block"))
    })
    .form(form)
    .toast(k::MODERATION_BLOCKED_TOAST)
    .then(move |_| {
        search
            .items
            .try_update(|list| list.iter_mut().filter(|x| x.author_id == author).for_each(|x| x.author_blocked = true));
        blocks_changed.try_update(|n| *n += 1);
        open.try_set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = BlockUser { reason: reason.get_untracked().trim().to_owned() };
        if check_scoped(form, "block", &request) {
            block.dispatch(request);
        }
    };
    focus_soon(format!("{base}-reason"));
    view! {
        <form class="stack stack--tight moderation-form" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <TextAreaField id=format!("{base}-reason") field="block.reason" label=k::MODERATION_BLOCK_REASON value=reason form rows=3 hint=k::MODERATION_BLOCK_HINT />
            <div class="cluster">
                <SubmitButton label=k::MODERATION_BLOCK form=form class="btn btn--danger btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| open.set(None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

/// The people blocked from the consultation, each with the reason, to unblock.
#[component]
fn Blocks(consultation: ConsultationId, changed: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let unblock = Mutation::new(move |user: UserId| async move {
        session.call::<UnblockFromConsultation>((consultation, user), &()).await
    })
    .toast(k::MODERATION_UNBLOCKED_TOAST);
    let blocks = LocalResource::new(move || {
        changed.track();
        unblock.version().track();
        async move { fetched(session.call::<ListBlocks>(consultation, &()).await) }
    });
    view! {
        <section class="card stack" aria-labelledby="blocks-title" id="blocks">
            <h2 class="card__title" id="blocks-title">{tr(k::MODERATION_BLOCKS)}</h2>
            <Loaded resource=blocks is_empty=Vec::is_empty empty_message=k::MODERATION_BLOCKS_EMPTY let:list>
                <ul class="list" id="blocks-list">
                    {list.into_iter().map(|b| {
                        let at = b.blocked_at;
                        let user = b.user_id;
                        view! {
                            <li class="list__item">
                                <div class="stack stack--tight">
                                    <strong><bdi>{b.name}</bdi></strong>
                                    <p class="list__meta" dir="auto">{b.reason}</p>
                                    <p class="list__meta">{move || format_datetime(locale.get(), at)}</p>
                                </div>
                                <BusyButton busy=unblock.pending() attr:class="btn btn--secondary btn--small" attr:id=format!("unblock-{user}")
                                    on:click=move |_| unblock.dispatch(user)>
                                    {tr(k::MODERATION_UNBLOCK)}
                                </BusyButton>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Loaded>
        </section>
    }
}
