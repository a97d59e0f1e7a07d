//! The PDF reader (`read_pdf`: lopdf and pdf-extract behind our thread, budget and panic guard)
//! on arbitrary bytes. Inputs that lack the `%PDF-` header are given one, so that the fuzzer
//! spends its time in the parser rather than in the header check.
#![no_main]

use dimensies::ingest::read::pdf::read_pdf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"%PDF-") {
        data.to_vec()
    } else {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.extend_from_slice(data);
        bytes
    };
    if let Ok(document) = read_pdf("fuzz.pdf", bytes) {
        for line in &document.lines {
            assert!(line.style.is_some(), "a PDF line without its style");
        }
    }
});
