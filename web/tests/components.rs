//! Component tests in a real browser (wasm-bindgen-test + Chromium): the form kit's error display and
//! password toggle, the localized-text editor, the confirm dialog, the paginated list, the read
//! wrapper (`Loaded`) and the write helper (`Mutation`) with a form.
//! Run by `cargo xtask test`; by hand: `cargo test -p madani-web --target wasm32-unknown-unknown`
//! with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner` and `CHROMEDRIVER` set.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use madani_shared::text::Language;
use madani_shared::{ClientError, ErrorCode, FieldError, LocalizedText, Page, Problem};
use madani_web::components::dialog::ConfirmDialog;
use madani_web::components::form::{FormState, PasswordField, TextField};
use madani_web::components::list::PagedList;
use madani_web::components::loaded::{Loaded, fetched};
use madani_web::components::localized::LocalizedTextEditor;
use madani_web::components::mutation::Mutation;
use madani_web::components::toast::Toasts;
use madani_web::i18n::{Locale, k};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The three languages' texts, as the app would have fetched them.
fn install_texts() {
    for (lang, file) in [
        (Language::Ar, include_str!("../locales/ar.json")),
        (Language::Fr, include_str!("../locales/fr.json")),
        (Language::En, include_str!("../locales/en.json")),
    ] {
        madani_web::i18n::install_locale_file(lang, file).unwrap();
    }
}

/// Mount `view` in a fresh container with the given language in context.
fn mount<V: IntoView + 'static>(lang: Language, view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    install_texts();
    let container: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(Locale(RwSignal::new(lang)));
        view()
    });
    std::mem::forget(handle);
    container
}

fn by_id<T: JsCast>(id: &str) -> T {
    document().get_element_by_id(id).unwrap_or_else(|| panic!("#{id} missing")).unchecked_into()
}

#[wasm_bindgen_test]
async fn server_field_errors_appear_next_to_their_field_translated() {
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    mount(Language::Fr, move || {
        view! {
            <TextField id="t1-email" field="email" label=k::LOGIN_EMAIL value=email form=form />
            <PasswordField id="t1-password" field="password" label=k::LOGIN_PASSWORD value=password form=form />
        }
    });
    let input: web_sys::HtmlInputElement = by_id("t1-email");
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert!(document().get_element_by_id("t1-email-error").is_none());

    let mut problem = Problem::new(422, ErrorCode::ValidationFailed, "Invalid", "1 field");
    problem.errors = vec![FieldError {
        field: "email".into(),
        code: "email_taken_elsewhere".into(),
        message: "from the server".into(),
    }];
    problem.errors.push(FieldError { field: "password".into(), code: "common_password".into(), message: "x".into() });
    form.fail(ClientError::Api(Box::new(problem)));
    leptos::task::tick().await;

    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("t1-email-error"));
    // An unknown code falls back to the server's message; a known one is translated.
    assert_eq!(by_id::<web_sys::HtmlElement>("t1-email-error").text_content().unwrap(), "from the server");
    assert_eq!(
        by_id::<web_sys::HtmlElement>("t1-password-error").text_content().unwrap(),
        "Ce mot de passe est trop courant. Choisissez-en un moins prévisible."
    );

    // Typing updates the bound signal.
    input.set_value("amina@example.org");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    assert_eq!(email.get_untracked(), "amina@example.org");
}

#[wasm_bindgen_test]
async fn password_toggle_shows_and_hides_with_an_accessible_name() {
    let form = FormState::new();
    let value = RwSignal::new("secret phrase".to_string());
    let container = mount(Language::En, move || {
        view! { <PasswordField id="t2-password" label=k::LOGIN_PASSWORD value=value form=form /> }
    });
    let input: web_sys::HtmlInputElement = by_id("t2-password");
    let toggle: web_sys::HtmlElement =
        container.query_selector(".password-field__toggle").unwrap().unwrap().unchecked_into();
    assert_eq!(input.type_(), "password");
    assert_eq!(toggle.get_attribute("aria-label").as_deref(), Some("Show password"));
    toggle.click();
    leptos::task::tick().await;
    assert_eq!(input.type_(), "text");
    assert_eq!(toggle.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(toggle.get_attribute("aria-label").as_deref(), Some("Hide password"));
}

#[wasm_bindgen_test]
async fn localized_editor_edits_each_language_in_its_direction() {
    let value = RwSignal::new(LocalizedText::default());
    let form = FormState::new();
    let container = mount(Language::Ar, move || {
        view! { <LocalizedTextEditor id="t3" label=k::HOME_TITLE value=value form=form /> }
    });
    // A server error on the field marks the input shown; typing clears it.
    let mut problem = Problem::new(422, ErrorCode::ValidationFailed, "Invalid", "1 field");
    problem.errors = vec![FieldError { field: "t3".into(), code: "required".into(), message: "x".into() }];
    form.fail(ClientError::Api(Box::new(problem)));
    leptos::task::tick().await;
    assert_eq!(by_id::<web_sys::HtmlInputElement>("t3-ar").get_attribute("aria-invalid").as_deref(), Some("true"));
    let tabs = container.query_selector_all("[role=tab]").unwrap();
    assert_eq!(tabs.length(), 3);
    // Starts on the reader's language.
    let ar_tab: web_sys::HtmlElement = by_id("t3-tab-ar");
    assert_eq!(ar_tab.get_attribute("aria-selected").as_deref(), Some("true"));
    let ar: web_sys::HtmlInputElement = by_id("t3-ar");
    assert_eq!(ar.get_attribute("dir").as_deref(), Some("rtl"));
    ar.set_value("جمعية الأمل");
    ar.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    assert_ne!(ar.get_attribute("aria-invalid").as_deref(), Some("true"), "corrected: the error goes");

    by_id::<web_sys::HtmlElement>("t3-tab-fr").click();
    leptos::task::tick().await;
    assert!(by_id::<web_sys::HtmlElement>("t3-panel-ar").hidden());
    assert!(!by_id::<web_sys::HtmlElement>("t3-panel-fr").hidden());
    let fr: web_sys::HtmlInputElement = by_id("t3-fr");
    assert_eq!(fr.get_attribute("dir").as_deref(), Some("ltr"));
    fr.set_value("Association El Amel");
    fr.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();

    let v = value.get_untracked();
    assert_eq!(
        (v.ar.as_deref(), v.fr.as_deref(), v.en.as_deref()),
        (Some("جمعية الأمل"), Some("Association El Amel"), None)
    );
}

#[wasm_bindgen_test]
async fn confirm_dialog_runs_the_action_only_on_confirm() {
    let open = RwSignal::new(false);
    let confirmed = RwSignal::new(0);
    let container = mount(Language::En, move || {
        view! {
            <ConfirmDialog
                open=open
                title=k::DATA_DELETE_CONFIRM_TITLE
                message=k::DATA_DELETE_CONFIRM_TEXT
                on_confirm=Callback::new(move |_| confirmed.update(|n| *n += 1))
            />
        }
    });
    let dialog: web_sys::HtmlDialogElement = container.query_selector("dialog").unwrap().unwrap().unchecked_into();
    assert!(!dialog.open());
    open.set(true);
    leptos::task::tick().await;
    assert!(dialog.open());
    let buttons = dialog.query_selector_all("button").unwrap();
    // Cancel closes without acting.
    buttons.item(0).unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert!(!dialog.open());
    assert_eq!(confirmed.get_untracked(), 0);
    open.set(true);
    leptos::task::tick().await;
    buttons.item(1).unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(confirmed.get_untracked(), 1);
    assert!(!dialog.open());
}

/// A data source of 5 items served 2 at a time, like a cursor-paginated endpoint; the first call fails
/// once, to show the error state and its retry.
async fn numbers(cursor: Option<String>, calls: RwSignal<u32>) -> Result<Page<u32>, ClientError> {
    calls.update(|n| *n += 1);
    if calls.get_untracked() == 1 {
        return Err(ClientError::Transport("offline".into()));
    }
    let start: u32 = cursor.map_or(0, |c| c.parse().unwrap());
    let items: Vec<u32> = (start..(start + 2).min(5)).collect();
    let next = start + 2;
    Ok(Page { items, next_cursor: (next < 5).then(|| next.to_string()) })
}

async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn paged_list_shows_errors_retries_and_loads_more_until_the_end() {
    let calls = RwSignal::new(0u32);
    let container = mount(Language::En, move || {
        view! { <PagedList fetch=move |cursor| numbers(cursor, calls) render=|n: u32| view! { <span class="n">{n}</span> } /> }
    });
    settle().await;
    let alert = container.query_selector("[role=alert]").unwrap().expect("error state");
    assert!(alert.text_content().unwrap().contains("Cannot reach Madani"));
    alert.query_selector("button").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    settle().await;
    assert!(container.query_selector("[role=alert]").unwrap().is_none(), "error cleared after retry");
    let shown = |c: &web_sys::HtmlElement| c.query_selector_all(".n").unwrap().length();
    assert_eq!(shown(&container), 2);
    for expected in [4, 5] {
        let more = container.query_selector("button.btn--secondary").unwrap().expect("load more");
        more.unchecked_into::<web_sys::HtmlElement>().click();
        settle().await;
        assert_eq!(shown(&container), expected);
    }
    assert!(container.query_selector("button.btn--secondary").unwrap().is_none(), "no more pages");
    assert_eq!(calls.get_untracked(), 4);
}

#[wasm_bindgen_test]
fn plurals_follow_each_language_rules() {
    use madani_web::i18n::plural;
    install_texts();
    let ar = |n| plural(Language::Ar, "dir.results", n);
    assert_eq!(ar(0), "لا توجد أي جمعية");
    assert_eq!(ar(1), "جمعية واحدة");
    assert_eq!(ar(2), "جمعيتان");
    assert_eq!(ar(5), "5 جمعيات");
    assert_eq!(ar(11), "11 جمعية");
    assert_eq!(ar(100), "100 جمعية");
    // French counts 0 and 1 as singular; English only 1.
    assert_eq!(plural(Language::Fr, "assoc.members_count", 0), "0 membre sur Madani");
    assert_eq!(plural(Language::Fr, "assoc.members_count", 1), "1 membre sur Madani");
    assert_eq!(plural(Language::Fr, "assoc.members_count", 2), "2 membres sur Madani");
    assert_eq!(plural(Language::En, "assoc.members_count", 0), "0 members on Madani");
    assert_eq!(plural(Language::En, "assoc.members_count", 1), "1 member on Madani");
}

#[wasm_bindgen_test]
async fn loaded_shows_the_problem_with_a_retry_then_the_content_or_the_empty_state() {
    let calls = RwSignal::new(0u32);
    let container = mount(Language::En, move || {
        // Fails once, then answers 1, 2, then nothing.
        let list = LocalResource::new(move || async move {
            calls.update(|n| *n += 1);
            fetched(match calls.get_untracked() {
                1 => Err(ClientError::Transport("offline".into())),
                2 => Ok(vec![1u32, 2]),
                _ => Ok(vec![]),
            })
        });
        view! {
            <Loaded resource=list title=k::HOME_TITLE is_empty=Vec::is_empty empty_message=k::DIR_EMPTY let:list>
                <ul>{list.into_iter().map(|n| view! { <li class="n">{n}</li> }).collect_view()}</ul>
            </Loaded>
            <button id="t6-reload" on:click=move |_| list.refetch()>"reload"</button>
        }
    });
    settle().await;
    let alert = container.query_selector("[role=alert]").unwrap().expect("error state");
    assert!(alert.text_content().unwrap().contains("Cannot reach Madani"));
    assert!(container.query_selector("h1.page__title").unwrap().is_some(), "the page's title above the error");
    alert.query_selector("button").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    settle().await;
    assert!(container.query_selector("[role=alert]").unwrap().is_none(), "error cleared after retry");
    assert_eq!(container.query_selector_all(".n").unwrap().length(), 2);
    by_id::<web_sys::HtmlElement>("t6-reload").click();
    settle().await;
    assert_eq!(container.query_selector_all(".n").unwrap().length(), 0);
    assert!(container.query_selector(".empty").unwrap().is_some(), "empty state");
    assert_eq!(calls.get_untracked(), 3);
}

#[wasm_bindgen_test]
async fn a_mutation_tells_field_errors_in_its_form_and_counts_its_successes() {
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let outcome: RwSignal<Option<(Mutation<bool, u32>, RwSignal<u32>)>> = RwSignal::new(None);
    mount(Language::En, move || {
        provide_context(Toasts::new());
        let done = RwSignal::new(0u32);
        // `true` succeeds with 7; `false` is refused with a field error.
        let save = Mutation::new(|ok: bool| async move {
            leptos::task::tick().await;
            if ok {
                return Ok(7u32);
            }
            let mut problem = Problem::new(422, ErrorCode::ValidationFailed, "Invalid", "1 field");
            problem.errors =
                vec![FieldError { field: "email".into(), code: "email".into(), message: "from the server".into() }];
            Err(ClientError::Api(Box::new(problem)))
        })
        .form(form)
        .then(move |n| done.set(n));
        outcome.set(Some((save, done)));
        view! { <TextField id="t7-email" field="email" label=k::LOGIN_EMAIL value=email form=form /> }
    });
    let (save, done) = outcome.get_untracked().unwrap();
    save.dispatch(false);
    assert!(form.pending.get_untracked(), "pending while the call runs");
    settle().await;
    assert!(!form.pending.get_untracked());
    assert_eq!(by_id::<web_sys::HtmlElement>("t7-email-error").text_content().unwrap(), "Enter a valid email address.");
    assert_eq!(save.version().get_untracked(), 0, "a failure is no new version");
    save.dispatch(true);
    settle().await;
    assert!(document().get_element_by_id("t7-email-error").is_none(), "errors cleared when sent again");
    assert_eq!((done.get_untracked(), save.version().get_untracked()), (7, 1));
}
