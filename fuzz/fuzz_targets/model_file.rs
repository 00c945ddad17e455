//! The model-file loader, on any bytes: see crate/tests/fuzz_props/mod.rs.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../crate/tests/lib/fuzz_props/mod.rs"]
mod fuzz_props;

/// One scratch file per fuzzing process.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("makemore-fuzz-model-{}.json", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| fuzz_props::model_file(data, scratch()));
