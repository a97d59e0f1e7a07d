//! The catalog's side of the index: the stored issue models, read whole or one at a time, and
//! the catalog snapshot file beside the index's segments.
//!
//! A catalog is built over the searcher it was read from ([`StoredIssues`]), so the texts it
//! reads later come from the same commit as everything it holds. The snapshot
//! (`dimensies-catalog.json`, see [`crate::catalog::snapshot`]) is tagged with the opstamp of
//! the commit it describes; Tantivy's merges keep a commit's opstamp, and its garbage
//! collection deletes only the files it manages, so the snapshot stays beside the segments.

use std::path::Path;

use tantivy::collector::{Count, DocSetCollector};
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, Searcher, TantivyDocument, Term};

use crate::catalog::{IssueStore, TextError, snapshot};
use crate::index::schema::Fields;
use crate::index::{IndexError, Result};
use crate::model::{Issue, IssueId};

/// The snapshot's file name in the index directory.
pub const SNAPSHOT_FILE: &str = "dimensies-catalog.json";

/// The issue models stored in one searcher's view of the index.
pub struct StoredIssues {
    searcher: Searcher,
    fields: Fields,
}

impl StoredIssues {
    /// Reads the issues `searcher` sees.
    pub fn new(searcher: Searcher, fields: Fields) -> StoredIssues {
        StoredIssues { searcher, fields }
    }

    /// Returns every stored issue, each passed through `keep` as soon as it is read (so that
    /// what is not kept is freed issue by issue).
    pub fn all<T>(&self, mut keep: impl FnMut(Issue) -> T) -> Result<Vec<T>> {
        let addresses = self.searcher.search(&self.kind_query(), &DocSetCollector)?;
        let mut issues = Vec::with_capacity(addresses.len());
        for address in addresses {
            issues.push(keep(self.read(address)?));
        }
        Ok(issues)
    }

    /// Counts the stored issues (without reading their documents).
    pub fn count(&self) -> Result<u64> {
        let count = self.searcher.search(&self.kind_query(), &Count)?;
        Ok(count as u64)
    }

    fn kind_query(&self) -> TermQuery {
        TermQuery::new(
            Term::from_field_text(self.fields.kind, "issue"),
            IndexRecordOption::Basic,
        )
    }

    fn read(&self, address: DocAddress) -> Result<Issue> {
        let document: TantivyDocument = self.searcher.doc(address)?;
        let id = document
            .get_first(self.fields.id)
            .and_then(|value| value.as_str())
            .unwrap_or("?")
            .to_string();
        let json = document
            .get_first(self.fields.model)
            .and_then(|value| value.as_str())
            .ok_or_else(|| IndexError::CorruptIssue {
                id: id.clone(),
                message: "the model is missing".to_string(),
            })?;
        serde_json::from_str(json).map_err(|error| IndexError::CorruptIssue {
            id,
            message: error.to_string(),
        })
    }

    fn find(&self, id: &IssueId) -> Result<Option<Issue>> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(self.kind_query())),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.issue_id, id.as_str()),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        let addresses = self
            .searcher
            .search(&BooleanQuery::new(clauses), &DocSetCollector)?;
        match addresses.into_iter().next() {
            Some(address) => Ok(Some(self.read(address)?)),
            None => Ok(None),
        }
    }
}

impl IssueStore for StoredIssues {
    fn load_issue(&self, id: &IssueId) -> std::result::Result<Issue, TextError> {
        let failed = |message: String| TextError {
            issue: id.to_string(),
            message,
        };
        self.find(id)
            .map_err(|error| failed(error.to_string()))?
            .ok_or_else(|| failed("the index no longer holds it".to_string()))
    }
}

/// Returns the opstamp of the commit `searcher` sees, when the index's last commit is that
/// commit (its segments and deletions are those the searcher reads); `None` when they differ
/// (a commit came in between) or the commit cannot be read.
pub fn opstamp_seen(index: &Index, searcher: &Searcher) -> Option<u64> {
    let metas = index.load_metas().ok()?;
    let mut committed: Vec<(String, u32)> = metas
        .segments
        .iter()
        .map(|segment| (segment.id().uuid_string(), segment.num_deleted_docs()))
        .collect();
    let mut seen: Vec<(String, u32)> = searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            (
                segment.segment_id().uuid_string(),
                segment.num_deleted_docs(),
            )
        })
        .collect();
    committed.sort();
    seen.sort();
    (committed == seen).then_some(metas.opstamp)
}

/// Reads the snapshot in `directory` when it describes the commit `opstamp` and holds
/// `issue_count` issues; `None` (with the reason at debug level) otherwise.
pub fn read_snapshot(directory: &Path, opstamp: u64, issue_count: u64) -> Option<Vec<Issue>> {
    let path = directory.join(SNAPSHOT_FILE);
    // Mapped, not read into the heap: a buffer of this size, once freed, makes the C allocator
    // raise its trim threshold and keep tens of MB the server no longer uses.
    let bytes = match map_file(directory) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::debug!(file = %path.display(), %error, "no catalog snapshot");
            return None;
        }
    };
    match snapshot::decode(bytes.as_slice(), opstamp) {
        Ok(issues) if issues.len() as u64 == issue_count => Some(issues),
        Ok(issues) => {
            tracing::warn!(
                file = %path.display(),
                snapshot = issues.len(),
                index = issue_count,
                "the catalog snapshot holds another number of issues than the index; rebuilding it"
            );
            None
        }
        Err(error) => {
            tracing::debug!(file = %path.display(), %error, "catalog snapshot not used");
            None
        }
    }
}

/// Maps the snapshot file of `directory` into memory (Tantivy's `MmapDirectory` reads any file
/// of the folder, not only its own).
fn map_file(directory: &Path) -> std::result::Result<OwnedBytes, String> {
    let folder = MmapDirectory::open(directory).map_err(|error| error.to_string())?;
    let file = folder
        .open_read(Path::new(SNAPSHOT_FILE))
        .map_err(|error| error.to_string())?;
    file.read_bytes().map_err(|error| error.to_string())
}

/// Writes the snapshot of `issues` for the commit `opstamp` into `directory`, whole or not at
/// all (a temporary file renamed over the old one). A failure (a read-only copy of the index)
/// is logged: the next start builds the catalog from the stored models instead.
pub fn write_snapshot(directory: &Path, opstamp: u64, issues: &[Issue]) {
    let path = directory.join(SNAPSHOT_FILE);
    let temporary = directory.join(format!(".{SNAPSHOT_FILE}.{}.tmp", std::process::id()));
    let bytes = snapshot::encode(opstamp, issues);
    let written = std::fs::write(&temporary, &bytes).and_then(|()| {
        std::fs::File::open(&temporary)?.sync_all()?;
        std::fs::rename(&temporary, &path)
    });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        tracing::warn!(file = %path.display(), %error, "cannot write the catalog snapshot; the next start reads every stored issue");
    }
}
