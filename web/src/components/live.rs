//! The member's live events, for the pages that follow them (the messages, a circle's thread). A
//! WebSocket to `/api/v1/ws` (sub-protocol `madani.v1`, the access token as `bearer.<token>`) sends
//! each of the member's events as it happens; the number of the last one is kept, so that a socket
//! opened again after a drop (after 1, 2, 4 … up to 30 seconds) asks for exactly what it missed
//! (`?since=`), and a refreshed token is sent on the open socket (`auth`) before the first one
//! expires. When no socket opens (a proxy that refuses them, too many tabs), the same events come by
//! long polls (`/api/v1/events?since=&wait=25`), and the socket is tried again every five minutes.
//! The page that starts them (`Live::start`) and its parts listen (`Live::listen`) while they are
//! shown.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::Endpoint;
use madani_shared::endpoints::{ListMyEvents, OpenSocket};
use madani_shared::messaging::{Event, EventKind, EventsQuery};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use crate::components::bell::Unread;
use crate::session::{Session, sleep, use_session};

/// What the area's parts are told, in order.
#[derive(Clone, Debug)]
pub enum News {
    Event(Box<Event>),
    /// Events were lost (older than the server keeps, or from before the polls began): load again
    /// what is shown.
    Reload,
}

type Listener = Rc<dyn Fn(&News)>;

/// The live events of the page that started them, in its context.
#[derive(Clone, Copy)]
pub struct Live {
    listeners: StoredValue<Vec<(u32, Listener)>, LocalStorage>,
    next: StoredValue<u32>,
    /// Whether events come as they happen (not while the link is being made again).
    pub online: RwSignal<bool>,
    /// Whether the number of the member's last event is known: the pages read after it, so that
    /// nothing that happens meanwhile is missed.
    ready: RwSignal<bool>,
    /// How many pieces of news were told: a read during which some came is done again.
    told: StoredValue<u64>,
}

impl Live {
    /// Start the live events for the calling page (they stop when it goes), and put them in context.
    pub fn start() -> Live {
        let session = use_session();
        let live = Live {
            listeners: StoredValue::new_local(Vec::new()),
            next: StoredValue::new(0),
            online: RwSignal::new(true),
            ready: RwSignal::new(false),
            told: StoredValue::new(0),
        };
        provide_context(live);
        let link = Rc::new(Link {
            session,
            live,
            unread: use_context::<Unread>(),
            since: Cell::new(None),
            socket: RefCell::new(None),
            handlers: RefCell::new(None),
            stopped: Cell::new(false),
            attempts: Cell::new(0),
            recount_due: Rc::new(Cell::new(false)),
        });
        let kept = StoredValue::new_local(link.clone());
        spawn_local(link.begin());
        // A refreshed token goes on the open socket before the first one expires.
        Effect::new(move |previous: Option<Option<String>>| {
            let token = session.access_token();
            if previous.is_some() {
                kept.try_with_value(|link| link.authenticate(token.as_deref()));
            }
            token
        });
        on_cleanup(move || {
            kept.try_with_value(|link| link.stop());
        });
        live
    }

    /// Call `listener` with each piece of news while the calling component is shown.
    pub fn listen(self, listener: impl Fn(&News) + 'static) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.listeners.update_value(|l| l.push((id, Rc::new(listener))));
        on_cleanup(move || {
            self.listeners.try_update_value(|l| l.retain(|(i, _)| *i != id));
        });
    }

    fn tell(self, news: News) {
        self.told.try_update_value(|n| *n += 1);
        let listeners: Vec<Listener> =
            self.listeners.try_with_value(|l| l.iter().map(|(_, f)| f.clone()).collect()).unwrap_or_default();
        for listener in listeners {
            listener(&news);
        }
    }

    /// Once the number of the last event is known (or could not be).
    pub async fn wait_ready(self) {
        while self.ready.try_get_untracked() == Some(false) {
            sleep(Duration::from_millis(20)).await;
        }
    }

    /// What `read` answers, read once the number of the last event is known, and again (up to
    /// three times in all) when news came while it was read: an answer that replaces what a page
    /// shows may predate an event told meanwhile, which the page applied to what the answer then
    /// replaced.
    pub async fn read<T, F: Future<Output = T>>(self, read: impl Fn() -> F) -> T {
        self.wait_ready().await;
        let mut tries = 1;
        loop {
            let before = self.told.try_get_value();
            let answer = read().await;
            if tries == 3 || self.told.try_get_value() == before {
                return answer;
            }
            tries += 1;
        }
    }
}

/// The closures a socket calls, kept as long as it may call them.
struct Handlers {
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
}

/// The link to the server behind `Live`.
struct Link {
    session: Session,
    live: Live,
    unread: Option<Unread>,
    /// The number of the last event received.
    since: Cell<Option<i64>>,
    socket: RefCell<Option<WebSocket>>,
    handlers: RefCell<Option<Handlers>>,
    stopped: Cell<bool>,
    /// Sockets opened in a row that closed before they were ready.
    attempts: Cell<u32>,
    recount_due: Rc<Cell<bool>>,
}

impl Link {
    async fn begin(self: Rc<Self>) {
        // A number past the last one answers at once with the last one.
        let head = EventsQuery { since: i64::MAX, wait: 0 };
        if let Ok(batch) = self.session.call::<ListMyEvents>((), &head).await {
            self.since.set(Some(batch.seq));
        }
        self.live.ready.try_set(true);
        self.open();
    }

    fn open(self: &Rc<Self>) {
        if self.stopped.get() {
            return;
        }
        // Signed out: nothing to open.
        let Some(token) = untrack(|| self.session.access_token()) else { return };
        let protocols = js_sys::Array::of2(&"madani.v1".into(), &format!("bearer.{token}").into());
        let Some(socket) =
            socket_url(self.since.get()).and_then(|url| WebSocket::new_with_str_sequence(&url, &protocols).ok())
        else {
            return self.poll();
        };
        let ready = Rc::new(Cell::new(false));
        let on_message = {
            let (link, ready) = (Rc::downgrade(self), ready.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                if let (Some(link), Some(text)) = (link.upgrade(), ev.data().as_string())
                    && link.receive(&text)
                {
                    ready.set(true);
                }
            })
        };
        let on_close = {
            let link = Rc::downgrade(self);
            Closure::<dyn FnMut(CloseEvent)>::new(move |ev: CloseEvent| {
                if let Some(link) = link.upgrade() {
                    link.closed(ev.code(), ready.get());
                }
            })
        };
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The last socket's handlers go: it is closed, and no longer calls them.
        *self.handlers.borrow_mut() = Some(Handlers { _message: on_message, _close: on_close });
        *self.socket.borrow_mut() = Some(socket);
    }

    /// A message of the socket; whether it was the one saying it is ready.
    fn receive(&self, text: &str) -> bool {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return false };
        let seq = value["seq"].as_i64();
        match value["type"].as_str() {
            Some("ready") => {
                self.attempts.set(0);
                self.live.online.try_set(true);
                if self.since.get().is_none() {
                    self.since.set(seq);
                }
                return true;
            }
            Some("event") => {
                if let Ok(event) = serde_json::from_value::<Event>(value) {
                    self.deliver(event);
                }
            }
            Some("gap") => {
                self.since.set(seq);
                self.recount();
                self.live.tell(News::Reload);
            }
            _ => {}
        }
        false
    }

    fn deliver(&self, event: Event) {
        if self.since.get().is_some_and(|since| event.seq <= since) {
            return;
        }
        self.since.set(Some(event.seq));
        if event.kind != EventKind::MessageUpdated {
            self.recount();
        }
        self.live.tell(News::Event(Box::new(event)));
    }

    /// The header's counts, once the events of a moment have come.
    fn recount(&self) {
        let Some(unread) = self.unread else { return };
        if self.recount_due.replace(true) {
            return;
        }
        let (due, session) = (self.recount_due.clone(), self.session);
        set_timeout(
            move || {
                due.set(false);
                unread.recount(session);
            },
            Duration::from_millis(300),
        );
    }

    fn closed(self: &Rc<Self>, code: u16, was_ready: bool) {
        if let Some(socket) = self.socket.borrow_mut().take() {
            socket.set_onmessage(None);
            socket.set_onclose(None);
        }
        if self.stopped.get() {
            return;
        }
        self.live.online.try_set(false);
        match code {
            // The token expired or the session ended: a new token, then a new socket.
            4401 => {
                let link = self.clone();
                spawn_local(async move {
                    if link.session.refresh().await {
                        link.open();
                    }
                });
            }
            // Too many sockets for this member (other tabs).
            4429 => self.poll(),
            // Twice no socket: something on the way refuses them.
            _ if !was_ready && self.attempts.get() > 0 => self.poll(),
            _ => self.open_later(),
        }
    }

    fn open_later(self: &Rc<Self>) {
        let attempt = self.attempts.get();
        self.attempts.set(attempt + 1);
        // 1, 2, 4 … 30 s, spread so that many pages do not all come back at once.
        let most = (1000u64 << attempt.min(5)).min(30_000);
        let wait = most / 2 + (js_sys::Math::random() * (most / 2) as f64) as u64;
        let link = self.clone();
        set_timeout(move || link.open(), Duration::from_millis(wait));
    }

    fn poll(self: &Rc<Self>) {
        let link = self.clone();
        spawn_local(async move {
            let started = js_sys::Date::now();
            let mut failures = 0u32;
            while !link.stopped.get() {
                if js_sys::Date::now() - started > 300_000.0 {
                    link.attempts.set(0);
                    return link.open();
                }
                let first = link.since.get().is_none();
                let query =
                    EventsQuery { since: link.since.get().unwrap_or(i64::MAX), wait: if first { 0 } else { 25 } };
                match link.session.call::<ListMyEvents>((), &query).await {
                    Ok(batch) => {
                        failures = 0;
                        link.live.online.try_set(true);
                        if batch.gap || first {
                            // Where the events start from now: what is shown may be behind.
                            link.since.set(Some(batch.seq));
                            link.recount();
                            link.live.tell(News::Reload);
                        } else {
                            for event in batch.events {
                                link.deliver(event);
                            }
                            link.since.set(Some(batch.seq.max(link.since.get().unwrap_or(0))));
                        }
                    }
                    Err(_) => {
                        failures += 1;
                        link.live.online.try_set(false);
                        sleep(Duration::from_secs(2u64.pow(failures.min(5)))).await;
                    }
                }
            }
        });
    }

    /// Send a refreshed token on the open socket.
    fn authenticate(&self, token: Option<&str>) {
        let socket = self.socket.borrow();
        let (Some(token), Some(socket)) = (token, socket.as_ref()) else { return };
        if socket.ready_state() == WebSocket::OPEN {
            let _ = socket.send_with_str(&serde_json::json!({"type": "auth", "token": token}).to_string());
        }
    }

    fn stop(&self) {
        self.stopped.set(true);
        if let Some(socket) = self.socket.borrow_mut().take() {
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
    }
}

/// The socket's address on this page's host: `ws://` or `wss://` as the page is served.
fn socket_url(since: Option<i64>) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let host = location.host().ok()?;
    let query = since.map(|s| format!("?since={s}")).unwrap_or_default();
    Some(format!("{scheme}://{host}{}{query}", OpenSocket::PATH))
}
