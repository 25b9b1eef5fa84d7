//! A confirm dialog on the native `<dialog>` element (focus trap, Escape and backdrop for free).

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{k, tr};

/// Keep a `<dialog>` shown as a modal while `open` is true, and closed otherwise (the dialog's own
/// `close` event, from Escape, must set `open` back: `on:close=move |_| open.set(false)`).
pub fn follow_open(dialog: NodeRef<html::Dialog>, open: RwSignal<bool>) {
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
}

/// Ask before a destructive action. `open` shows it; confirming calls `on_confirm` and closes it.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: usize,
    message: usize,
    #[prop(default = k::COMMON_CONFIRM)] confirm_label: usize,
    #[prop(default = true)] danger: bool,
    on_confirm: Callback<()>,
    /// Unique per page when a page has more than one dialog.
    #[prop(default = "confirm-dialog-title")]
    title_id: &'static str,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    follow_open(dialog, open);
    view! {
        <dialog class="dialog" node_ref=dialog aria-labelledby=title_id on:close=move |_| open.set(false)>
            <h2 class="dialog__title" id=title_id>{tr(title)}</h2>
            <p class="dialog__body">{tr(message)}</p>
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>
                    {tr(k::COMMON_CANCEL)}
                </button>
                <button
                    type="button"
                    class=if danger { "btn btn--danger" } else { "btn btn--primary" }
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {tr(confirm_label)}
                </button>
            </div>
        </dialog>
    }
}
