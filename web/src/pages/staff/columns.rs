//! The import file's data dictionary, on the import page: each column with whether it is required,
//! what it means and an example, then the codes the coded columns accept with their labels. The
//! importer's parser (`api/src/associations/import/parse.rs`) is the truth this follows.

use leptos::prelude::*;
use madani_shared::associations::{Category, Field, SizeBand};

use crate::components::label::label;
use crate::components::table::Table;
use crate::i18n::{k, tr, use_locale};

/// Whether a column must be filled on every row.
#[derive(Clone, Copy)]
enum Need {
    Yes,
    No,
    /// One of the name columns, at least.
    OneName,
    /// Read and set aside: the export's own columns.
    Ignored,
}

/// The columns, as (names, need, meaning, example).
const COLUMNS: &[(&[&str], Need, usize, &str)] = &[
    (&["registration_number"], Need::Yes, k::IMPORT_COL_REGISTRATION_NUMBER, "16/2019/0421"),
    (&["name_ar", "name_fr", "name_en"], Need::OneName, k::IMPORT_COL_NAME, "جمعية الأمل · Association El Amel"),
    (&["acronym"], Need::No, k::IMPORT_COL_ACRONYM, "AEA"),
    (&["category"], Need::Yes, k::IMPORT_COL_CATEGORY, "wilaya"),
    (&["fields"], Need::Yes, k::IMPORT_COL_FIELDS, "youth;education"),
    (&["wilaya_code"], Need::Yes, k::IMPORT_COL_WILAYA_CODE, "06"),
    (&["commune_id"], Need::No, k::IMPORT_COL_COMMUNE_ID, "158"),
    (&["size"], Need::Yes, k::IMPORT_COL_SIZE, "small"),
    (&["address"], Need::No, k::IMPORT_COL_ADDRESS, "12 rue des Oliviers, Béjaïa"),
    (&["address_public"], Need::No, k::IMPORT_COL_ADDRESS_PUBLIC, "false"),
    (&["founded_on"], Need::No, k::IMPORT_COL_FOUNDED_ON, "2019-03-14"),
    (
        &["description_ar", "description_fr", "description_en"],
        Need::No,
        k::IMPORT_COL_DESCRIPTION,
        "**Soutien scolaire** et sorties",
    ),
    (&["email", "phone", "website"], Need::No, k::IMPORT_COL_CONTACTS, "contact@example.org"),
    (&["contacts_public"], Need::No, k::IMPORT_COL_CONTACTS_PUBLIC, "true"),
    (&["id", "status", "created_at"], Need::Ignored, k::IMPORT_COL_EXPORT_ONLY, ""),
];

fn need_key(need: Need) -> usize {
    match need {
        Need::Yes => k::IMPORT_DICT_YES,
        Need::No => k::IMPORT_DICT_NO,
        Need::OneName => k::IMPORT_DICT_ONE_NAME,
        Need::Ignored => k::IMPORT_DICT_IGNORED,
    }
}

/// The data dictionary of the import file.
#[component]
pub fn ImportColumns() -> impl IntoView {
    let locale = use_locale();
    let rows = COLUMNS.iter().map(|(names, need, meaning, example)| {
        view! {
            <tr>
                <th scope="row">
                    {names.iter().map(|n| view! { <code dir="ltr">{*n}</code> " " }).collect_view()}
                </th>
                <td>{tr(need_key(*need))}</td>
                <td>{tr(*meaning)}</td>
                <td>{(!example.is_empty()).then(|| view! { <code dir="auto">{*example}</code> })}</td>
            </tr>
        }
    });
    // The coded columns: each code with its label in the reader's language.
    let codes = move |id: &'static str, column: &'static str, prefix: &'static str, values: Vec<&'static str>| {
        view! {
            <div class="stack stack--tight">
                <h4 class="card__subtitle" id=format!("{id}-title")><code dir="ltr">{column}</code></h4>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{id}-title")>
                    <table class="table" id=id>
                        <thead>
                            <tr>
                                <th scope="col">{tr(k::IMPORT_DICT_CODE)}</th>
                                <th scope="col">{tr(k::IMPORT_DICT_LABEL)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {values
                                .into_iter()
                                .map(|v| view! {
                                    <tr>
                                        <td><code dir="ltr">{v}</code></td>
                                        <td>{move || label(locale.get(), prefix, v)}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="import-columns-title" id="import-columns">
            <h2 class="card__title" id="import-columns-title">{tr(k::IMPORT_DICT_TITLE)}</h2>
            <p>{tr(k::IMPORT_DICT_LEAD)}</p>
            <Table
                id="import-columns-table"
                caption=k::IMPORT_DICT_CAPTION
                columns=&[k::IMPORT_COLUMN, k::IMPORT_DICT_REQUIRED, k::IMPORT_DICT_MEANING, k::IMPORT_DICT_EXAMPLE]
            >
                {rows.collect_view()}
            </Table>
            <h3 class="card__subtitle">{tr(k::IMPORT_DICT_CODES)}</h3>
            <div class="grid import-codes">
                {codes("import-codes-category", "category", "category", Category::ALL.iter().map(|c| c.as_str()).collect())}
                {codes("import-codes-size", "size", "size", SizeBand::ALL.iter().map(|s| s.as_str()).collect())}
                {codes("import-codes-fields", "fields", "activity", Field::ALL.iter().map(|f| f.as_str()).collect())}
            </div>
        </section>
    }
}
