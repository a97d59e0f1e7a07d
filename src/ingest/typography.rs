//! Typography stage (placeholder while the reader is checked).
use crate::ingest::read::SourceDocument;

/// Returns the document with structure read from typography.
pub fn structure(document: SourceDocument) -> SourceDocument {
    document
}
