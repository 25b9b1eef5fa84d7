//! Entry point: take the page shell the server sent (`index.html`) away and mount the app on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("shell")) {
        shell.remove();
    }
    leptos::mount::mount_to_body(madani_web::App);
}
