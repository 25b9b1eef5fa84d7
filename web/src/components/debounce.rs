//! Search as you type without a request per keystroke.

use std::time::Duration;

use leptos::prelude::*;

/// A signal that follows `source` once it has stopped changing for `delay`.
pub fn debounced(source: RwSignal<String>, delay: Duration) -> RwSignal<String> {
    let settled = RwSignal::new(source.get_untracked());
    let typed = RwSignal::new(0u64);
    Effect::new(move |_| {
        let value = source.get();
        let n = typed.get_untracked() + 1;
        typed.set(n);
        set_timeout(
            move || {
                // The page may be gone by then.
                if typed.try_get_untracked() == Some(n) {
                    settled.try_set(value);
                }
            },
            delay,
        );
    });
    settled
}
