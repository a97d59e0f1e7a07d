//! The catalog snapshot: the issues a catalog over a store keeps (their
//! [`compact`](crate::catalog::compact) form, without paragraphs), as one JSON document tagged with the commit it was built from.
//!
//! Building a catalog from the index reads and parses every stored issue model, texts included;
//! reading the snapshot of the same commit is much less work. The index writes one after each
//! commit and reads it back only when its tag names the commit the reader sees
//! ([`decode`] checks), so a snapshot never describes another state of the archive; a missing or
//! stale one means building from the stored models again.
//!
//! ```
//! use dimensies::catalog::snapshot::{decode, encode, SnapshotError};
//! let bytes = encode(7, &[]);
//! assert_eq!(decode(&bytes, 7).unwrap().len(), 0);
//! assert!(matches!(decode(&bytes, 8), Err(SnapshotError::Stale { .. })));
//! ```

use serde::Deserialize;

use crate::catalog::compact;
use crate::model::Issue;

/// Version of the snapshot's layout; a snapshot of another version is not read.
pub const FORMAT: u32 = 1;

/// Why a snapshot cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The snapshot describes another commit.
    #[error("the catalog snapshot is of commit {found}, the index is at commit {expected}")]
    Stale {
        /// The commit the index is at.
        expected: u64,
        /// The commit the snapshot was built from.
        found: u64,
    },
    /// The snapshot was written in another layout.
    #[error("the catalog snapshot has layout {found}, this version reads layout {FORMAT}")]
    Format {
        /// Its layout.
        found: u32,
    },
    /// The snapshot is not UTF-8 (cut short inside a character, or damaged).
    #[error("the catalog snapshot is not UTF-8: {0}")]
    Encoding(String),
    /// The snapshot is not valid JSON of issues (cut short, or written by another version).
    #[error("the catalog snapshot cannot be parsed: {0}")]
    Parse(#[from] serde_json::Error),
}

/// The tag of a snapshot, read before its issues.
#[derive(Deserialize)]
struct Header {
    format: u32,
    opstamp: u64,
}

/// The issues of a snapshot (its tag is read by [`read_header`]).
#[derive(Deserialize)]
struct Snapshot {
    issues: Vec<Issue>,
}

/// Returns the snapshot of `issues` (whole or not: their compact form is written) for
/// the commit `opstamp`.
pub fn encode(opstamp: u64, issues: &[Issue]) -> Vec<u8> {
    let mut bytes =
        format!("{{\"format\":{FORMAT},\"opstamp\":{opstamp},\"issues\":[").into_bytes();
    for (position, issue) in issues.iter().enumerate() {
        if position > 0 {
            bytes.push(b',');
        }
        // One issue copied at a time, so that encoding a large archive needs little memory.
        let compact_issue = compact(issue.clone());
        serde_json::to_writer(&mut bytes, &compact_issue)
            .expect("an issue model serialises to JSON");
    }
    bytes.extend_from_slice(b"]}");
    bytes
}

/// Returns the issues of a snapshot when it was built for the commit `opstamp`.
pub fn decode(bytes: &[u8], opstamp: u64) -> Result<Vec<Issue>, SnapshotError> {
    // The tag comes first: a stale snapshot is recognised without parsing its issues.
    let header = read_header(bytes)?;
    if header.format != FORMAT {
        return Err(SnapshotError::Format {
            found: header.format,
        });
    }
    if header.opstamp != opstamp {
        return Err(SnapshotError::Stale {
            expected: opstamp,
            found: header.opstamp,
        });
    }
    // Checked as UTF-8 once, not string by string.
    let text =
        std::str::from_utf8(bytes).map_err(|error| SnapshotError::Encoding(error.to_string()))?;
    let snapshot: Snapshot = serde_json::from_str(text)?;
    Ok(snapshot.issues)
}

/// Reads the tag of a snapshot: from its start when it is laid out as [`encode`] writes it,
/// else from the whole document (the issues are skipped, not built).
fn read_header(bytes: &[u8]) -> Result<Header, SnapshotError> {
    let marker = b",\"issues\":";
    if let Some(end) = bytes
        .windows(marker.len())
        .position(|window| window == marker)
    {
        let mut tag = bytes[..end].to_vec();
        tag.push(b'}');
        if let Ok(header) = serde_json::from_slice(&tag) {
            return Ok(header);
        }
    }
    Ok(serde_json::from_slice(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::IssueMetadata;

    fn issue(label: &str, text: &str) -> Issue {
        let metadata = IssueMetadata {
            year: Some(2021),
            series: Some("Dimensies".to_string()),
            ..IssueMetadata::default()
        };
        crate::ingest::extract_text(label, text, &metadata)
    }

    const TEXT: &str = "Het mbo zoekt de samenwerking met het bedrijfsleven.\n\n\
        De lessen beginnen in september op drie locaties in de stad.\n\n\
        “We leren hier elke dag van elkaar,” zegt Pieter de Vries, docent bij het Noorderpoort.";

    #[test]
    fn a_snapshot_keeps_everything_but_the_paragraphs() {
        let whole = issue("noorderpoort-2021.txt", TEXT);
        assert!(
            whole.articles[0]
                .paragraphs
                .iter()
                .any(|paragraph| !paragraph.text.is_empty())
        );
        let bytes = encode(3, std::slice::from_ref(&whole));
        let read = decode(&bytes, 3).unwrap();
        assert_eq!(read, vec![compact(whole.clone())]);
        assert_eq!(read[0].articles[0].quotes, whole.articles[0].quotes);
        assert!(read[0].articles[0].paragraphs.is_empty());
        assert!(String::from_utf8_lossy(&bytes).contains("Pieter de Vries"));
        assert!(!String::from_utf8_lossy(&bytes).contains("drie locaties"));
    }

    #[test]
    fn a_snapshot_of_another_commit_or_layout_is_not_read() {
        let bytes = encode(3, &[issue("a.txt", TEXT)]);
        assert!(matches!(
            decode(&bytes, 4),
            Err(SnapshotError::Stale {
                expected: 4,
                found: 3
            })
        ));
        let other_layout =
            String::from_utf8(bytes.clone())
                .unwrap()
                .replacen("\"format\":1", "\"format\":99", 1);
        assert!(matches!(
            decode(other_layout.as_bytes(), 3),
            Err(SnapshotError::Format { found: 99 })
        ));
        // Another order of the keys (a rewritten file) is read all the same.
        let reordered = br#"{"issues":[],"opstamp":5,"format":1}"#;
        assert_eq!(decode(reordered, 5).unwrap().len(), 0);
        assert!(matches!(
            decode(reordered, 6),
            Err(SnapshotError::Stale { .. })
        ));
        let cut_short = &bytes[..bytes.len() / 2];
        assert!(matches!(
            decode(cut_short, 3),
            Err(SnapshotError::Parse(_) | SnapshotError::Encoding(_))
        ));
    }
}
