//! The whole extraction: bytes → format sniffing → reader → typography → normalize → segment →
//! extract and resolve → `Issue`, which must serialise.
#![no_main]

use dimensies::ingest::extract_issue;
use dimensies::ingest::read::{IssueMetadata, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = read_bytes("fuzz-2020-issue.txt", data.to_vec()) else {
        return;
    };
    let issue = extract_issue(&document, &IssueMetadata::default());
    serde_json::to_string(&issue).expect("an issue serialises");
});
