//! What an uploaded file is, by its content (never by its name or declared type): the pictures
//! and videos Madani accepts.

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

/// A video format Madani accepts for lessons: what browsers play in a `<video>` everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoKind {
    Mp4,
    Webm,
}

impl VideoKind {
    pub fn mime(self) -> &'static str {
        match self {
            VideoKind::Mp4 => "video/mp4",
            VideoKind::Webm => "video/webm",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            VideoKind::Mp4 => "mp4",
            VideoKind::Webm => "webm",
        }
    }

    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "mp4" => Some(VideoKind::Mp4),
            "webm" => Some(VideoKind::Webm),
            _ => None,
        }
    }
}

/// How many bytes from the start of a file [`sniff_video`] may need.
pub const VIDEO_SNIFF_BYTES: usize = 4096;

/// What a video file is, by its first bytes: an MP4 (an ISO base media `ftyp` box whose major brand
/// is a video one; HEIF and AVIF pictures and QuickTime files share the box and are refused), or a
/// WebM (an EBML header whose document type is `webm`; other Matroska files are refused).
pub fn sniff_video(head: &[u8]) -> Option<VideoKind> {
    const MP4_BRANDS: &[&[u8; 4]] = &[
        b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"mmp4",
        b"MSNV", b"3gp4", b"3gp5", b"3gp6",
    ];
    if head.get(4..8) == Some(b"ftyp") {
        let size = u32::from_be_bytes(head.get(0..4)?.try_into().ok()?);
        let brand: &[u8; 4] = head.get(8..12)?.try_into().ok()?;
        return ((16..=1024).contains(&size) && MP4_BRANDS.contains(&brand)).then_some(VideoKind::Mp4);
    }
    if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        // The header's elements: the DocType (0x4282) says which Matroska profile this is.
        let (size, width) = ebml_size(head.get(4..)?)?;
        let body = head.get(4 + width..(4 + width).checked_add(usize::try_from(size).ok()?)?)?;
        let mut at = 0;
        while at + 2 < body.len() {
            let id_width = match body[at] {
                b if b & 0x80 != 0 => 1,
                b if b & 0x40 != 0 => 2,
                b if b & 0x20 != 0 => 3,
                b if b & 0x10 != 0 => 4,
                _ => return None,
            };
            let id = body.get(at..at + id_width)?;
            let (len, len_width) = ebml_size(body.get(at + id_width..)?)?;
            let start = at + id_width + len_width;
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            if id == [0x42, 0x82] {
                return (body.get(start..end)? == b"webm").then_some(VideoKind::Webm);
            }
            at = end;
        }
    }
    None
}

/// An EBML variable-length size: (value, bytes it took).
fn ebml_size(bytes: &[u8]) -> Option<(u64, usize)> {
    let first = *bytes.first()?;
    let width = first.leading_zeros() as usize + 1;
    if width > 8 {
        return None;
    }
    let mut value = u64::from(first) & (0xFF >> width);
    for b in bytes.get(1..width)? {
        value = (value << 8) | u64::from(*b);
    }
    Some((value, width))
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
    use crate::storage::tests::PNG;

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

    /// The start of an MP4 file: an `ftyp` box with the major brand `isom`.
    pub const MP4_HEAD: &[u8] = b"\0\0\0\x18ftypisom\0\0\x02\0isommp41\0\0\0\x08free";
    /// The start of a WebM file: an EBML header with the document type `webm`.
    pub const WEBM_HEAD: &[u8] = &[
        0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42,
        0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, b'w', b'e', b'b', b'm', 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02,
        0x18, 0x53, 0x80, 0x67,
    ];

    #[test]
    fn recognises_videos_by_content() {
        assert_eq!(sniff_video(MP4_HEAD), Some(VideoKind::Mp4));
        assert_eq!(sniff_video(WEBM_HEAD), Some(VideoKind::Webm));
        let mut matroska = WEBM_HEAD.to_vec();
        matroska.splice(23..28, [0x88, b'm', b'a', b't', b'r', b'o', b's', b'k', b'a']);
        matroska[4] = 0x9F + 4;
        for bad in [
            // An AVIF picture and a QuickTime movie share the box.
            &b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"[..],
            b"\0\0\0\x14ftypqt  \0\0\x02\0qt  ",
            &matroska,
            PNG,
            b"<svg/>",
            b"\x1aE\xdf\xa3",
            b"",
        ] {
            assert_eq!(sniff_video(bad), None, "{bad:?}");
        }
    }
}
