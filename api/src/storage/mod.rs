//! Uploaded files behind one interface: a directory under the data directory now, object storage
//! later (DESIGN.md, "Scale-out"). Keys are plain relative names (`logos/<id>-<hash>.png`); a key
//! never climbs out of the root. Large files (videos) are written piece by piece and read by
//! ranges, never held in memory whole.

use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

mod sniff;

pub use sniff::{ImageKind, VIDEO_SNIFF_BYTES, VideoKind, sniff_image, sniff_video};

pub trait Storage: Send + Sync {
    /// Store `bytes` under `key`, replacing what was there; readers see the old or the new file,
    /// never half of one.
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()>;
    /// The bytes under `key`, if any.
    fn get(&self, key: &str) -> io::Result<Option<Vec<u8>>>;
    /// Forget `key` (no error when it is already gone).
    fn delete(&self, key: &str) -> io::Result<()>;
    /// Start writing a large file under `key`, piece by piece. Nothing is visible under the key
    /// until [`Upload::commit`]; an upload dropped before that leaves nothing behind.
    fn create(&self, key: &str) -> io::Result<Box<dyn Upload>>;
    /// The size in bytes of what is under `key`, if anything.
    fn size(&self, key: &str) -> io::Result<Option<u64>>;
    /// `len` bytes of `key` from byte `start`, to be read as they are sent (a ranged read).
    fn read_range(&self, key: &str, start: u64, len: u64) -> io::Result<Option<Box<dyn Read + Send>>>;
}

/// A file being written to the storage (see [`Storage::create`]).
pub trait Upload: Write + Send {
    /// Make the file visible under its key, replacing what was there.
    fn commit(self: Box<Self>) -> io::Result<()>;
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

impl DirStorage {
    /// Remove what unfinished writes left behind (`*.part-*` files, after a crash or a kill)
    /// older than `age`, so that they do not fill the disk; how many were removed. Younger ones may
    /// be uploads still under way.
    pub fn sweep_unfinished(&self, age: std::time::Duration) -> io::Result<usize> {
        let Some(cutoff) = std::time::SystemTime::now().checked_sub(age) else { return Ok(0) };
        let mut removed = 0;
        let mut dirs = vec![self.root.clone()];
        while let Some(dir) = dirs.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            for entry in entries {
                let entry = entry?;
                let meta = entry.metadata()?;
                if meta.is_dir() {
                    dirs.push(entry.path());
                } else if entry.file_name().to_string_lossy().contains(".part-") && meta.modified()? < cutoff {
                    std::fs::remove_file(entry.path())?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

impl Storage for DirStorage {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(key)?;
        if let Some(dir) = path.parent() {
            crate::private_fs::create_dir_all(dir)?;
        }
        let temp = path.with_extension(format!("part-{}", uuid::Uuid::now_v7().simple()));
        crate::private_fs::write_new(&temp, bytes)?;
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

    fn create(&self, key: &str) -> io::Result<Box<dyn Upload>> {
        let path = self.path(key)?;
        if let Some(dir) = path.parent() {
            crate::private_fs::create_dir_all(dir)?;
        }
        let temp = path.with_extension(format!("part-{}", uuid::Uuid::now_v7().simple()));
        let file = io::BufWriter::with_capacity(256 * 1024, crate::private_fs::create_new(&temp)?);
        Ok(Box::new(DirUpload { file: Some(file), temp, path }))
    }

    fn size(&self, key: &str) -> io::Result<Option<u64>> {
        match std::fs::metadata(self.path(key)?) {
            Ok(meta) => Ok(Some(meta.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn read_range(&self, key: &str, start: u64, len: u64) -> io::Result<Option<Box<dyn Read + Send>>> {
        let mut file = match std::fs::File::open(self.path(key)?) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        file.seek(io::SeekFrom::Start(start))?;
        Ok(Some(Box::new(file.take(len))))
    }
}

/// A file written next to its final place, renamed into it on commit (same directory, so the
/// rename is atomic), removed if dropped uncommitted.
struct DirUpload {
    file: Option<io::BufWriter<std::fs::File>>,
    temp: PathBuf,
    path: PathBuf,
}

impl Write for DirUpload {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().ok_or_else(|| io::Error::other("upload already committed"))?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Upload for DirUpload {
    fn commit(mut self: Box<Self>) -> io::Result<()> {
        let file = self.file.take().ok_or_else(|| io::Error::other("upload already committed"))?;
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.path)
    }
}

impl Drop for DirUpload {
    fn drop(&mut self) {
        // Committed: the temporary name is gone already, and this finds nothing to remove.
        self.file.take();
        if let Err(e) = std::fs::remove_file(&self.temp)
            && e.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(file = %self.temp.display(), error = %e, "could not remove an unfinished upload");
        }
    }
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
    fn large_files_are_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let storage = DirStorage::new(dir.path());
        let mut upload = storage.create("videos/a-1.mp4").unwrap();
        upload.write_all(b"0123456789").unwrap();
        assert_eq!(storage.size("videos/a-1.mp4").unwrap(), None, "not visible before commit");
        upload.commit().unwrap();
        assert_eq!(storage.size("videos/a-1.mp4").unwrap(), Some(10));
        let mut part = String::new();
        storage.read_range("videos/a-1.mp4", 3, 4).unwrap().unwrap().read_to_string(&mut part).unwrap();
        assert_eq!(part, "3456");
        let mut abandoned = storage.create("videos/b-1.mp4").unwrap();
        abandoned.write_all(b"half").unwrap();
        drop(abandoned);
        assert_eq!(std::fs::read_dir(dir.path().join("videos")).unwrap().count(), 1, "nothing left behind");
        assert!(storage.read_range("videos/b-1.mp4", 0, 1).unwrap().is_none());
    }

    #[test]
    fn unfinished_writes_older_than_a_day_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let storage = DirStorage::new(dir.path());
        let abandoned = storage.create("lesson-videos/a-1.mp4").unwrap();
        let fresh = storage.create("lesson-videos/b-1.mp4").unwrap();
        storage.put("lesson-videos/c-1.mp4", b"kept").unwrap();
        let videos = dir.path().join("lesson-videos");
        let parts: Vec<_> = std::fs::read_dir(&videos)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".part-"))
            .collect();
        assert_eq!(parts.len(), 2);
        // A crash leaves the first behind, two days old.
        let old = parts.iter().find(|p| p.to_string_lossy().contains("a-1")).unwrap();
        let two_days = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86400);
        std::fs::File::options().write(true).open(old).unwrap().set_modified(two_days).unwrap();
        std::mem::forget(abandoned);
        assert_eq!(storage.sweep_unfinished(std::time::Duration::from_secs(86400)).unwrap(), 1);
        assert!(!old.exists());
        assert_eq!(std::fs::read_dir(&videos).unwrap().count(), 2, "the upload under way and the stored file");
        drop(fresh);
        assert!(DirStorage::new(dir.path().join("none")).sweep_unfinished(std::time::Duration::ZERO).is_ok());
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
