//! The pieces every page uses: forms, toasts, dialogs, lists, states, the territory picker, the
//! localized-text editor and picture uploads.

pub mod debounce;
pub mod dialog;
pub mod form;
pub mod icon;
pub mod list;
pub mod localized;
pub mod states;
pub mod territory;
pub mod toast;
pub mod upload;
