//! The ingest pipeline: source file → [`model::Issue`](crate::model::Issue).
//!
//! ```text
//!   file ──read──> SourceDocument ──normalize──> NormalizedDocument ──segment──> SegmentedIssue
//!  (txt | html)     numbered lines     classified lines + lexicon      article drafts, notes,
//!                                                                       links, colophon
//!                                                          │
//!                                    extract (detectors) + resolve ▼ (notes, people book,
//!                                                  mentions, attribution, assembly)
//!                                                     model::Issue
//! ```
//!
//! Each stage is a pure function of its input; only [`read`] touches the file system and only it
//! knows input formats. [`extract_issue`] runs the stages after reading.

pub mod bundled;
pub mod extract;
pub mod names;
pub mod normalize;
pub mod read;
pub mod resolve;
pub mod segment;
pub mod typography;

use std::path::Path;

use crate::model::Issue;
use read::{IssueMetadata, ReadError, SourceDocument};

/// Runs normalize, segment and extract on a document read from a source.
///
/// `overrides` (from the command line) take precedence over what the source states.
pub fn extract_issue(document: &SourceDocument, overrides: &IssueMetadata) -> Issue {
    let metadata = overrides.clone().or(document.metadata.clone());
    // Only documents read with their layout (PDF) have structure to read from typography.
    let structured;
    let document = if typography::has_layout(document) {
        structured = typography::structure(document.clone());
        &structured
    } else {
        document
    };
    let normalized = normalize::normalize(document);
    let segmented = segment::segment(&normalized);
    resolve::build_issue(&normalized, &segmented, &metadata)
}

/// Reads the file at `path` and extracts its issue.
pub fn extract_file(path: &Path, overrides: &IssueMetadata) -> Result<Issue, ReadError> {
    let document = read::read_path(path)?;
    Ok(extract_issue(&document, overrides))
}

/// Extracts an issue from text already in memory (the bundled fixtures, tests).
pub fn extract_text(label: &str, text: &str, metadata: &IssueMetadata) -> Issue {
    let document = read::read_text(label, text);
    extract_issue(&document, metadata)
}
