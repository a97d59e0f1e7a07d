//! The catalog snapshot: the issues a catalog over a store keeps (their
//! [`compact`](crate::catalog::compact) form, without paragraphs), tagged with the commit it
//! was built from.
//!
//! Building a catalog from the index reads and parses every stored issue model, texts included;
//! reading the snapshot of the same commit is much less work. The index writes one after each
//! commit and reads it back only when its tag names the commit the reader sees
//! ([`decode`] checks), so a snapshot never describes another state of the archive; a missing or
//! stale one means building from the stored models again.
//!
//! Layout: a first line with the tag, `{"format":2,"opstamp":N,"issues":COUNT}`, then the
//! issues in [`PARTS`] lines, each a JSON array of issues (JSON never holds a raw line break
//! inside a value). The parts are parsed on all cores at once.
//!
//! ```
//! use dimensies::catalog::snapshot::{decode, encode, SnapshotError};
//! let bytes = encode(7, &[]);
//! assert_eq!(decode(&bytes, 7).unwrap().len(), 0);
//! assert!(matches!(decode(&bytes, 8), Err(SnapshotError::Stale { .. })));
//! ```

use serde::{Deserialize, Serialize};

use crate::catalog::compact;
use crate::model::Issue;

/// Version of the snapshot's layout; a snapshot of another version is not read.
pub const FORMAT: u32 = 2;

/// How many lines of issues a snapshot has: enough to keep every core of a server busy while
/// parsing them.
pub const PARTS: usize = 8;

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
    /// The snapshot holds another number of issues than its tag says (cut short).
    #[error("the catalog snapshot holds {found} issues, its tag says {expected}")]
    Incomplete {
        /// The count in the tag.
        expected: usize,
        /// The issues read.
        found: usize,
    },
    /// The snapshot is not UTF-8 (cut short inside a character, or damaged).
    #[error("the catalog snapshot is not UTF-8: {0}")]
    Encoding(String),
    /// The snapshot is not valid JSON of issues (cut short, or written by another version).
    #[error("the catalog snapshot cannot be parsed: {0}")]
    Parse(#[from] serde_json::Error),
}

/// The tag of a snapshot, its first line.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: u32,
    opstamp: u64,
    issues: usize,
}

/// Returns the snapshot of `issues` (whole or not: their compact form is written) for the
/// commit `opstamp`.
pub fn encode(opstamp: u64, issues: &[Issue]) -> Vec<u8> {
    let header = Header {
        format: FORMAT,
        opstamp,
        issues: issues.len(),
    };
    let mut bytes = serde_json::to_vec(&header).expect("the tag serialises to JSON");
    let part_size = issues.len().div_ceil(PARTS).max(1);
    for part in 0..PARTS {
        bytes.extend_from_slice(b"\n[");
        let first = (part * part_size).min(issues.len());
        let end = (first + part_size).min(issues.len());
        for (position, issue) in issues[first..end].iter().enumerate() {
            if position > 0 {
                bytes.push(b',');
            }
            // One issue copied at a time, so that encoding a large archive needs little memory.
            let compact_issue = compact(issue.clone());
            serde_json::to_writer(&mut bytes, &compact_issue)
                .expect("an issue model serialises to JSON");
        }
        bytes.push(b']');
    }
    bytes.push(b'\n');
    bytes
}

/// Returns the issues of a snapshot when it was built for the commit `opstamp`.
pub fn decode(bytes: &[u8], opstamp: u64) -> Result<Vec<Issue>, SnapshotError> {
    let mut lines = bytes.split(|&byte| byte == b'\n');
    // The tag comes first: a stale snapshot is recognised without parsing its issues.
    let header: Header = serde_json::from_slice(lines.next().unwrap_or_default())?;
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
    let parts: Vec<&[u8]> = lines.filter(|line| !line.is_empty()).collect();
    let parsed = parse_parts(&parts);
    let mut issues = Vec::with_capacity(header.issues);
    for part in parsed {
        issues.extend(part?);
    }
    if issues.len() != header.issues {
        return Err(SnapshotError::Incomplete {
            expected: header.issues,
            found: issues.len(),
        });
    }
    Ok(issues)
}

/// Parses each part, spread over the machine's cores; the results in the parts' order.
fn parse_parts(parts: &[&[u8]]) -> Vec<Result<Vec<Issue>, SnapshotError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(parts.len())
        .max(1);
    let parse = |part: &&[u8]| -> Result<Vec<Issue>, SnapshotError> {
        // Checked as UTF-8 once, not string by string.
        let text = std::str::from_utf8(part)
            .map_err(|error| SnapshotError::Encoding(error.to_string()))?;
        Ok(serde_json::from_str::<Vec<Issue>>(text)?)
    };
    if workers == 1 {
        return parts.iter().map(parse).collect();
    }
    let per_worker = parts.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .chunks(per_worker)
            .map(|chunk| scope.spawn(move || chunk.iter().map(parse).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
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
    fn issues_spread_over_the_parts_come_back_in_their_order() {
        let one = issue("a.txt", TEXT);
        let issues: Vec<Issue> = (0..(2 * PARTS + 3))
            .map(|number| {
                let mut copy = one.clone();
                copy.id = crate::model::IssueId(format!("nummer-{number}"));
                copy
            })
            .collect();
        let bytes = encode(9, &issues);
        let lines = String::from_utf8_lossy(&bytes).lines().count();
        assert_eq!(lines, 1 + PARTS);
        let ids: Vec<String> = decode(&bytes, 9)
            .unwrap()
            .iter()
            .map(|issue| issue.id.to_string())
            .collect();
        let expected: Vec<String> = issues.iter().map(|issue| issue.id.to_string()).collect();
        assert_eq!(ids, expected);
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
                .replacen("\"format\":2", "\"format\":99", 1);
        assert!(matches!(
            decode(other_layout.as_bytes(), 3),
            Err(SnapshotError::Format { found: 99 })
        ));
        // Cut after its tag, or with a part missing: not read.
        let tag_only = &bytes[..bytes.iter().position(|&byte| byte == b'\n').unwrap()];
        assert!(matches!(
            decode(tag_only, 3),
            Err(SnapshotError::Incomplete {
                expected: 1,
                found: 0
            })
        ));
        let cut_short = &bytes[..bytes.len() / 2];
        assert!(matches!(
            decode(cut_short, 3),
            Err(SnapshotError::Parse(_) | SnapshotError::Encoding(_))
        ));
    }
}
