//! Detectors: pure functions that find things in text, each testable on a sentence — footnote
//! markers and URLs ([`footnotes`]), names and roles ([`people`]), quotes and their marks
//! ([`quotes`]), the phrases that attribute a quote ([`attribution`]), organisations
//! ([`organisations`]) and key phrases ([`key_phrases`]). The resolve stage
//! ([`crate::ingest::resolve`]) ties their findings together into an issue.

pub mod attribution;
pub mod footnotes;
pub mod key_phrases;
pub mod organisations;
pub mod people;
pub mod quotes;
