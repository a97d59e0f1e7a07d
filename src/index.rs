//! The archive's Tantivy index, on disk under `index/` by default.
//!
//! Fields and analyzers are described in [`schema`] and [`analyzer`]. Ingesting issues
//! ([`ArchiveIndex::ingest`]) replaces each issue's documents by its id and rebuilds the people
//! documents, all in one commit: a failed ingest leaves the index as it was, and readers see
//! either the old or the new archive, never half of it. The issue models themselves are stored in
//! the index, so the index is the whole archive: the API builds its [`Catalog`] from it.

pub mod analyzer;
pub mod catalog_store;
pub mod export;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod tables;

pub mod vocabulary;
mod writer;

use std::io::Write;
use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::catalog::Catalog;
use crate::model::Issue;
use export::ExportFormat;
use schema::Fields;
use search::{QueryError, SearchRequest, SearchResults};

/// Errors of the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index directory cannot be opened or created.
    #[error("cannot open the index at {path}: {source}")]
    Open {
        /// The directory.
        path: String,
        /// The cause.
        source: TantivyError,
    },
    /// The directory holds an index of another schema (an older version of dimensies).
    #[error(
        "the index at {path} was built by another version of dimensies; delete it and ingest again"
    )]
    SchemaMismatch {
        /// The directory.
        path: String,
    },
    /// Another process is writing to the index.
    #[error("another ingest is writing to the index at {path}; try again when it has finished")]
    Locked {
        /// The directory.
        path: String,
    },
    /// A stored issue could not be read back.
    #[error("stored issue {id} cannot be read: {message}")]
    CorruptIssue {
        /// Its id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// The user's query cannot be run (a user error).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The export could not be written (a closed pipe, a full disk).
    #[error("cannot write the export: {0}")]
    Export(#[source] std::io::Error),
    /// Any other Tantivy failure.
    #[error("index failure: {0}")]
    Tantivy(#[from] TantivyError),
}

/// Result of index operations.
pub type Result<T> = std::result::Result<T, IndexError>;

/// What an ingest did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    /// Ids of the issues written.
    pub issues: Vec<String>,
    /// Of those, issues that replaced a stored version.
    pub replaced: Vec<String>,
    /// Documents written.
    pub documents: usize,
}

/// Counts of what the index holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IndexStats {
    /// Records in the catalog.
    pub catalog: crate::catalog::CatalogCounts,
    /// What each issue holds, in catalog order.
    pub issues: Vec<IssueStats>,
    /// Documents in the index (all kinds).
    pub documents: u64,
    /// Index size on disk in bytes (0 in memory).
    pub bytes_on_disk: u64,
}

/// What one stored issue holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IssueStats {
    /// The issue id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Year of publication.
    pub year: Option<i32>,
    /// The file it was read from.
    pub source: String,
    /// Articles.
    pub articles: usize,
    /// Quotes.
    pub quotes: usize,
    /// Footnotes.
    pub footnotes: usize,
    /// People named.
    pub people: usize,
}

impl IssueStats {
    /// Returns the counts of `issue`.
    pub fn of(issue: &Issue) -> IssueStats {
        IssueStats {
            id: issue.id.to_string(),
            title: issue.title.clone(),
            year: issue.year,
            source: issue.source_path.clone(),
            articles: issue.articles.len(),
            quotes: issue.quotes().count(),
            footnotes: issue.footnotes().count(),
            people: issue.people.len(),
        }
    }
}

/// The archive index.
pub struct ArchiveIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: Option<PathBuf>,
    /// The search tables of the latest searcher generation.
    tables: tables::TablesCache,
}

impl std::fmt::Debug for ArchiveIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArchiveIndex")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl ArchiveIndex {
    /// Opens the index in `path`, creating the directory and an empty index when needed.
    pub fn open_or_create(path: &Path) -> Result<ArchiveIndex> {
        let label = path.display().to_string();
        let open_error = |source: TantivyError| IndexError::Open {
            path: label.clone(),
            source,
        };
        std::fs::create_dir_all(path).map_err(|error| open_error(TantivyError::from(error)))?;
        let directory =
            MmapDirectory::open(path).map_err(|error| open_error(TantivyError::from(error)))?;
        let expected = schema::build_schema();
        let index =
            Index::open_or_create(directory, expected.clone()).map_err(|error| match error {
                TantivyError::SchemaError(_) => IndexError::SchemaMismatch {
                    path: label.clone(),
                },
                other => open_error(other),
            })?;
        if index.schema() != expected {
            return Err(IndexError::SchemaMismatch { path: label });
        }
        ArchiveIndex::with_index(
            index,
            Some(path.to_path_buf()),
            ReloadPolicy::OnCommitWithDelay,
        )
    }

    /// Creates an empty index in memory (tests, benchmarks).
    pub fn create_in_ram() -> Result<ArchiveIndex> {
        let index = Index::create_in_ram(schema::build_schema());
        ArchiveIndex::with_index(index, None, ReloadPolicy::Manual)
    }

    fn with_index(
        index: Index,
        path: Option<PathBuf>,
        policy: ReloadPolicy,
    ) -> Result<ArchiveIndex> {
        analyzer::register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        Ok(ArchiveIndex {
            index,
            reader,
            fields,
            path,
            tables: tables::TablesCache::default(),
        })
    }

    fn label(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "(memory)".to_string(), |path| path.display().to_string())
    }

    fn writer(&self) -> Result<IndexWriter> {
        self.index.writer(64_000_000).map_err(|error| match error {
            TantivyError::LockFailure(..) => IndexError::Locked { path: self.label() },
            other => IndexError::Tantivy(other),
        })
    }

    /// Adds `issues` to the index, replacing stored issues with the same ids, in one commit.
    pub fn ingest(&self, issues: &[Issue]) -> Result<IngestReport> {
        let stored = self.issues()?;
        let mut writer = self.writer()?;
        let mut documents = 0;
        let mut replaced = Vec::new();
        for issue in issues {
            if stored.iter().any(|known| known.id == issue.id) {
                replaced.push(issue.id.to_string());
            }
            writer.delete_term(Term::from_field_text(
                self.fields.issue_id,
                issue.id.as_str(),
            ));
            let issue_documents =
                writer::issue_documents(&self.fields, issue).map_err(|error| {
                    IndexError::CorruptIssue {
                        id: issue.id.to_string(),
                        message: error.to_string(),
                    }
                })?;
            for document in issue_documents {
                writer.add_document(document)?;
                documents += 1;
            }
        }
        let mut all: Vec<Issue> = stored
            .into_iter()
            .filter(|known| !issues.iter().any(|issue| issue.id == known.id))
            .collect();
        all.extend(issues.iter().cloned());
        let catalog = Catalog::build(all);
        documents += self.rewrite_people(&mut writer, &catalog)?;
        let opstamp = writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.save_catalog_snapshot(opstamp, &catalog);
        Ok(IngestReport {
            issues: issues.iter().map(|issue| issue.id.to_string()).collect(),
            replaced,
            documents,
        })
    }

    /// People are merged over the whole archive: replaces their documents by those built from
    /// the catalog of all the issues the index will hold. Returns how many were written.
    fn rewrite_people(&self, writer: &mut IndexWriter, catalog: &Catalog) -> Result<usize> {
        writer.delete_term(Term::from_field_text(self.fields.kind, "person"));
        let mut documents = 0;
        for person in catalog.people() {
            writer.add_document(writer::person_document(&self.fields, catalog, person))?;
            documents += 1;
        }
        Ok(documents)
    }

    /// Removes the issue `issue_id` and everything extracted from it, in one commit. Returns
    /// whether the index held it.
    pub fn remove(&self, issue_id: &str) -> Result<bool> {
        let stored = self.issues()?;
        if !stored.iter().any(|issue| issue.id.as_str() == issue_id) {
            return Ok(false);
        }
        let mut writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.fields.issue_id, issue_id));
        let remaining: Vec<Issue> = stored
            .into_iter()
            .filter(|issue| issue.id.as_str() != issue_id)
            .collect();
        let catalog = Catalog::build(remaining);
        self.rewrite_people(&mut writer, &catalog)?;
        let opstamp = writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.save_catalog_snapshot(opstamp, &catalog);
        Ok(true)
    }

    /// Reloads the reader to see the latest commit (by this or another process).
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// Names the content the reader sees, the same across processes and restarts: the ids of
    /// its segments and their deleted documents. Any commit that changes what is stored changes
    /// it (HTTP `ETag`s are built from it).
    pub fn content_version(&self) -> String {
        let searcher = self.reader.searcher();
        let mut parts: Vec<String> = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                format!(
                    "{}:{}",
                    segment.segment_id().uuid_string(),
                    segment.num_deleted_docs()
                )
            })
            .collect();
        parts.sort();
        parts.join(",")
    }

    /// Identifies the committed state the reader sees; changes when an ingest is picked up.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// Returns every stored issue.
    pub fn issues(&self) -> Result<Vec<Issue>> {
        catalog_store::StoredIssues::new(self.reader.searcher(), self.fields).all(|issue| issue)
    }

    /// Returns whether the index holds no issue.
    pub fn is_empty(&self) -> Result<bool> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.kind, "issue"),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&query, &tantivy::collector::Count)? == 0)
    }

    /// Builds the catalog of everything stored, over the index (the articles' paragraphs stay
    /// in the index until asked for): from the catalog snapshot of the commit the reader sees when
    /// there is one, else from every stored issue model, and then writes that snapshot.
    pub fn catalog(&self) -> Result<Catalog> {
        let searcher = self.reader.searcher();
        let opstamp = catalog_store::opstamp_seen(&self.index, &searcher);
        let stored = catalog_store::StoredIssues::new(searcher, self.fields);
        let snapshot_directory = self.path.as_deref().zip(opstamp);
        if let Some((directory, opstamp)) = snapshot_directory
            && let Some(issues) = catalog_store::read_snapshot(directory, opstamp, stored.count()?)
        {
            return Ok(Catalog::build_over_store(issues, Box::new(stored)));
        }
        let issues = stored.all(crate::catalog::compact)?;
        let catalog = Catalog::build_over_store(issues, Box::new(stored));
        if let Some((directory, opstamp)) = snapshot_directory {
            catalog_store::write_snapshot(directory, opstamp, catalog.issues());
        }
        Ok(catalog)
    }

    /// Writes the catalog snapshot of the commit `opstamp` (an index on disk only).
    fn save_catalog_snapshot(&self, opstamp: u64, catalog: &Catalog) {
        if let Some(directory) = &self.path {
            catalog_store::write_snapshot(directory, opstamp, catalog.issues());
        }
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_filtered(request, &search::SearchFilter::default())
    }

    /// Runs a search restricted by `filter` (issues, years, people, a scope of articles).
    pub fn search_filtered(
        &self,
        request: &SearchRequest,
        filter: &search::SearchFilter,
    ) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let tables = self.tables.tables(&searcher)?;
        search::search_with_tables(&searcher, &tables, &self.fields, request, filter)
    }

    /// Counts what the index holds.
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.reader.searcher();
        let bytes_on_disk = match &self.path {
            Some(path) => directory_size(path),
            None => 0,
        };
        let catalog = self.catalog()?;
        Ok(IndexStats {
            catalog: catalog.counts(),
            issues: catalog.issues().iter().map(IssueStats::of).collect(),
            documents: searcher.num_docs(),
            bytes_on_disk,
        })
    }

    /// Writes every issue, article, quote, footnote and person as one JSON object per line.
    pub fn export(&self, out: &mut dyn Write) -> Result<usize> {
        self.export_as(out, ExportFormat::Ndjson, "dimensies")
    }

    /// Writes the archive in `format` and returns the number of records written: one record
    /// per line, or an Elasticsearch/OpenSearch `_bulk` body into `index_name` (see [`export`]).
    pub fn export_as(
        &self,
        out: &mut dyn Write,
        format: ExportFormat,
        index_name: &str,
    ) -> Result<usize> {
        let mut write_line = |value: &serde_json::Value| -> Result<()> {
            serde_json::to_writer(&mut *out, value)
                .map_err(|error| IndexError::Export(error.into()))?;
            out.write_all(b"\n").map_err(IndexError::Export)
        };
        let mut lines = 0;
        self.for_each_record(|record| {
            if format == ExportFormat::OpensearchBulk {
                let Some(action) = export::bulk_action(&record, index_name) else {
                    return Ok(());
                };
                write_line(&action)?;
            }
            write_line(&record)?;
            lines += 1;
            Ok(())
        })?;
        Ok(lines)
    }

    /// Calls `write` with every issue, article, quote, footnote and person as a JSON record.
    fn for_each_record(
        &self,
        mut write: impl FnMut(serde_json::Value) -> Result<()>,
    ) -> Result<()> {
        // The export holds the articles' texts: the catalog of the whole stored issues.
        let catalog = Catalog::build(self.issues()?);
        for issue in catalog.issues() {
            write(serde_json::json!({
                "type": "issue", "id": issue.id, "series": issue.series, "number": issue.number,
                "year": issue.year, "title": issue.title, "contributors": issue.contributors,
                "key_phrases": issue.key_phrases,
            }))?;
        }
        for (_, issue, article) in catalog.articles() {
            write(serde_json::json!({
                "type": "article", "id": article.id, "issue": issue.id, "kind": article.kind,
                "title": article.title, "section": article.section, "subtitle": article.subtitle,
                "authors": article.authors, "people": article.people, "text": article.text(),
                "key_phrases": article.key_phrases, "span": article.span,
            }))?;
        }
        for (_, issue, article, quote) in catalog.quotes() {
            write(serde_json::json!({
                "type": "quote", "id": quote.id, "issue": issue.id, "article": article.id,
                "text": quote.text, "kind": quote.kind, "speaker": quote.speaker, "span": quote.span,
            }))?;
        }
        for (_, issue, article, footnote) in catalog.footnotes() {
            write(serde_json::json!({
                "type": "footnote", "id": footnote.id, "issue": issue.id, "article": article.id,
                "number": footnote.number, "text": footnote.text, "urls": footnote.urls,
                "cites": footnote.cites, "span": footnote.span,
            }))?;
        }
        for person in catalog.people() {
            write(serde_json::json!({
                "type": "person", "id": person.id, "name": person.name, "honorific": person.honorific,
                "roles": person.roles, "organisations": person.organisations, "issues": person.issues,
                "articles": person.articles,
            }))?;
        }
        Ok(())
    }
}

fn directory_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum()
}
