//! The demo's files: small PDF documents, stored as an upload would be, for a message and a
//! circle's post to carry.

use crate::error::{ApiError, ApiResult};
use crate::storage::Storage;

/// A one-page A4 PDF showing `lines` (plain ASCII) in Helvetica.
pub(super) fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 14 Tf 72 790 Td 20 TL");
    for line in lines {
        let escaped = line.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        content.push_str(&format!("\n({escaped}) '"));
    }
    content.push_str("\nET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// Store `bytes` under `<folder>/<fresh id>.pdf`, as an upload is; the key.
pub(super) fn store_pdf(storage: &dyn Storage, folder: &str, bytes: &[u8]) -> ApiResult<String> {
    let key = format!("{folder}/{}.pdf", uuid::Uuid::now_v7().simple());
    storage.put(&key, bytes).map_err(ApiError::internal)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::pdf;

    #[test]
    fn the_pdf_is_recognised_as_one_and_its_table_points_at_its_objects() {
        let bytes = pdf(&["Programme (draft)", "10 h"]);
        assert_eq!(crate::media::sniff_file(&bytes), Some(("application/pdf", "pdf")));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("(Programme \\(draft\\)) '"));
        let start: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[start..].starts_with("xref\n0 6\n"));
        for (n, line) in text[start..].lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(text[offset..].starts_with(&format!("{} 0 obj", n + 1)), "object {}", n + 1);
        }
    }
}
