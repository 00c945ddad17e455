//! What the crate asks of the system: reading and writing files, with errors that name the
//! path, and memory, checked before a table too big for it is built.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Reads a whole file; a directory, a missing or unreadable file is an error naming the path.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::IsDirectory { path: path.into() });
    }
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.into(),
        source,
    })
}

/// Opens a file for buffered reading; a directory, a missing or unreadable file is an error
/// naming the path.
pub(crate) fn open_file(path: &Path) -> Result<std::io::BufReader<std::fs::File>> {
    if path.is_dir() {
        return Err(Error::IsDirectory { path: path.into() });
    }
    std::fs::File::open(path)
        .map(|file| std::io::BufReader::with_capacity(1 << 16, file))
        .map_err(|source| Error::Read {
            path: path.into(),
            source,
        })
}

/// Writes `bytes` to `path`, never replacing anything but a regular file:
/// - `-` is standard output;
/// - a regular file (or a new one) is written to a temporary file beside it, created with
///   `O_EXCL` under an unpredictable name (never through a symlink), and renamed over it, so that
///   a failure never leaves half a file. A symlink to a file stays, its target replaced; an
///   existing file keeps its permissions, and one the user may not write is refused;
/// - a directory is refused;
/// - anything else (`/dev/null`, `/dev/stdout`, a FIFO) is opened and written directly.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.into(),
        source,
    };
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(write_err);
    }
    let existing = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(Error::IsDirectory { path: path.into() }),
        Ok(meta) if !meta.is_file() => {
            let mut device = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(write_err)?;
            return device.write_all(bytes).map_err(write_err);
        }
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(write_err(err)),
    };
    // An existing file: opened for writing (not truncated) to check that the user may, then its
    // own path, through any symlinks.
    let target = match existing {
        Some(_) => OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|_| std::fs::canonicalize(path))
            .map_err(write_err)?,
        None => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // O_EXCL (`create_new`) never follows a symlink; a new file's mode is `File::create`'s.
    let create = |tmp: &Path| OpenOptions::new().write(true).create_new(true).open(tmp);
    let mut tmp = (tempfile::Builder::new().make_in(dir, create)).map_err(write_err)?;
    if let Some(meta) = existing {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(write_err)?;
    }
    // Dropped on an error, the temporary file is removed.
    (tmp.write_all(bytes))
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(write_err)?;
    tmp.persist(&target).map_err(|err| write_err(err.error))?;
    Ok(())
}

/// The bytes this process may still allocate: the machine's available memory (`MemAvailable`)
/// or, if less, what the address-space limit (`ulimit -v`) leaves above what is mapped now.
/// Unlimited where `/proc` does not tell (not Linux).
fn available_memory() -> u64 {
    let read = |path| std::fs::read_to_string(path).unwrap_or_default();
    let field = |text: &str, key: &str, unit: u64| -> Option<u64> {
        let line = text.lines().find_map(|line| line.strip_prefix(key))?;
        Some(line.split_whitespace().next()?.parse::<u64>().ok()? * unit)
    };
    let available = field(&read("/proc/meminfo"), "MemAvailable:", 1024);
    let limit = field(&read("/proc/self/limits"), "Max address space", 1);
    let mapped = field(&read("/proc/self/status"), "VmSize:", 1024).unwrap_or(0);
    let left = limit.map(|limit| limit.saturating_sub(mapped));
    available.into_iter().chain(left).min().unwrap_or(u64::MAX)
}

/// Before `adding` entries go into `map`: if it would grow (to twice its capacity, as a hash
/// table does), the new table must fit in memory (see [`check_memory`]).
pub(crate) fn check_room<K, V, S>(
    map: &std::collections::HashMap<K, V, S>,
    adding: usize,
    what: &str,
) -> Result<()> {
    let (len, capacity) = (map.len(), map.capacity());
    if len + adding <= capacity {
        return Ok(());
    }
    let slots = (2 * capacity).max(len + adding).max(16) as u64;
    let entry = std::mem::size_of::<(K, V)>() as u64 + 1;
    check_memory(
        || format!("{what} ({} entries)", len + adding),
        slots * entry,
    )
}

/// `needed` bytes for `what` must be available (see [`available_memory`]); if not, an
/// [`Error::OutOfMemory`] naming both, before anything is allocated.
pub(crate) fn check_memory(what: impl FnOnce() -> String, needed: u64) -> Result<()> {
    let available = available_memory();
    if needed <= available {
        return Ok(());
    }
    Err(Error::OutOfMemory {
        what: what(),
        needed,
        available,
    })
}
