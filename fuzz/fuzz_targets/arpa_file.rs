//! The ARPA reader, on any bytes: see crate/tests/lib/fuzz_props/mod.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crate/tests/lib/fuzz_props/mod.rs"]
mod fuzz_props;

fuzz_target!(|data: &[u8]| fuzz_props::arpa_file(data));
