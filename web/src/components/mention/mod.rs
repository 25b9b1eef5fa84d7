//! @mentions in a text area: typing `@` and the first letters of a name opens a list of the people
//! one may mention whose name has a word starting so (case, accents and Arabic diacritics aside),
//! the writer aside. The text area follows the WAI-ARIA combobox pattern: ArrowDown and ArrowUp
//! move in the list, Enter or Tab picks (neither sends the form nor breaks the line while the list
//! is open), Escape closes it, a click picks too. Picking puts `@Their Name ` in place of the
//! `@letters` and remembers who it is; the form sends the people picked whose `@Name` is still in
//! the text. The texts come from the area whose pages show it.

use std::sync::Arc;

use leptos::prelude::*;
use madani_shared::ids::UserId;
use madani_shared::text::Language;

use crate::components::form::{FormState, described_by, field_error, invalid};
use crate::i18n::{text, tr, use_locale};
use crate::session::use_session;

/// The most people a post mentions (the server's limit).
pub const MAX_MENTIONS: usize = madani_shared::circles::MAX_MENTIONS;
/// The most suggestions shown at once.
const MAX_SHOWN: usize = 8;
/// The longest `@query` that still looks for a name, in characters.
const MAX_QUERY: usize = 40;

/// Someone one may mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: UserId,
    pub name: String,
}

/// The texts of a mention field, from the area whose pages show it.
#[derive(Clone, Copy)]
pub struct MentionTexts {
    /// How to mention someone, under the field.
    pub hint: usize,
    /// The list's name.
    pub list: usize,
    /// How to move and pick, said after the count.
    pub keys: usize,
    /// "3 suggestions", in the reader's language.
    pub count: fn(Language, i64) -> String,
}

/// The people picked in a text, and those one may pick.
#[derive(Clone, Copy)]
pub struct Mentions {
    /// Whom the field suggests (the writer is left out when suggesting).
    pub members: RwSignal<Vec<Candidate>>,
    /// Whom the writer picked (or who was mentioned already), in order.
    pub picked: RwSignal<Vec<Candidate>>,
}

impl Mentions {
    pub fn new(members: RwSignal<Vec<Candidate>>) -> Self {
        Mentions { members, picked: RwSignal::new(Vec::new()) }
    }

    /// With those a text being changed mentions already.
    pub fn with_picked(self, picked: Vec<Candidate>) -> Self {
        self.picked.set(picked);
        self
    }

    /// The people to notify for `text`: those picked whose `@Name` it still holds.
    pub fn ids(&self, text: &str) -> Vec<UserId> {
        self.picked.with_untracked(|picked| mentioned(text, picked))
    }

    /// Forget the people picked (the text was sent).
    pub fn clear(&self) {
        let _ = self.picked.try_set(Vec::new());
    }
}

/// Looks people up by the name typed after `@`, for the text areas below it: provided by a page
/// whose list of people is too long to read whole (the lookup adds those it finds to the list).
#[derive(Clone, Copy)]
pub struct MentionLookup(pub Callback<String>);

mod text;

pub use text::*;

/// Where the `@query` being typed is: its `@` and the caret (byte indices), and the query.
#[derive(Clone, Debug, PartialEq)]
struct Typing {
    at: usize,
    caret: usize,
    query: String,
}

/// A labelled text area with a hint and an error, where `@` and letters suggest people to mention.
#[component]
pub fn MentionTextArea(
    #[prop(into)] id: Arc<str>,
    label: usize,
    value: RwSignal<String>,
    form: FormState,
    mentions: Mentions,
    texts: MentionTexts,
    #[prop(optional, into)] field: Option<String>,
    #[prop(optional)] hint: Option<usize>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let field: Arc<str> = field.map(Arc::from).unwrap_or_else(|| id.clone());
    form.control(&*field, &*id, label);
    let field_key = StoredValue::new(field.clone());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let typing: RwSignal<Option<Typing>> = RwSignal::new(None);
    let active = RwSignal::new(0usize);
    // Escape (or leaving the field) closes the list until the text changes.
    let dismissed = RwSignal::new(false);
    let options = Memo::new(move |_| {
        let me = session.user.with(|u| u.as_ref().map(|u| u.id));
        typing.with(|t| match t {
            Some(t) => mentions.members.with(|m| suggest(m, &t.query, me)),
            None => Vec::new(),
        })
    });
    let open = Memo::new(move |_| !dismissed.get() && options.with(|o| !o.is_empty()));
    let list_id = format!("{id}-mentions");
    let option_id = {
        let id = id.clone();
        move |i: usize| format!("{id}-mention-{i}")
    };
    // Where the caret is now: the `@query` before it, if any.
    let look = move || {
        let Some(el) = area.get_untracked() else { return };
        let text = el.value();
        let (start, end) = (el.selection_start().ok().flatten(), el.selection_end().ok().flatten());
        let now = match (start, end) {
            (Some(s), Some(e)) if s == e => {
                let caret = byte_at(&text, s);
                query_before(&text, caret).map(|(at, q)| Typing { at, caret, query: q.to_owned() })
            }
            _ => None,
        };
        if typing.with_untracked(|t| t.as_ref().map(|t| &t.query) != now.as_ref().map(|t| &t.query)) {
            active.set(0);
        }
        typing.set(now);
    };
    // Names typed are looked up too where the page reads only some of the people.
    if let Some(MentionLookup(lookup)) = use_context::<MentionLookup>() {
        Effect::new(move |last: Option<Option<String>>| {
            let query = typing.with(|t| t.as_ref().map(|t| t.query.clone()));
            if let Some(q) = query.as_ref().filter(|q| last.as_ref() != Some(&Some((*q).clone()))) {
                lookup.run(q.clone());
            }
            query
        });
    }
    // A text emptied (sent) has nothing typed in it.
    Effect::new(move |_| {
        if value.with(String::is_empty) {
            typing.set(None);
        }
    });
    let pick = move |i: usize| {
        let (Some(el), Some(t)) = (area.get_untracked(), typing.get_untracked()) else { return };
        let Some(who) = options.with_untracked(|o| o.get(i).cloned()) else { return };
        let (text, caret) = insert_mention(&el.value(), t.at, t.caret, &who.name);
        // The element first, so that the caret stays where it is put.
        el.set_value(&text);
        let at = utf16_at(&text, caret);
        let _ = el.set_selection_range(at, at);
        value.set(text);
        field_key.with_value(|f| form.changed(f));
        mentions.picked.update(|p| {
            if !p.iter().any(|c| c.id == who.id) {
                p.push(who);
            }
        });
        typing.set(None);
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.is_composing() || !open.get_untracked() {
            return;
        }
        let count = options.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % count);
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = (*a + count - 1) % count);
            }
            "Enter" | "Tab" if !ev.shift_key() && !ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() => {
                ev.prevent_default();
                pick(active.get_untracked().min(count - 1));
            }
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                dismissed.set(true);
            }
            _ => {}
        }
    };
    let changed = field.clone();
    let described = {
        let base = described_by(id.clone(), hint.is_some(), form, field.clone());
        let id = id.clone();
        move || {
            let mine = format!("{id}-mention-hint");
            Some(match base() {
                Some(ids) => format!("{ids} {mine}"),
                None => mine,
            })
        }
    };
    let active_option = {
        let option_id = option_id.clone();
        move || open.get().then(|| option_id(active.get()))
    };
    let status = move || {
        let lang = locale.get();
        let n = if open.get() { options.with(Vec::len) } else { 0 };
        (n > 0).then(|| format!("{} {}", (texts.count)(lang, n as i64), text(lang, texts.keys)))
    };
    let list_label = tr(texts.list);
    view! {
        <div class="field mention">
            <label class="field__label" for=id.clone()>{tr(label)}</label>
            <div class="mention__box">
                <textarea
                    node_ref=area
                    class="textarea"
                    id=id.clone()
                    name=id.clone()
                    rows=rows
                    dir="auto"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-activedescendant=active_option
                    aria-invalid=invalid(form, field.clone())
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        form.changed(&changed);
                        dismissed.set(false);
                        look();
                    }
                    on:keydown=keydown
                    on:keyup=move |ev: leptos::ev::KeyboardEvent| {
                        if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown") {
                            look();
                        }
                    }
                    on:click=move |_| look()
                    on:blur=move |_| dismissed.set(true)
                    on:focus=move |_| {
                        dismissed.set(false);
                        look();
                    }
                ></textarea>
                <ul class="mention__list" id=list_id role="listbox" aria-label=list_label hidden=move || !open.get()>
                    {move || open.get().then(|| options.get().into_iter().enumerate().map(|(i, c)| {
                        let option_id = option_id(i);
                        view! {
                            <li class="mention__option" id=option_id role="option" data-user=c.id.to_string()
                                aria-selected=move || if active.get() == i { "true" } else { "false" }
                                on:mousedown=|ev: leptos::ev::MouseEvent| ev.prevent_default()
                                on:click=move |_| pick(i)>
                                <bdi>{c.name.clone()}</bdi>
                            </li>
                        }
                    }).collect_view())}
                </ul>
            </div>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{tr(h)}</p> })}
            <p class="field__hint" id=format!("{id}-mention-hint")>{tr(texts.hint)}</p>
            <p class="sr-only" role="status">{status}</p>
            {field_error(id.clone(), form, field.clone())}
        </div>
    }
}
