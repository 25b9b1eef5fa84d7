//! Uploaded files behind one interface: a directory under the data directory now, object storage
//! later (DESIGN.md, "Scale-out"). Keys are plain relative names (`logos/<id>-<hash>.png`); a key
//! never climbs out of the root.

use std::io;
use std::path::{Path, PathBuf};

pub trait Storage: Send + Sync {
    /// Store `bytes` under `key`, replacing what was there; readers see the old or the new file,
    /// never half of one.
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()>;
    /// The bytes under `key`, if any.
    fn get(&self, key: &str) -> io::Result<Option<Vec<u8>>>;
    /// Forget `key` (no error when it is already gone).
    fn delete(&self, key: &str) -> io::Result<()>;
}

/// Files in a directory.
pub struct DirStorage {
    root: PathBuf,
}

impl DirStorage {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirStorage { root: root.into() }
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        let valid = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty()
                    && !part.starts_with('.')
                    && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            });
        if !valid {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("bad storage key {key:?}")));
        }
        Ok(self.root.join(Path::new(key)))
    }
}

impl Storage for DirStorage {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(key)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temp = path.with_extension(format!("part-{}", uuid::Uuid::now_v7().simple()));
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
    }

    fn get(&self, key: &str) -> io::Result<Option<Vec<u8>>> {
        match std::fs::read(self.path(key)?) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(key)?) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// An image format Madani accepts for logos and covers. SVG is not among them: it can carry script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Webp,
}

impl ImageKind {
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Webp => "webp",
        }
    }

    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "png" => Some(ImageKind::Png),
            "jpg" => Some(ImageKind::Jpeg),
            "webp" => Some(ImageKind::Webp),
            _ => None,
        }
    }
}

/// What the bytes are, by their content (the declared type is not trusted), with the picture's
/// width and height read from its header; `None` when they are not a well-formed PNG, JPEG or WebP
/// header.
pub fn sniff_image(bytes: &[u8]) -> Option<(ImageKind, u32, u32)> {
    let be16 = |b: &[u8], at: usize| b.get(at..at + 2).map(|x| u32::from(u16::from_be_bytes([x[0], x[1]])));
    let le16 = |b: &[u8], at: usize| b.get(at..at + 2).map(|x| u32::from(u16::from_le_bytes([x[0], x[1]])));
    let be32 = |b: &[u8], at: usize| b.get(at..at + 4).map(|x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]));
    let le24 = |b: &[u8], at: usize| b.get(at..at + 3).map(|x| u32::from_le_bytes([x[0], x[1], x[2], 0]));
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        return Some((ImageKind::Png, be32(bytes, 16)?, be32(bytes, 20)?));
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        // Walk the segments to a start-of-frame marker, which holds the size.
        let mut at = 2;
        while at + 4 <= bytes.len() {
            if bytes[at] != 0xFF {
                return None;
            }
            let marker = bytes[at + 1];
            if marker == 0xFF {
                at += 1;
                continue;
            }
            let length = be16(bytes, at + 2)? as usize;
            let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_sof {
                return Some((ImageKind::Jpeg, be16(bytes, at + 7)?, be16(bytes, at + 5)?));
            }
            if length < 2 {
                return None;
            }
            at += 2 + length;
        }
        return None;
    }
    if bytes.get(0..4) == Some(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return match bytes.get(12..16)? {
            b"VP8 " if bytes.get(23..26) == Some(&[0x9D, 0x01, 0x2A]) => {
                Some((ImageKind::Webp, le16(bytes, 26)? & 0x3FFF, le16(bytes, 28)? & 0x3FFF))
            }
            b"VP8L" if bytes.get(20) == Some(&0x2F) => {
                let b = bytes.get(21..25)?;
                let width = 1 + (u32::from(b[0]) | (u32::from(b[1] & 0x3F) << 8));
                let height = 1 + ((u32::from(b[1]) >> 6) | (u32::from(b[2]) << 2) | (u32::from(b[3] & 0x0F) << 10));
                Some((ImageKind::Webp, width, height))
            }
            b"VP8X" => Some((ImageKind::Webp, 1 + le24(bytes, 24)?, 1 + le24(bytes, 27)?)),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG.
    pub const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
        0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF,
        0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn recognises_images_by_content() {
        assert_eq!(sniff_image(PNG), Some((ImageKind::Png, 1, 1)));
        // A baseline JPEG header: SOI, an APP0 segment, then SOF0 for 640×480.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]);
        assert_eq!(sniff_image(&jpeg), Some((ImageKind::Jpeg, 640, 480)));
        // WebP, extended format, 300×200.
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X".to_vec();
        webp.extend([10, 0, 0, 0, 0, 0, 0, 0, 43, 1, 0, 199, 0, 0]);
        assert_eq!(sniff_image(&webp), Some((ImageKind::Webp, 300, 200)));
    }

    #[test]
    fn refuses_what_is_not_an_image() {
        for bad in [
            &b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"[..],
            b"GIF89a\x01\x00\x01\x00",
            b"%PDF-1.7",
            b"\x89PNG\r\n\x1a\n",
            &[0xFF, 0xD8, 0xFF],
            b"",
        ] {
            assert_eq!(sniff_image(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn keys_stay_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let storage = DirStorage::new(dir.path());
        storage.put("logos/a-1.png", b"x").unwrap();
        assert_eq!(storage.get("logos/a-1.png").unwrap().as_deref(), Some(&b"x"[..]));
        storage.delete("logos/a-1.png").unwrap();
        storage.delete("logos/a-1.png").unwrap();
        assert_eq!(storage.get("logos/a-1.png").unwrap(), None);
        for bad in ["../etc/passwd", "logos/../../x", "/abs", "logos//x", ".hidden", "a b"] {
            assert!(storage.put(bad, b"x").is_err(), "{bad}");
        }
    }
}
