//! Circles in the browser: `/circles` (the directory: a search, filters by field and wilaya, the
//! circles you belong to; "Create a circle" for institution staff), `/circles/new` (the form),
//! `/circles/:id` (a circle: joining, asking, accepting an invitation or leaving; its threads with
//! a search and the form to start one; its members; for its moderators the requests and
//! invitations waiting and the moderation queue) — one route, as the messages' — and
//! `/threads/:id` (a thread's posts: reply, change or delete your own, report another's, mark a
//! reply as the answer, pin), replies and new threads with up to 5 files each and @mentions of
//! the circle's members. Their texts (`circle.`) and styles come with the area.

mod circle;
mod directory;
mod manage;
mod moderation;
mod new;
mod post;
mod standing;
mod thread;
mod threads;

pub use thread::ThreadPage;

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use madani_shared::ClientError;
use madani_shared::auth::Role;
use madani_shared::circles::{
    CircleMember, CircleMembersQuery, CircleRole, CircleStanding, CircleThread, JoinPolicy, ThreadKind,
    ThreadPage as Threads,
};
use madani_shared::endpoints::{ListCircleMembers, ListMyInstitutions, UploadCircleAttachment};
use madani_shared::ids::{CircleId, ThreadId};
use madani_shared::messaging::Attachment;
use madani_shared::text::Language;

use crate::components::attachments::FileTexts;
use crate::components::auth::RequireAuth;
use crate::components::mention::{Candidate, MentionLookup, MentionTexts};
use crate::components::search::Paged;
use crate::i18n::{counted, k, text, use_locale};
use crate::session::{Session, sleep};

/// `/circles`, `/circles/new` and `/circles/:id`: one route (one route less in the main module).
#[component]
pub fn CirclesPages() -> impl IntoView {
    let params = use_params_map();
    let which = Memo::new(move |_| params.with(|p| p.get("id")));
    move || match which.get().as_deref() {
        None => view! { <directory::Directory /> }.into_any(),
        Some("new") => view! { <RequireAuth><new::NewCircle /></RequireAuth> }.into_any(),
        Some(_) => view! { <circle::CirclePage /> }.into_any(),
    }
}

impl Paged for Threads {
    type Item = CircleThread;

    fn items(&self) -> &[CircleThread] {
        &self.items
    }

    fn next_cursor(&self) -> Option<String> {
        self.next_cursor.clone()
    }
}

pub(crate) fn circle_href(id: CircleId) -> String {
    format!("/circles/{id}")
}

pub(crate) fn thread_href(id: ThreadId) -> String {
    format!("/threads/{id}")
}

/// Wait until the session is known, so that a first read is made as the right member (an
/// invite-only circle is a 404 to strangers, and members see where they stand).
async fn session_ready(session: Session) {
    while !session.ready.get_untracked() {
        sleep(Duration::from_millis(30)).await;
    }
}

/// Move the focus to the element `id` once the page has been drawn again.
fn focus_soon(id: String) {
    leptos::task::spawn_local(async move {
        sleep(Duration::ZERO).await;
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id))
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}

/// Whether the signed-in member is an administrator (who reads and moderates every circle).
fn is_admin(session: Session) -> bool {
    session.user.with(|u| u.as_ref().is_some_and(|u| u.role == Role::Admin))
}

/// Whether the signed-in member is institution staff or an administrator: they create circles and,
/// where a circle allows it, read one as observers.
fn use_staff(session: Session) -> LocalResource<bool> {
    LocalResource::new(move || {
        let user = session.user.get();
        async move {
            match user {
                None => false,
                Some(u) if u.role.is_staff() => true,
                Some(_) => session.call::<ListMyInstitutions>((), &()).await.is_ok_and(|list| !list.is_empty()),
            }
        }
    })
}

const MEMBERS: [usize; 6] = [
    k::CIRCLE_MEMBERS_ZERO,
    k::CIRCLE_MEMBERS_ONE,
    k::CIRCLE_MEMBERS_TWO,
    k::CIRCLE_MEMBERS_FEW,
    k::CIRCLE_MEMBERS_MANY,
    k::CIRCLE_MEMBERS_OTHER,
];

const THREADS: [usize; 6] = [
    k::CIRCLE_THREADS_ZERO,
    k::CIRCLE_THREADS_ONE,
    k::CIRCLE_THREADS_TWO,
    k::CIRCLE_THREADS_FEW,
    k::CIRCLE_THREADS_MANY,
    k::CIRCLE_THREADS_OTHER,
];

const REPLIES: [usize; 6] = [
    k::CIRCLE_REPLIES_ZERO,
    k::CIRCLE_REPLIES_ONE,
    k::CIRCLE_REPLIES_TWO,
    k::CIRCLE_REPLIES_FEW,
    k::CIRCLE_REPLIES_MANY,
    k::CIRCLE_REPLIES_OTHER,
];

const REPORTS: [usize; 6] = [
    k::CIRCLE_REPORTS_ZERO,
    k::CIRCLE_REPORTS_ONE,
    k::CIRCLE_REPORTS_TWO,
    k::CIRCLE_REPORTS_FEW,
    k::CIRCLE_REPORTS_MANY,
    k::CIRCLE_REPORTS_OTHER,
];

/// The file picker's texts, in the circles' area.
const FILE_TEXTS: FileTexts = FileTexts {
    attach: k::CIRCLE_FILE_ATTACH,
    hint: k::CIRCLE_FILE_HINT,
    chosen: k::CIRCLE_FILE_CHOSEN,
    remove: k::CIRCLE_FILE_REMOVE,
    sending: k::CIRCLE_FILE_SENDING,
    not_allowed: k::CIRCLE_FILE_NOT_ALLOWED,
    empty: k::CIRCLE_FILE_EMPTY,
    too_large: k::CIRCLE_FILE_TOO_LARGE,
    too_many: k::CIRCLE_FILE_TOO_MANY,
    at_most: k::CIRCLE_FILE_AT_MOST,
};

const SUGGESTIONS: [usize; 6] = [
    k::CIRCLE_MENTION_COUNT_ZERO,
    k::CIRCLE_MENTION_COUNT_ONE,
    k::CIRCLE_MENTION_COUNT_TWO,
    k::CIRCLE_MENTION_COUNT_FEW,
    k::CIRCLE_MENTION_COUNT_MANY,
    k::CIRCLE_MENTION_COUNT_OTHER,
];

/// The @mention field's texts, in the circles' area.
const MENTION_TEXTS: MentionTexts = MentionTexts {
    hint: k::CIRCLE_MENTION_HINT,
    list: k::CIRCLE_MENTION_LIST,
    keys: k::CIRCLE_MENTION_KEYS,
    count: |lang, n| counted(lang, n, SUGGESTIONS),
};

/// The members of `circle` one may mention (its moderators and members, not its observers), read
/// once into `into` (a few pages of 100); nothing to suggest if they cannot be read. `more` says
/// whether the circle has more members than were read.
fn load_mentionable(session: Session, circle: CircleId, into: RwSignal<Vec<Candidate>>, more: RwSignal<bool>) {
    leptos::task::spawn_local(async move {
        let (mut cursor, mut all) = (None, Vec::new());
        for _ in 0..5 {
            let query = CircleMembersQuery { limit: Some(100), cursor: cursor.take(), q: None };
            let Ok(page) = session.call::<ListCircleMembers>(circle, &query).await else { break };
            all.extend(mentionable(page.items));
            cursor = page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
        more.try_set(cursor.is_some());
        into.try_update(|list| {
            // Those a lookup found meanwhile stay.
            all.retain(|c| !list.iter().any(|l| l.id == c.id));
            list.extend(all);
        });
    });
}

fn mentionable(members: Vec<CircleMember>) -> impl Iterator<Item = Candidate> {
    members.into_iter().filter(|m| m.role != CircleRole::Observer).map(|m| Candidate { id: m.user_id, name: m.name })
}

/// For a circle with more members than [`load_mentionable`] reads: the composers below look the
/// names typed up on the server, and those found join `into`.
fn provide_mention_lookup(session: Session, circle: CircleId, into: RwSignal<Vec<Candidate>>, more: RwSignal<bool>) {
    provide_context(MentionLookup(Callback::new(move |q: String| {
        if !more.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            let query = CircleMembersQuery { q: Some(q), limit: Some(20), cursor: None };
            let Ok(page) = session.call::<ListCircleMembers>(circle, &query).await else { return };
            into.try_update(|list| {
                for found in mentionable(page.items) {
                    if !list.iter().any(|c| c.id == found.id) {
                        list.push(found);
                    }
                }
            });
        });
    })));
}

/// A file for a post of `circle`, sent with its name.
async fn upload_file(
    session: Session,
    circle: CircleId,
    file: web_sys::File,
    progress: Callback<f64>,
) -> Result<Attachment, ClientError> {
    session.upload_named_file::<UploadCircleAttachment>(circle, &file, progress).await
}

/// The list separator of a language.
fn separator(lang: Language) -> &'static str {
    if lang == Language::Ar { "، " } else { ", " }
}

/// "12 members · 3 threads".
fn counts_text(lang: Language, members: i64, threads: i64) -> String {
    format!("{} · {}", counted(lang, members, MEMBERS), counted(lang, threads, THREADS))
}

/// Who may join a circle, as a badge.
fn policy_badge(policy: JoinPolicy) -> impl IntoView {
    let (class, key) = match policy {
        JoinPolicy::Open => ("badge badge--success", k::CIRCLE_POLICY_OPEN),
        JoinPolicy::Request => ("badge badge--info", k::CIRCLE_POLICY_REQUEST),
        JoinPolicy::Invite => ("badge badge--warning", k::CIRCLE_POLICY_INVITE),
    };
    let locale = use_locale();
    view! { <span class=class data-policy=policy.as_str()>{move || text(locale.get(), key)}</span> }
}

fn standing_key(standing: CircleStanding) -> usize {
    match standing {
        CircleStanding::Moderator => k::CIRCLE_STANDING_MODERATOR,
        CircleStanding::Member => k::CIRCLE_STANDING_MEMBER,
        CircleStanding::Observer => k::CIRCLE_STANDING_OBSERVER,
        CircleStanding::Requested => k::CIRCLE_STANDING_REQUESTED,
        CircleStanding::Invited => k::CIRCLE_STANDING_INVITED,
    }
}

/// Where the reader stands with a circle, as a badge.
fn standing_badge(standing: CircleStanding) -> impl IntoView {
    let class = match standing {
        CircleStanding::Requested | CircleStanding::Invited => "badge badge--warning circle-standing",
        _ => "badge badge--info circle-standing",
    };
    let locale = use_locale();
    view! { <span class=class data-standing=standing.as_str()>{move || text(locale.get(), standing_key(standing))}</span> }
}

/// A thread's kind, as a badge.
fn kind_badge(kind: ThreadKind) -> impl IntoView {
    let key = match kind {
        ThreadKind::Discussion => k::CIRCLE_KIND_DISCUSSION,
        ThreadKind::Question => k::CIRCLE_KIND_QUESTION,
    };
    let locale = use_locale();
    view! { <span class="badge" data-kind=kind.as_str()>{move || text(locale.get(), key)}</span> }
}

/// The first words of a Markdown text, without its marks, on one line: a card's excerpt.
fn excerpt(markdown: &str, most: usize) -> String {
    let plain: String = markdown.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '>')).collect();
    let words = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", words[..at].trim_end()),
        None => words,
    }
}

/// Whether a post written at `at` may still change (its author's first minutes): the browser's
/// clock; the server has the last word.
fn still_editable(at: DateTime<Utc>) -> bool {
    let until = at + chrono::Duration::minutes(madani_shared::circles::POST_EDIT_MINUTES);
    js_sys::Date::now() < until.timestamp_millis() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_one_plain_line_cut_at_a_length() {
        assert_eq!(excerpt("Un **cercle** ouvert :\n_méthodes_, appels.", 100), "Un cercle ouvert : méthodes, appels.");
        let long = excerpt(&"mot ".repeat(60), 20);
        assert!(long.ends_with('…') && long.chars().count() <= 21, "{long}");
    }

    #[test]
    fn links_lead_to_the_circle_and_the_thread() {
        let id = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e70";
        assert_eq!(circle_href(id.parse().unwrap()), format!("/circles/{id}"));
        assert_eq!(thread_href(id.parse().unwrap()), format!("/threads/{id}"));
    }
}
