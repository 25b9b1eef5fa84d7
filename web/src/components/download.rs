//! Files made in the browser and offered for download (an account's data, a credential, a CSV, a
//! message's file read through the session).

use wasm_bindgen::JsCast;

/// Offer `json` as a file download.
pub fn save_json(name: &str, json: &str) {
    save_file(name, "application/json", json);
}

/// Offer `content` as a file download (a `blob:` address clicked, then released).
pub fn save_file(name: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        save_blob(name, &blob);
    }
}

/// Offer `bytes` as a file download.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) {
    if let Some(blob) = bytes_blob(mime, bytes) {
        save_blob(name, &blob);
    }
}

/// `bytes` as a blob of type `mime`.
pub fn bytes_blob(mime: &str, bytes: &[u8]) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

fn save_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Ok(el) = doc.create_element("a")
        && let Ok(a) = el.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
