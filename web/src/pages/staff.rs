//! The observatory's pages beside the verification queue: bulk import of associations from CSV
//! (dry run, progress, row-level report) and the audit log of staff actions.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use madani_shared::ClientError;
use madani_shared::associations::*;
use madani_shared::endpoints::*;
use madani_shared::page::{Page, PageQuery};

use crate::app::use_title;
use crate::components::states::{EmptyState, ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{format, format_datetime, k, key_index, plural, text, tr, use_locale};
use crate::pages::account::RequireAuth;
use crate::session::{sleep, use_session};

/// Links between the staff pages.
#[component]
pub fn StaffTabs() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label=tr(k::STAFF_NAV)>
            <A href="/staff/verification">{tr(k::NAV_VERIFICATION)}</A>
            <A href="/staff/import">{tr(k::IMPORT_TITLE)}</A>
            <A href="/staff/audit">{tr(k::AUDIT_TITLE)}</A>
        </nav>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    use_title(k::IMPORT_TITLE);
    view! {
        <RequireAuth>
            <Import />
        </RequireAuth>
    }
}

#[component]
fn Import() -> impl IntoView {
    use wasm_bindgen::JsCast;
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let dry_run = RwSignal::new(true);
    let job: RwSignal<Option<ImportJob>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = document()
            .get_element_by_id("import-file")
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(picked) = picked else {
            toasts.error(text(locale.get_untracked(), k::IMPORT_CHOOSE_FIRST));
            return;
        };
        let dry = dry_run.get_untracked();
        busy.set(true);
        job.set(None);
        spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(picked.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                Err(_) => Vec::new(),
            };
            let query: &[(&str, &str)] = if dry { &[("dry_run", "true")] } else { &[] };
            let mut current = match session.upload::<ImportAssociations>(&[], query, bytes, "text/csv".into()).await {
                Ok(started) => started,
                Err(e) => {
                    busy.try_set(false);
                    toasts.error(problem_text(locale.get_untracked(), &e));
                    return;
                }
            };
            // Follow it until it is done; the page may be left meanwhile.
            loop {
                if job.try_set(Some(current.clone())).is_some() {
                    return;
                }
                if matches!(current.status, ImportStatus::Succeeded | ImportStatus::Failed) {
                    break;
                }
                sleep(Duration::from_millis(500)).await;
                match session.call::<GetImport>(&[&current.id], &()).await {
                    Ok(next) => current = next,
                    Err(e) => {
                        toasts.error(problem_text(locale.get_untracked(), &e));
                        break;
                    }
                }
            }
            busy.try_set(false);
        });
    };
    let status = move |j: &ImportJob| -> String {
        let lang = locale.get();
        match (j.status, j.dry_run) {
            (ImportStatus::Validating, _) => format(
                lang,
                k::IMPORT_CHECKING,
                &[("done", &j.processed_rows.to_string()), ("total", &j.total_rows.to_string())],
            ),
            (ImportStatus::Writing, _) => text(lang, k::IMPORT_WRITING).to_owned(),
            (ImportStatus::Succeeded, true) => format(lang, k::IMPORT_DRY_OK, &[("total", &j.total_rows.to_string())]),
            (ImportStatus::Succeeded, false) => plural(lang, "import.done", j.created),
            (ImportStatus::Failed, _) => plural(lang, "import.failed", j.errors.len() as i64),
        }
    };
    view! {
        <div class="page">
            <div class="page__header stack">
                <h1 class="page__title">{tr(k::IMPORT_TITLE)}</h1>
                <StaffTabs />
                <p class="lead">{tr(k::IMPORT_LEAD)}</p>
            </div>
            <form class="card stack" id="import-form" on:submit=start>
                <div class="field">
                    <label class="field__label" for="import-file">{tr(k::IMPORT_FILE)}</label>
                    <input class="input" id="import-file" type="file" accept=".csv,text/csv" aria-describedby="import-file-hint" />
                    <p class="field__hint" id="import-file-hint">{tr(k::IMPORT_FILE_HINT)}</p>
                </div>
                <label class="checkbox">
                    <input type="checkbox" id="import-dry-run" prop:checked=move || dry_run.get() on:change=move |ev| dry_run.set(event_target_checked(&ev)) />
                    {tr(k::IMPORT_DRY_RUN)}
                </label>
                <div class="form-actions">
                    <button type="submit" class="btn btn--primary" disabled=move || busy.get()>{tr(k::IMPORT_START)}</button>
                </div>
            </form>
            {move || job.get().map(|j| {
                let finished = matches!(j.status, ImportStatus::Succeeded | ImportStatus::Failed);
                let alert = match j.status {
                    ImportStatus::Succeeded => "alert alert--success",
                    ImportStatus::Failed => "alert alert--error",
                    _ => "alert alert--info",
                };
                let errors = j.errors.clone();
                view! {
                    <section class="card stack" aria-labelledby="import-result-title" id="import-result">
                        <h2 class="card__title" id="import-result-title">{tr(k::IMPORT_RESULT)}</h2>
                        <progress
                            max=j.total_rows.max(1).to_string()
                            value=j.processed_rows.to_string()
                            aria-label=tr(k::IMPORT_PROGRESS)
                        ></progress>
                        <p class=alert role="status" id="import-status">{status(&j)}</p>
                        {(finished && !errors.is_empty()).then(|| view! {
                            // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
                            <div class="table-wrap" tabindex="0" role="region" aria-label=tr(k::IMPORT_ERRORS)>
                                <table class="table" id="import-errors">
                                    <caption class="sr-only">{tr(k::IMPORT_ERRORS)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(k::IMPORT_ROW)}</th>
                                            <th scope="col">{tr(k::IMPORT_COLUMN)}</th>
                                            <th scope="col">{tr(k::IMPORT_PROBLEM)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {errors.into_iter().take(500).map(|e| view! {
                                            <tr>
                                                <td>{e.row}</td>
                                                <td><code>{e.field}</code></td>
                                                <td>{e.message}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                    </section>
                }
            })}
        </div>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    use_title(k::AUDIT_TITLE);
    view! {
        <RequireAuth>
            <Audit />
        </RequireAuth>
    }
}

/// The translated name of an audit action, or the action itself.
fn action_label(lang: madani_shared::text::Language, action: &str) -> String {
    key_index(&format!("audit.action.{}", action.replace('.', "_")))
        .map(|key| text(lang, key).to_owned())
        .unwrap_or_else(|| action.to_owned())
}

#[component]
fn Audit() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let entries: RwSignal<Vec<AuditEntry>> = RwSignal::new(Vec::new());
    let next: RwSignal<Option<String>> = RwSignal::new(None);
    let state: RwSignal<Option<Result<(), Arc<ClientError>>>> = RwSignal::new(None);
    let load = move |cursor: Option<String>| {
        spawn_local(async move {
            let query = PageQuery { limit: Some(50), cursor: cursor.clone() };
            match session.call::<ListAuditLog>(&[], &query).await {
                Ok(Page { items, next_cursor }) => {
                    if cursor.is_some() {
                        entries.try_update(|list| list.extend(items));
                    } else {
                        entries.try_set(items);
                    }
                    next.try_set(next_cursor);
                    state.try_set(Some(Ok(())));
                }
                Err(e) => {
                    state.try_set(Some(Err(Arc::new(e))));
                }
            }
        });
    };
    load(None);
    view! {
        <div class="page">
            <div class="page__header stack">
                <h1 class="page__title">{tr(k::AUDIT_TITLE)}</h1>
                <StaffTabs />
                <p class="lead">{tr(k::AUDIT_LEAD)}</p>
            </div>
            {move || match state.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(Err(e)) => {
                    let message = Signal::derive(move || problem_text(locale.get(), &e));
                    view! { <ErrorState message=message on_retry=Callback::new(move |_| load(None)) /> }.into_any()
                }
                Some(Ok(())) if entries.with(Vec::is_empty) => view! { <EmptyState message=k::AUDIT_EMPTY /> }.into_any(),
                Some(Ok(())) => view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=tr(k::AUDIT_TITLE)>
                        <table class="table" id="audit-log">
                            <caption class="sr-only">{tr(k::AUDIT_TITLE)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tr(k::AUDIT_WHEN)}</th>
                                    <th scope="col">{tr(k::AUDIT_WHO)}</th>
                                    <th scope="col">{tr(k::AUDIT_WHAT)}</th>
                                    <th scope="col">{tr(k::AUDIT_WHY)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || entries.get().into_iter().map(|e| {
                                    let href = if e.action.starts_with("association.") && e.action != "association.imported" {
                                        Some(format!("/associations/{}", e.target_id))
                                    } else if e.action.starts_with("course.") {
                                        Some(format!("/courses/{}", e.target_id))
                                    } else {
                                        None
                                    };
                                    let action = e.action.clone();
                                    view! {
                                        <tr>
                                            <td>{move || format_datetime(locale.get(), e.created_at)}</td>
                                            <td>{e.actor_name.clone().unwrap_or_else(|| "—".into())}</td>
                                            <td>
                                                {move || action_label(locale.get(), &action)}
                                                {href.clone().map(|href| view! { " · " <A href=href>{tr(k::AUDIT_OPEN)}</A> })}
                                            </td>
                                            <td dir="auto">{e.reason.clone().unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Show when=move || next.with(Option::is_some)>
                        <button type="button" class="btn btn--secondary" on:click=move |_| load(next.get_untracked())>
                            {tr(k::COMMON_LOAD_MORE)}
                        </button>
                    </Show>
                }
                    .into_any(),
            }}
        </div>
    }
}
