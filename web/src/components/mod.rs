//! The pieces every page uses: forms, toasts, dialogs, lists, states, the territory picker and the
//! localized-text editor.

pub mod debounce;
pub mod dialog;
pub mod form;
pub mod icon;
pub mod list;
pub mod localized;
pub mod states;
pub mod territory;
pub mod toast;
