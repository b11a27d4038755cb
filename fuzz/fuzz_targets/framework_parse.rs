//! The framework reader (JSON or TOML by the first byte) on any text. Invariants: no panic; a
//! framework read is valid and formats back (JSON and TOML) to the same framework.
#![no_main]

use libfuzzer_sys::fuzz_target;
use renxing::Framework;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let read = if first % 2 == 0 {
        Framework::from_json(text)
    } else {
        Framework::from_toml(text)
    };
    let Ok(fw) = read else {
        return;
    };
    fw.validate().expect("a framework read is valid");
    let json = Framework::from_json(&fw.to_json()).expect("its JSON reads back");
    assert_eq!(json, fw, "JSON round trip");
    if let Ok(toml) = fw.to_toml() {
        let back = Framework::from_toml(&toml).expect("its TOML reads back");
        assert_eq!(back, fw, "TOML round trip");
    }
});
