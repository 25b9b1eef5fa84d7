//! The observatory's pages beside the verification queue: bulk import of associations from CSV
//! (dry run, progress, row-level report) and the audit log of staff actions.

mod columns;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::FieldError;
use madani_shared::associations::*;
use madani_shared::endpoints::*;
use madani_shared::page::PageQuery;

use crate::components::form::{ErrorSummary, FormState, Labelled, described_by, invalid};
use crate::components::mutation::Mutation;
use crate::components::page::StaffHeader;
use crate::components::search::{Search, SearchResults};
use crate::components::table::Table;
use crate::components::upload::file_bytes;
use crate::i18n::{format, format_datetime, k, key_index, plural, text, tr, use_locale};
use crate::session::{sleep, use_session};
use columns::ImportColumns;

#[component]
pub fn ImportPage() -> impl IntoView {
    use wasm_bindgen::JsCast;
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let dry_run = RwSignal::new(true);
    let job: RwSignal<Option<ImportJob>> = RwSignal::new(None);
    // Send the file, then follow the job until it is done (the page may be left meanwhile).
    let import = Mutation::new(move |(file, dry): (web_sys::File, bool)| async move {
        let bytes = file_bytes(&file).await;
        let query: &[(&str, &str)] = if dry { &[("dry_run", "true")] } else { &[] };
        let mut current = session.upload::<ImportAssociations>((), query, bytes, "text/csv".into()).await?;
        while job.try_set(Some(current.clone())).is_none()
            && !matches!(current.status, ImportStatus::Succeeded | ImportStatus::Failed)
        {
            sleep(Duration::from_millis(500)).await;
            current = session.call::<GetImport>(current.id, &()).await?;
        }
        Ok(())
    })
    .form(form);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = document()
            .get_element_by_id("import-file")
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(picked) = picked else {
            let message = String::new();
            form.show(vec![FieldError { field: "file".into(), code: "required".into(), message }]);
            return;
        };
        job.set(None);
        import.dispatch((picked, dry_run.get_untracked()));
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
            <StaffHeader title=k::IMPORT_TITLE lead=k::IMPORT_LEAD />
            <form class="card stack" id="import-form" on:submit=start novalidate=true>
                <ErrorSummary form=form />
                <Labelled id="import-file" label=k::IMPORT_FILE hint=k::IMPORT_FILE_HINT form=form field="file">
                    <input class="input" id="import-file" type="file" accept=".csv,text/csv"
                        aria-invalid=invalid(form, "file") aria-describedby=described_by("import-file", true, form, "file")
                        on:change=move |_| form.changed("file") />
                </Labelled>
                <label class="checkbox">
                    <input type="checkbox" id="import-dry-run" prop:checked=move || dry_run.get() on:change=move |ev| dry_run.set(event_target_checked(&ev)) />
                    {tr(k::IMPORT_DRY_RUN)}
                </label>
                <div class="form-actions">
                    <button type="submit" class="btn btn--primary" disabled=move || import.pending().get()>{tr(k::IMPORT_START)}</button>
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
                // What the rows do besides creating their association (a number taken over).
                let notes = if j.status == ImportStatus::Succeeded { j.notes.clone() } else { Vec::new() };
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
                            <Table id="import-errors" caption=k::IMPORT_ERRORS columns=&[k::IMPORT_ROW, k::IMPORT_COLUMN, k::IMPORT_PROBLEM]>
                                {errors.into_iter().take(500).map(|e| view! {
                                    <tr>
                                        <td>{e.row}</td>
                                        <td><code>{e.field}</code></td>
                                        <td>{move || row_error_text(locale.get(), &e.code, &e.message)}</td>
                                    </tr>
                                }).collect_view()}
                            </Table>
                        })}
                        {(!notes.is_empty()).then(|| view! {
                            <Table id="import-notes" caption=k::IMPORT_NOTES columns=&[k::IMPORT_ROW, k::IMPORT_COLUMN, k::IMPORT_NOTE]>
                                {notes.into_iter().take(500).map(|n| {
                                    let (code, message) = (n.code, n.message);
                                    let data_code = code.clone();
                                    view! {
                                        <tr data-code=data_code>
                                            <td>{n.row}</td>
                                            <td><code>{n.field}</code></td>
                                            <td>{move || note_text(locale.get(), &code, &message)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </Table>
                        })}
                    </section>
                }
            })}
            <ImportColumns />
        </div>
    }
}

/// A note of the import report in the reader's language (`import.note.<code>`), or the server's.
fn note_text(lang: madani_shared::text::Language, code: &str, message: &str) -> String {
    key_index(&format!("import.note.{code}"))
        .map(|key| text(lang, key).to_owned())
        .unwrap_or_else(|| message.to_owned())
}

/// A row's error in the reader's language, from its code (`field.<code>`: the column names the
/// field), or the server's when the code is new.
fn row_error_text(lang: madani_shared::text::Language, code: &str, message: &str) -> String {
    key_index(&format!("field.{code}")).map(|key| text(lang, key).to_owned()).unwrap_or_else(|| message.to_owned())
}

/// The translated name of an audit action, or the action itself.
fn action_label(lang: madani_shared::text::Language, action: &str) -> String {
    key_index(&format!("audit.action.{}", action.replace('.', "_")))
        .map(|key| text(lang, key).to_owned())
        .unwrap_or_else(|| action.to_owned())
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let session = use_session();
    let search = Search::new(move |cursor| async move {
        session.call::<ListAuditLog>((), &PageQuery { limit: Some(50), cursor }).await
    });
    view! {
        <div class="page">
            <StaffHeader title=k::AUDIT_TITLE lead=k::AUDIT_LEAD />
            <SearchResults search empty_message=k::AUDIT_EMPTY>
                <Table id="audit-log" caption=k::AUDIT_TITLE columns=&[k::AUDIT_WHEN, k::AUDIT_WHO, k::AUDIT_WHAT, k::AUDIT_WHY]>
                    {move || search.items.get().into_iter().map(audit_row).collect_view()}
                </Table>
            </SearchResults>
        </div>
    }
}

fn audit_row(e: AuditEntry) -> impl IntoView {
    let locale = use_locale();
    // An imported batch has no one page; a deleted association has none any more.
    let gone = matches!(e.action.as_str(), "association.imported" | "association.deleted");
    let href = if e.action.starts_with("association.") && !gone {
        Some(format!("/associations/{}", e.target_id))
    } else if e.action.starts_with("course.") {
        Some(format!("/courses/{}", e.target_id))
    } else {
        None
    };
    let action = e.action.clone();
    // What it was done to, as it was named then (entries older than the name have none).
    let subject = e.target_name.clone().filter(|n| !n.is_empty());
    view! {
        <tr>
            <td>{move || format_datetime(locale.get(), e.created_at)}</td>
            <td>{e.actor_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td>
                {move || action_label(locale.get(), &action)}
                {subject.map(|name| view! { " · " <bdi class="audit-subject">{move || name.get(locale.get()).to_owned()}</bdi> })}
                {href.clone().map(|href| view! { " · " <A href=href>{tr(k::AUDIT_OPEN)}</A> })}
            </td>
            <td dir="auto">{e.reason.clone().unwrap_or_default()}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use madani_shared::text::Language;

    use super::note_text;

    #[test]
    fn import_notes_are_told_in_the_readers_language() {
        let server = "takes over the number from a pending registration, left for staff to decide";
        assert!(note_text(Language::Fr, "takes_over_number", server).starts_with("Une inscription en attente"));
        assert_eq!(note_text(Language::Ar, "brand_new_note", "as the server says"), "as the server says");
    }
}
