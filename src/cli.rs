//! The `dimensies` command line: one `run_*` function per subcommand.
//!
//! Output and progress bars belong here; the library below never prints.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::api::{AppState, ServerOptions};
use crate::index::export::{ExportFormat, opensearch_index_definition};
use crate::index::search::{FacetSelection, SearchRequest};
use crate::index::{ArchiveIndex, IssueStats};
use crate::ingest::read::IssueMetadata;
use crate::model::Issue;

/// A searchable archive of Dutch vocational-education research, served as GraphQL.
#[derive(Debug, Parser)]
#[command(name = "dimensies", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract issues from files or folders (.txt, .html; folders recursively) and add them to
    /// the index.
    ///
    /// Re-ingesting an issue replaces it. A file that cannot be read is named with the reason
    /// and skipped, the others go in, and the exit code is 1; with --strict nothing is written
    /// then.
    Ingest(IngestArgs),
    /// Remove an issue and everything extracted from it from the index.
    Remove(RemoveArgs),
    /// Serve the GraphQL API (and `GraphiQL` in a browser) at `http://ADDR/graphql`.
    ///
    /// On an empty index, first ingests the issues bundled with the binary.
    Serve(ServeArgs),
    /// Print the extracted model of one file (summary, or JSON with --json) without indexing.
    Extract(ExtractArgs),
    /// Search the index from the command line.
    Search(SearchArgs),
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Print what the index holds, in all and per issue.
    Stats(IndexArgs),
    /// Write every record of the index as newline-delimited JSON (for other search engines).
    Export(ExportArgs),
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// `ndjson` (one record per line), `opensearch-bulk` (an Elasticsearch/OpenSearch `_bulk`
    /// body) or `opensearch-mapping` (the index definition, with a Dutch analyzer, to create
    /// before loading the bulk body).
    #[arg(long, value_enum, default_value = "ndjson")]
    pub format: ExportFormatArg,
    /// The index name in the `_bulk` action lines.
    #[arg(long, default_value = "dimensies")]
    pub index_name: String,
}

/// What `export --format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormatArg {
    /// One JSON record per line.
    Ndjson,
    /// Elasticsearch/OpenSearch `_bulk` NDJSON.
    OpensearchBulk,
    /// The index settings and mappings for the bulk body.
    OpensearchMapping,
}

/// The index location.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Index directory.
    #[arg(long, env = "DIMENSIES_INDEX", default_value = "index")]
    pub index: PathBuf,
}

/// Arguments of `ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    #[command(flatten)]
    pub metadata: MetadataArgs,
    /// Files or folders to ingest.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// All or nothing: if any file cannot be read, write nothing.
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// The id of the issue to remove (as `stats` lists it).
    pub issue_id: String,
}

/// Issue metadata given on the command line; overrides the file and its manifest.
#[derive(Debug, Args, Default)]
pub struct MetadataArgs {
    /// Series name, e.g. "Dimensies".
    #[arg(long)]
    pub series: Option<String>,
    /// Issue number.
    #[arg(long)]
    pub number: Option<u32>,
    /// Year of publication.
    #[arg(long)]
    pub year: Option<i32>,
    /// Issue title or theme.
    #[arg(long)]
    pub title: Option<String>,
}

impl MetadataArgs {
    fn to_metadata(&self) -> IssueMetadata {
        IssueMetadata {
            series: self.series.clone(),
            number: self.number,
            year: self.year,
            title: self.title.clone(),
            ..IssueMetadata::default()
        }
    }
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Address to listen on.
    #[arg(long, env = "DIMENSIES_ADDR", default_value = "127.0.0.1:8000")]
    pub addr: SocketAddr,
    /// Origins allowed by CORS (comma-separated), e.g. `https://ecbo.nl`. None by default.
    #[arg(long, env = "DIMENSIES_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origin: Vec<String>,
    /// Base URL of permalinks in citations (`{URL}/id/{id}`), e.g. `https://archief.ecbo.nl`;
    /// `http://ADDR` by default.
    #[arg(long, env = "DIMENSIES_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How many threads run searches; twice the cores (at least 4) by default. More only queue
    /// on the same cores, and each thread keeps its own allocator heap.
    #[arg(long, env = "DIMENSIES_SEARCH_THREADS", value_parser = clap::value_parser!(u16).range(1..))]
    pub search_threads: Option<u16>,
}

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The file to extract.
    pub file: PathBuf,
    /// Print the full model as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print the lines as the reader and the typography stage see them (page, position, size,
    /// style, role), to check how a layout was read.
    #[arg(long, conflicts_with = "json")]
    pub lines: bool,
    #[command(flatten)]
    pub metadata: MetadataArgs,
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// What to search for: words, "exact phrases".
    pub query: String,
    /// How many hits to print.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

/// Warnings logged since the start, for the summary of `ingest`.
static WARNINGS: AtomicUsize = AtomicUsize::new(0);

/// A tracing layer that counts the warnings it sees.
struct CountWarnings;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountWarnings {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _context: tracing_subscriber::layer::Context<'_, S>,
    ) {
        if *event.metadata().level() == tracing::Level::WARN {
            WARNINGS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The progress bar on screen, if any: log lines are printed above it, not through it.
static PROGRESS: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Standard error, written with the progress bar set aside while a line is printed.
struct StderrAboveProgress;

impl Write for StderrAboveProgress {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        let progress = PROGRESS.lock().ok().and_then(|progress| progress.clone());
        match progress {
            Some(progress) => progress.suspend(|| std::io::stderr().write(buffer)),
            None => std::io::stderr().write(buffer),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// Shows `progress` (or, with `None`, stops showing one) for log lines to print above.
fn show_progress(progress: Option<&ProgressBar>) {
    if let Ok(mut shown) = PROGRESS.lock() {
        *shown = progress.cloned();
    }
}

/// Sets up logging: `info` by default, `RUST_LOG` overrides; warnings are counted.
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,pdf_extract=error,lopdf=off"));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(|| StderrAboveProgress))
        .with(CountWarnings)
        .try_init();
}

/// Runs the command line. Output cut short by its reader (`dimensies export | head`) ends
/// quietly.
pub fn run(cli: Cli) -> Result<()> {
    match run_command(cli) {
        Err(error) if is_broken_pipe(&error) => Ok(()),
        other => other,
    }
}

/// Returns whether the error comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run_command(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Ingest(args) => run_ingest(&args),
        Command::Remove(args) => run_remove(&args),
        Command::Serve(args) => run_serve(&args),
        Command::Extract(args) => run_extract(&args),
        Command::Search(args) => run_search(&args),
        Command::Schema => run_schema(),
        Command::Stats(args) => run_stats(&args),
        Command::Export(args) => run_export(&args),
    }
}

fn open_index(args: &IndexArgs) -> Result<ArchiveIndex> {
    ArchiveIndex::open_or_create(&args.index)
        .with_context(|| format!("failed to open index at {}", args.index.display()))
}

/// Extracts one file; a panic in the pipeline becomes an error naming the file.
fn extract_one(file: &Path, overrides: &IssueMetadata) -> std::result::Result<Issue, String> {
    let outcome = std::panic::catch_unwind(|| crate::ingest::extract_file(file, overrides));
    match outcome {
        Ok(Ok(issue)) => Ok(issue),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err(format!(
            "{}: internal error while extracting (please report it)",
            file.display()
        )),
    }
}

/// Extracts `files` on every core, each file on its own (the pipeline is a pure function of
/// one file), and returns the outcomes in the order of `files`, so the ingest is the same
/// whatever the number of threads.
fn extract_in_parallel(
    files: &[PathBuf],
    overrides: &IssueMetadata,
    progress: &ProgressBar,
) -> Vec<std::result::Result<Issue, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(files.len())
        .max(1);
    let next_file = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next_file.fetch_add(1, Ordering::Relaxed);
            let Some(file) = files.get(index) else {
                break;
            };
            done.push((index, extract_one(file, overrides)));
            progress.set_message(file.display().to_string());
            progress.inc(1);
        }
        done
    };
    let mut outcomes: Vec<(usize, std::result::Result<Issue, String>)> =
        std::thread::scope(|scope| {
            let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut outcomes = work();
            for helper in helpers {
                // `extract_one` catches the pipeline's panics, so a helper only ends by returning.
                match helper.join() {
                    Ok(done) => outcomes.extend(done),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            outcomes
        });
    outcomes.sort_by_key(|(index, _)| *index);
    debug_assert_eq!(outcomes.len(), files.len());
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

fn run_ingest(args: &IngestArgs) -> Result<()> {
    let mut files = Vec::new();
    for path in &args.paths {
        files.extend(source_files(path)?);
    }
    if files.is_empty() {
        bail!(
            "no .txt or .html files found in {}",
            display_paths(&args.paths)
        );
    }
    let overrides = args.metadata.to_metadata();
    // Drawn on a terminal only (indicatif hides it when stderr is not one).
    let progress = ProgressBar::new(files.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    show_progress(Some(&progress));
    let warnings_before = WARNINGS.load(Ordering::Relaxed);
    let mut issues = Vec::new();
    let mut failures = Vec::new();
    for outcome in extract_in_parallel(&files, &overrides, &progress) {
        match outcome {
            Ok(issue) => issues.push(issue),
            Err(reason) => {
                progress.suspend(|| eprintln!("skipped {reason}"));
                failures.push(reason);
            }
        }
    }
    progress.finish_and_clear();
    show_progress(None);
    if !failures.is_empty() && (args.strict || issues.is_empty()) {
        bail!(
            "nothing was ingested, the index is unchanged; {} file(s) could not be read:\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }
    let index = open_index(&args.index)?;
    let report = index
        .ingest(&issues)
        .context("failed to write the index; it is unchanged")?;
    let mut stdout = std::io::stdout().lock();
    for issue in &issues {
        let stats = IssueStats::of(issue);
        let verb = if report.replaced.contains(&stats.id) {
            "replaced"
        } else {
            "added"
        };
        writeln!(
            stdout,
            "{verb} {}: \"{}\" — {} articles, {} quotes, {} footnotes, {} people ({})",
            stats.id,
            stats.title,
            stats.articles,
            stats.quotes,
            stats.footnotes,
            stats.people,
            stats.source
        )?;
    }
    let total = |count: fn(&IssueStats) -> usize| -> usize {
        issues
            .iter()
            .map(|issue| count(&IssueStats::of(issue)))
            .sum()
    };
    let warnings = WARNINGS.load(Ordering::Relaxed) - warnings_before;
    writeln!(
        stdout,
        "{} issues ({} replaced): {} articles, {} quotes, {} people, {} footnotes; {warnings} warning(s); {} of {} files failed; {} documents written to {}",
        issues.len(),
        report.replaced.len(),
        total(|stats| stats.articles),
        total(|stats| stats.quotes),
        total(|stats| stats.people),
        total(|stats| stats.footnotes),
        failures.len(),
        files.len(),
        report.documents,
        args.index.index.display()
    )?;
    if !failures.is_empty() {
        bail!(
            "{} of {} file(s) could not be read and were skipped:\n  {}",
            failures.len(),
            files.len(),
            failures.join("\n  ")
        );
    }
    Ok(())
}

fn run_remove(args: &RemoveArgs) -> Result<()> {
    let index = open_index(&args.index)?;
    let removed = index
        .remove(&args.issue_id)
        .context("failed to write the index; it is unchanged")?;
    if !removed {
        bail!(
            "the index at {} holds no issue {}; `dimensies stats` lists the issues",
            args.index.index.display(),
            args.issue_id
        );
    }
    writeln!(std::io::stdout().lock(), "removed {}", args.issue_id)?;
    Ok(())
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many threads run searches by default (Tokio's blocking pool; Tokio's own default is
/// 512). Searches are CPU work: more threads than twice the cores only queue them on the cores,
/// and every thread keeps its own allocator heap, which at 10× the law corpus held 300–500 MB
/// after a load of 16 concurrent searches (issue 11, BENCHMARKS.md).
fn default_search_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    (2 * cores).max(4)
}

fn run_serve(args: &ServeArgs) -> Result<()> {
    let index = Arc::new(open_index(&args.index)?);
    if index.is_empty()? {
        tracing::info!(index = %args.index.index.display(), "the index is empty: ingesting the issues bundled with dimensies");
        let issues = crate::ingest::bundled::bundled_issues();
        let report = index
            .ingest(&issues)
            .context("failed to ingest the bundled issues")?;
        tracing::info!(issues = ?report.issues, documents = report.documents, "bundled issues ingested");
    }
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.addr));
    let state = AppState::with_public_url(Arc::clone(&index), Some(public_url))
        .context("failed to read the index")?;
    let options = ServerOptions {
        cors_origins: args.cors_origin.clone(),
        ..ServerOptions::default()
    };
    let app = crate::api::router(state, &options);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(
            args.search_threads
                .map_or_else(default_search_threads, usize::from),
        )
        .enable_all()
        .build()
        .context("failed to start the Tokio runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("failed to listen on {}", args.addr))?;
        let local = listener
            .local_addr()
            .context("failed to read the listening address")?;
        tracing::info!(
            "serving the web pages at http://{local}/ and GraphQL at http://{local}/graphql"
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
                tracing::info!("shutting down");
            })
            .await
            .context("the server failed")
    })
}

fn run_search(args: &SearchArgs) -> Result<()> {
    let index = open_index(&args.index)?;
    let request = SearchRequest {
        query: args.query.clone(),
        kinds: Vec::new(),
        offset: 0,
        limit: args.limit.max(1),
        snippets: true,
        facets: FacetSelection::ALL,
        group_by_article: true,
    };
    let results = index
        .search(&request)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{} hits", results.total)?;
    for hit in &results.hits {
        let snippet = hit.snippet.replace("<mark>", "[").replace("</mark>", "]");
        writeln!(
            stdout,
            "{:>7.2}  {:<9} {}  {}",
            hit.score,
            hit.kind.as_str(),
            hit.id,
            snippet
        )?;
    }
    Ok(())
}

fn run_schema() -> Result<()> {
    print!("{}", crate::api::schema_sdl());
    Ok(())
}

fn run_stats(args: &IndexArgs) -> Result<()> {
    let index = open_index(args)?;
    let stats = index.stats()?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &stats)?;
    writeln!(stdout)?;
    Ok(())
}

fn run_export(args: &ExportArgs) -> Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let format = match args.format {
        ExportFormatArg::Ndjson => ExportFormat::Ndjson,
        ExportFormatArg::OpensearchBulk => ExportFormat::OpensearchBulk,
        ExportFormatArg::OpensearchMapping => {
            // The index definition does not depend on what the index holds.
            serde_json::to_writer_pretty(&mut stdout, &opensearch_index_definition())?;
            writeln!(stdout)?;
            stdout.flush()?;
            return Ok(());
        }
    };
    let index = open_index(&args.index)?;
    let lines = index.export_as(&mut stdout, format, &args.index_name)?;
    stdout.flush()?;
    tracing::info!(records = lines, "exported");
    Ok(())
}

fn run_extract(args: &ExtractArgs) -> Result<()> {
    if args.lines {
        let document = crate::ingest::read::read_path(&args.file)
            .with_context(|| format!("failed to read {}", args.file.display()))?;
        let document = crate::ingest::typography::structure(document);
        let mut stdout = std::io::stdout().lock();
        for line in &document.lines {
            let page = line
                .page
                .map_or_else(|| "-".to_string(), |page| page.to_string());
            let style = line.style.as_ref().map_or_else(String::new, |style| {
                format!(
                    "x={:.1} y={:.1} w={:.1} size={:.1}{}{} {}",
                    style.x,
                    style.y,
                    style.width,
                    style.size,
                    if style.bold { " bold" } else { "" },
                    if style.italic { " italic" } else { "" },
                    style.family.as_deref().unwrap_or("?"),
                )
            });
            let starts = if line.frame_start { "¶" } else { " " };
            writeln!(
                stdout,
                "{page:>3} {:>5} {starts} {:<11} {style} | {}",
                line.number,
                format!("{:?}", line.role),
                line.text
            )?;
        }
        return Ok(());
    }
    let issue = crate::ingest::extract_file(&args.file, &args.metadata.to_metadata())
        .with_context(|| format!("failed to extract {}", args.file.display()))?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &issue).context("failed to write JSON")?;
        writeln!(stdout)?;
    } else {
        write_summary(&mut stdout, &issue)?;
    }
    Ok(())
}

fn person_name(issue: &Issue, id: &crate::model::PersonId) -> String {
    issue
        .person(id)
        .map_or_else(|| id.to_string(), |person| person.name.clone())
}

/// Writes a readable summary of an extracted issue.
pub fn write_summary(out: &mut dyn Write, issue: &Issue) -> Result<()> {
    let quotes = issue.quotes().count();
    let footnotes = issue.footnotes().count();
    writeln!(
        out,
        "{} — {} ({})",
        issue.id, issue.title, issue.source_path
    )?;
    writeln!(
        out,
        "{} articles, {} quotes, {} footnotes, {} people, {} organisations",
        issue.articles.len(),
        quotes,
        footnotes,
        issue.people.len(),
        issue.organisations.len()
    )?;
    for article in &issue.articles {
        writeln!(out)?;
        let authors: Vec<String> = article
            .authors
            .iter()
            .map(|id| person_name(issue, id))
            .collect();
        writeln!(
            out,
            "{}. [{:?}] {}{}  (lines {}-{})",
            article.ordinal,
            article.kind,
            article.title,
            if authors.is_empty() {
                String::new()
            } else {
                format!(" — {}", authors.join(", "))
            },
            article.span.first_line,
            article.span.last_line
        )?;
        if let Some(section) = &article.section {
            writeln!(out, "   section: {section}")?;
        }
        if let Some(subtitle) = &article.subtitle {
            writeln!(out, "   subtitle: {subtitle}")?;
        }
        if !article.subheadings.is_empty() {
            writeln!(out, "   subheadings: {}", article.subheadings.join(" | "))?;
        }
        writeln!(
            out,
            "   {} paragraphs; key phrases: {}",
            article.paragraphs.len(),
            article.key_phrases.join(", ")
        )?;
        for quote in &article.quotes {
            let speaker = quote
                .speaker
                .as_ref()
                .map_or_else(|| "?".to_string(), |id| person_name(issue, id));
            let preview: String = quote.text.chars().take(70).collect();
            writeln!(
                out,
                "   {:?} {} (l.{}): {preview}…",
                quote.kind, speaker, quote.span.first_line
            )?;
        }
        for note in &article.footnotes {
            writeln!(
                out,
                "   note {}: {} {:?}",
                note.number, note.text, note.urls
            )?;
        }
    }
    writeln!(out)?;
    for person in &issue.people {
        writeln!(
            out,
            "person {}{}: roles {:?}; organisations {:?}; {} mentions{}{}",
            person
                .honorific
                .as_deref()
                .map_or(String::new(), |title| format!("{title} ")),
            person.name,
            person.roles,
            person.organisations,
            person.mentions.len(),
            if person.contributor {
                "; contributor"
            } else {
                ""
            },
            if person.cited { "; cited" } else { "" },
        )?;
    }
    let organisations: Vec<&str> = issue
        .organisations
        .iter()
        .map(|org| org.name.as_str())
        .collect();
    writeln!(out, "organisations: {}", organisations.join("; "))?;
    let phrases: Vec<String> = issue
        .key_phrases
        .iter()
        .map(|phrase| format!("{} ({})", phrase.phrase, phrase.count))
        .collect();
    writeln!(out, "key phrases: {}", phrases.join(", "))?;
    Ok(())
}

/// Returns the files to ingest under `path`: the file itself, or the supported files of a folder
/// (sorted, not recursive into hidden folders).
pub fn source_files(path: &Path) -> Result<Vec<PathBuf>> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(path).with_context(|| format!("cannot list {}", path.display()))?
    {
        let entry = entry?;
        let entry_path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if entry.file_type()?.is_dir() {
            files.extend(source_files(&entry_path)?);
        } else if crate::ingest::read::is_supported_source(&entry_path) {
            files.push(entry_path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
