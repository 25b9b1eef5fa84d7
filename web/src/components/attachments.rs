//! Files sent with a message or a circle's post: a picker that sends each chosen file at once (a
//! chip each: its name, its size or the share sent, a remove button; a refused file says why, from
//! the server's code) and the files of a message or a post (pictures as thumbnails, PDFs as buttons
//! that download them). A file is read with the access token, which an `<img src>` or an `<a href>`
//! cannot carry: through the session, shown from a `blob:` address released with the view.

use std::future::Future;
use std::sync::{Arc, Mutex};

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::ClientError;
use madani_shared::ids::AttachmentId;
use madani_shared::messaging::Attachment;

use super::download::{bytes_blob, save_bytes};
use super::icon::{Icon, icon};
use super::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{format, format_bytes, format_percent, text, tr, use_locale};
use crate::session::use_session;

/// The file types the server takes (it checks the content, not this list).
pub const FILE_TYPES: &str = "image/png,image/jpeg,image/webp,application/pdf";
/// The most files sent with one message or post.
pub const MAX_FILES: usize = 5;
/// The largest file the server takes, in bytes.
const MAX_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// The picker's texts, from the area whose pages show it (the messages', the circles'): an area's
/// texts come with its pages, so each names its own.
#[derive(Clone, Copy)]
pub struct FileTexts {
    /// The file input's label.
    pub attach: usize,
    /// What it takes, for assistive technologies.
    pub hint: usize,
    /// The list of chosen files.
    pub chosen: usize,
    /// A chip's remove button (`{name}`).
    pub remove: usize,
    /// A file on its way (`{percent}`).
    pub sending: usize,
    pub not_allowed: usize,
    pub empty: usize,
    pub too_large: usize,
    /// Too many uploads this hour.
    pub too_many: usize,
    /// More than [`MAX_FILES`] chosen.
    pub at_most: usize,
}

#[derive(Clone)]
enum Phase {
    /// The share sent so far.
    Sending(f64),
    Sent(Attachment),
    /// Refused: the text that says why, or the failure itself.
    Refused(Option<usize>, Arc<ClientError>),
}

#[derive(Clone)]
struct Chosen {
    key: u32,
    name: String,
    size: f64,
    phase: Phase,
}

/// The files chosen for one message or post, owned by its form.
#[derive(Clone, Copy)]
pub struct ChosenFiles {
    list: RwSignal<Vec<Chosen>>,
    next: StoredValue<u32>,
}

impl ChosenFiles {
    pub fn new() -> Self {
        ChosenFiles { list: RwSignal::new(Vec::new()), next: StoredValue::new(0) }
    }

    /// The ids of the files sent, for the message or post.
    pub fn ids(&self) -> Vec<AttachmentId> {
        self.list.with_untracked(|l| {
            l.iter()
                .filter_map(|c| match &c.phase {
                    Phase::Sent(a) => Some(a.id),
                    _ => None,
                })
                .collect()
        })
    }

    /// Whether a file is still on its way (tracked).
    pub fn sending(&self) -> bool {
        self.list.with(|l| l.iter().any(|c| matches!(c.phase, Phase::Sending(_))))
    }

    /// [`ChosenFiles::sending`], untracked.
    pub fn sending_untracked(&self) -> bool {
        self.list.with_untracked(|l| l.iter().any(|c| matches!(c.phase, Phase::Sending(_))))
    }

    /// Read the list, for an effect that follows its changes.
    pub fn track(&self) {
        self.list.track();
    }

    /// Forget them all (the message is sent).
    pub fn clear(&self) {
        self.list.set(Vec::new());
    }

    /// How many are sent or on their way.
    fn counted(&self) -> usize {
        self.list.with_untracked(|l| l.iter().filter(|c| !matches!(c.phase, Phase::Refused(..))).count())
    }

    fn add(&self, file: &web_sys::File) -> u32 {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        self.list.update(|l| l.push(Chosen { key, name: file.name(), size: file.size(), phase: Phase::Sending(0.0) }));
        key
    }

    /// Set the phase of `key`, if it is still chosen (and the form still there).
    fn set(&self, key: u32, phase: Phase) {
        self.list.try_update(|l| {
            if let Some(c) = l.iter_mut().find(|c| c.key == key) {
                c.phase = phase;
            }
        });
    }

    fn remove(&self, key: u32) {
        self.list.update(|l| l.retain(|c| c.key != key));
    }
}

impl Default for ChosenFiles {
    fn default() -> Self {
        Self::new()
    }
}

/// The text of a refused upload, when it is the file's fault.
fn refusal(texts: &FileTexts, error: &ClientError) -> Option<usize> {
    let problem = error.problem()?;
    match problem.status {
        413 => return Some(texts.too_large),
        429 => return Some(texts.too_many),
        _ => {}
    }
    problem.errors.iter().filter(|e| e.field == "file").find_map(|e| match e.code.as_str() {
        "not_allowed" => Some(texts.not_allowed),
        "required" => Some(texts.empty),
        "too_large" => Some(texts.too_large),
        _ => None,
    })
}

/// A file input (several files at a time) whose files are sent at once with `upload` (the file and
/// where to tell the share sent), then listed as chips in `files`; at most [`MAX_FILES`].
#[component]
pub fn AttachmentPicker<U, Fut>(
    /// The file input's id; the other ids start with it.
    id: &'static str,
    files: ChosenFiles,
    texts: FileTexts,
    upload: U,
) -> impl IntoView
where
    U: Fn(web_sys::File, Callback<f64>) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<Attachment, ClientError>> + 'static,
{
    let locale = use_locale();
    let input = NodeRef::<html::Input>::new();
    // Said to assistive technologies as it changes: more files than allowed, a refused file.
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let on_change = move |_| {
        let Some(el) = input.get_untracked() else { return };
        let chosen: Vec<web_sys::File> =
            el.files().map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default();
        // The same file may be chosen again after its chip was removed.
        el.set_value("");
        notice.set(None);
        for file in chosen {
            if files.counted() >= MAX_FILES {
                notice.set(Some(text(locale.get_untracked(), texts.at_most).to_owned()));
                break;
            }
            let key = files.add(&file);
            // Not sent when the server would refuse it for its size.
            if file.size() > MAX_BYTES {
                let error = ClientError::Transport(String::new());
                files.set(key, Phase::Refused(Some(texts.too_large), Arc::new(error)));
                notice.set(Some(refused_note(locale.get_untracked(), &file.name(), texts.too_large)));
                continue;
            }
            spawn_local(async move {
                let progress = Callback::new(move |share: f64| files.set(key, Phase::Sending(share)));
                let name = file.name();
                let phase = match upload(file, progress).await {
                    Ok(attachment) => Phase::Sent(attachment),
                    Err(error) => {
                        let why = refusal(&texts, &error);
                        let lang = locale.get_untracked();
                        let said = match why {
                            Some(key) => text(lang, key).to_owned(),
                            None => problem_text(lang, &error),
                        };
                        notice.try_set(Some(format!("{name}: {said}")));
                        Phase::Refused(why, Arc::new(error))
                    }
                };
                files.set(key, phase);
            });
        }
    };
    let remove = move |key: u32| {
        files.remove(key);
        notice.set(None);
        // The button is gone: back to the file input.
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    };
    let hint_id = format!("{id}-hint");
    view! {
        <div class="files" id=format!("{id}-picker")>
            <input type="file" class="sr-only files__input" id=id node_ref=input multiple=true accept=FILE_TYPES
                aria-describedby=hint_id.clone() on:change=on_change />
            <label class="btn btn--ghost btn--small files__add" for=id>{icon(Icon::Document)}<span>{tr(texts.attach)}</span></label>
            <span class="sr-only" id=hint_id>{tr(texts.hint)}</span>
            <Show when=move || files.list.with(|l| !l.is_empty())>
                <ul class="files__chosen" aria-label=tr(texts.chosen)>
                    <For each=move || files.list.get() key=|c| c.key let:c>
                        <Chip c files texts remove />
                    </For>
                </ul>
            </Show>
            <p class="files__notice" role="status">{move || notice.get()}</p>
        </div>
    }
}

/// "name: why", for the live notice.
fn refused_note(lang: madani_shared::text::Language, name: &str, key: usize) -> String {
    format!("{name}: {}", text(lang, key))
}

/// A chosen file: its name, then its size, the share sent, or why it was refused; a remove button.
#[component]
fn Chip(c: Chosen, files: ChosenFiles, texts: FileTexts, remove: impl Fn(u32) + Copy + 'static) -> impl IntoView {
    let locale = use_locale();
    let key = c.key;
    let phase = move || files.list.with(|l| l.iter().find(|x| x.key == key).map(|x| x.phase.clone()));
    let refused = move || matches!(phase(), Some(Phase::Refused(..)));
    let size = c.size;
    let status = move || {
        let lang = locale.get();
        match phase() {
            Some(Phase::Sending(share)) => {
                let percent = format_percent(lang, (share * 100.0).round().clamp(0.0, 100.0) as i64);
                format(lang, texts.sending, &[("percent", &percent)])
            }
            Some(Phase::Refused(Some(why), _)) => text(lang, why).to_owned(),
            Some(Phase::Refused(None, error)) => problem_text(lang, &error),
            _ => format_bytes(lang, size as u64),
        }
    };
    let name = c.name.clone();
    let label = move || format(locale.get(), texts.remove, &[("name", &name)]);
    let title = label.clone();
    view! {
        <li class="file-chip" class:file-chip--refused=refused>
            <span class="file-chip__name" dir="auto">{c.name.clone()}</span>
            <span class="file-chip__status">{status}</span>
            <button type="button" class="file-chip__remove" aria-label=label title=title on:click=move |_| remove(key)>
                {icon(Icon::Close)}
            </button>
        </li>
    }
}

/// The files of a message or a post: pictures as thumbnails (a link to the picture), PDFs as
/// buttons that download them ("name · size").
#[component]
pub fn AttachmentList(files: Vec<Attachment>) -> impl IntoView {
    let (pictures, documents): (Vec<Attachment>, Vec<Attachment>) =
        files.into_iter().partition(|f| f.content_type.starts_with("image/"));
    view! {
        {(!pictures.is_empty()).then(|| view! {
            <ul class="files__pictures">
                {pictures.into_iter().map(|f| view! { <li><Thumbnail file=f /></li> }).collect_view()}
            </ul>
        })}
        {(!documents.is_empty()).then(|| view! {
            <ul class="files__documents">
                {documents.into_iter().map(|f| view! { <li><DocumentButton file=f /></li> }).collect_view()}
            </ul>
        })}
    }
}

/// A `blob:` address made from bytes read through the session, released when its view goes (or at
/// once, if it went while they were read).
#[derive(Clone, Default)]
struct BlobUrl(Arc<Mutex<(bool, Option<String>)>>);

impl BlobUrl {
    /// Keep `url` for release; `false` (and released) when the view has gone.
    fn hold(&self, url: &str) -> bool {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if held.0 {
            let _ = web_sys::Url::revoke_object_url(url);
            return false;
        }
        held.1 = Some(url.to_owned());
        true
    }

    fn release(&self) {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.0 = true;
        if let Some(url) = held.1.take() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }
}

/// A picture, read through the session into a `blob:` address; its name as its text.
#[component]
fn Thumbnail(file: Attachment) -> impl IntoView {
    let session = use_session();
    let src: RwSignal<Option<String>> = RwSignal::new(None);
    let failed = RwSignal::new(false);
    let blob = BlobUrl::default();
    on_cleanup({
        let blob = blob.clone();
        move || blob.release()
    });
    let (url, kind) = (file.url.clone(), file.content_type.clone());
    spawn_local(async move {
        let made = session
            .fetch_path(&url)
            .await
            .ok()
            .and_then(|bytes| bytes_blob(&kind, &bytes))
            .and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok());
        match made {
            Some(made) if blob.hold(&made) => {
                src.try_set(Some(made));
            }
            Some(_) => {}
            None => {
                failed.try_set(true);
            }
        }
    });
    let name = file.name;
    move || match src.get() {
        Some(src) => {
            let href = src.clone();
            view! {
            <a class="file-thumb" href=href target="_blank" rel="noopener">
                <img class="file-thumb__img" src=src alt=name.clone() />
            </a>
            }
            .into_any()
        }
        None => view! {
            <span class="file-thumb file-thumb--empty" dir="auto">{failed.get().then(|| name.clone())}</span>
        }
        .into_any(),
    }
}

/// A PDF: a button "name · size" that reads it through the session and offers it for download.
#[component]
fn DocumentButton(file: Attachment) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let size = file.size.max(0) as u64;
    let name = file.name.clone();
    let download = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let file = file.clone();
        spawn_local(async move {
            match session.fetch_path(&file.url).await {
                Ok(bytes) => save_bytes(&file.name, &file.content_type, &bytes),
                Err(error) => toasts.error(problem_text(locale.get_untracked(), &error)),
            }
            busy.try_set(false);
        });
    };
    view! {
        <button type="button" class="btn btn--secondary btn--small file-doc"
            aria-busy=move || if busy.get() { "true" } else { "false" } on:click=download>
            {icon(Icon::Document)}<span><bdi>{name}</bdi>" · "{move || format_bytes(locale.get(), size)}</span>
        </button>
    }
}
