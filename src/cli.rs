//! The `dimensies` command line: one `run_*` function per subcommand.
//!
//! Output and progress bars belong here; the library below never prints.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

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
    /// Extract issues from files or folders (.txt, .html) and add them to the index.
    ///
    /// Re-ingesting an issue replaces it. If any file cannot be read, nothing is written and
    /// the index stays as it was.
    Ingest(IngestArgs),
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
    /// Print what the index holds.
    Stats(IndexArgs),
    /// Write every record of the index as newline-delimited JSON (for other search engines).
    Export(IndexArgs),
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
}

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The file to extract.
    pub file: PathBuf,
    /// Print the full model as JSON.
    #[arg(long)]
    pub json: bool,
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

/// Sets up logging: `info` by default, `RUST_LOG` overrides.
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(args) => run_extract(&args),
        _ => bail!("not yet available"),
    }
}

fn run_extract(args: &ExtractArgs) -> Result<()> {
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
