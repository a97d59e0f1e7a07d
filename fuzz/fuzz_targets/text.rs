//! The text reader on arbitrary bytes (decoded as the reader decodes files), then normalize:
//! no panic, and every line it keeps is trimmed, NFC and free of control characters.
#![no_main]

use dimensies::ingest::normalize::normalize;
use dimensies::ingest::read::read_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let document = read_text("fuzz.txt", &text);
    for line in &document.lines {
        assert!(!line.text.is_empty());
        assert_eq!(line.text.trim(), line.text);
        assert!(!line.text.chars().any(char::is_control), "{:?}", line.text);
    }
    let _ = normalize(&document);
});
