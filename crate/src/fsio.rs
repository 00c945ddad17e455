//! What the crate asks of the system: reading and writing files, with errors that name the
//! path, and memory, checked before a table too big for it is built.

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

/// Writes to a temporary file beside `path` and renames it into place, so a failure never leaves
/// half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.into(),
        source,
    };
    if path.is_dir() {
        return Err(Error::IsDirectory { path: path.into() });
    }
    let file_name = path.file_name().ok_or_else(|| {
        write_err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path has no file name",
        ))
    })?;
    let mut tmp_name = file_name.to_os_string();
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_err(e));
    }
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
