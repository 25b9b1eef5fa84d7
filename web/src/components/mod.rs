//! The pieces pages share: reading (`Loaded`, paged lists and searches) and writing (`Mutation`),
//! forms, toasts, dialogs, states, the sign-in guard, filters, the territory picker, the
//! localized-text editor, picture uploads, the files of messages and posts, @mentions in a text,
//! downloads and labels, and the member's live events.

pub mod attachments;
pub mod auth;
pub mod bell;
pub mod debounce;
pub mod dialog;
pub mod download;
pub mod facet;
pub mod follow;
pub mod form;
pub mod icon;
pub mod label;
pub mod list;
pub mod live;
pub mod loaded;
pub mod localized;
pub mod mention;
pub mod mutation;
pub mod page;
pub mod search;
pub mod states;
pub mod table;
pub mod territory;
pub mod toast;
pub mod upload;
