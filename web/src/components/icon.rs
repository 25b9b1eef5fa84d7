//! Small line icons drawn inline (no icon font, no request): decorative, hidden from screen readers.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Building,
    Graduation,
    Calendar,
    Chat,
    Eye,
    EyeOff,
    Document,
    Play,
    Download,
    Link,
    Check,
    Question,
    Close,
    Printer,
    ArrowUp,
    ArrowDown,
    Bell,
    Menu,
}

impl Icon {
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Building => &["M3 21h18", "M5 21V8l7-4 7 4v13", "M9 21v-6h6v6", "M9 10h.01", "M15 10h.01"],
            Icon::Graduation => &["M2 9l10-5 10 5-10 5z", "M6 11v5c0 1.5 3 3 6 3s6-1.5 6-3v-5", "M22 9v6"],
            Icon::Calendar => &[
                "M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z",
                "M3 10h18",
                "M8 3v4",
                "M16 3v4",
            ],
            Icon::Chat => &["M21 12a8 8 0 0 1-11.6 7.1L4 21l1.9-5.4A8 8 0 1 1 21 12z"],
            Icon::Eye => &["M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z", "M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"],
            Icon::EyeOff => &[
                "M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z",
                "M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z",
                "M3 3l18 18",
            ],
            Icon::Document => {
                &["M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z", "M14 3v6h6", "M8 13h8", "M8 17h5"]
            }
            Icon::Play => &["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M10 8.5v7l6-3.5z"],
            Icon::Download => &["M12 3v12", "M7 10l5 5 5-5", "M4 20h16"],
            Icon::Link => &[
                "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1",
                "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
            ],
            Icon::Check => &["M5 12.5l4.5 4.5L19 7"],
            Icon::Question => &[
                "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z",
                "M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6",
                "M12 17h.01",
            ],
            Icon::Close => &["M6 6l12 12", "M18 6L6 18"],
            Icon::ArrowUp => &["M12 19V5", "M5 12l7-7 7 7"],
            Icon::ArrowDown => &["M12 5v14", "M19 12l-7 7-7-7"],
            Icon::Bell => &["M6 16V11a6 6 0 0 1 12 0v5l2 2H4z", "M10 20a2 2 0 0 0 4 0"],
            Icon::Menu => &["M4 6h16", "M4 12h16", "M4 18h16"],
            Icon::Printer => &[
                "M7 9V3h10v6",
                "M7 17H5a2 2 0 0 1-2-2v-4a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2h-2",
                "M7 14h10v7H7z",
            ],
        }
    }
}

/// An icon sized to the surrounding text.
pub fn icon(which: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            {which.paths().iter().map(|d| view! { <path d=*d /> }).collect_view()}
        </svg>
    }
}
