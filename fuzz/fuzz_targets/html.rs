//! The HTML reader on arbitrary bytes: no panic, no hang, every line free of markup-breaking
//! control characters.
#![no_main]

use dimensies::ingest::read::read_html;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let document = read_html("fuzz.html", &html);
    for line in &document.lines {
        assert!(
            !line.text.chars().any(|ch| ch.is_control()),
            "{:?}",
            line.text
        );
    }
});
