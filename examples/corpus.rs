//! Scale check on the corpus of 916 Dutch education law texts (19.8 MB of JSONL):
//! extraction and ingest throughput, index size, and search latency on the result.
//!
//! ```sh
//! cargo run --release --example corpus -- ../shared/corpus/laws-nl-onderwijs-sample.jsonl
//! ```

use std::time::Instant;

use dimensies::index::ArchiveIndex;
use dimensies::index::search::{FacetSelection, SearchRequest};
use dimensies::ingest::read::IssueMetadata;

#[derive(serde::Deserialize)]
struct Law {
    id: String,
    title: String,
    text: String,
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/laws-nl-onderwijs-sample.jsonl".to_string());
    let raw = std::fs::read_to_string(&path)?;
    let laws: Vec<Law> = raw
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let bytes: usize = laws.iter().map(|law| law.text.len()).sum();
    println!(
        "{} documents, {:.1} MB of text",
        laws.len(),
        bytes as f64 / 1e6
    );

    let started = Instant::now();
    let issues: Vec<_> = laws
        .iter()
        .map(|law| {
            let metadata = IssueMetadata {
                id: Some(law.id.clone()),
                series: Some("Wetten".to_string()),
                title: Some(law.title.clone()),
                ..IssueMetadata::default()
            };
            dimensies::ingest::extract_text(&format!("{}.txt", law.id), &law.text, &metadata)
        })
        .collect();
    let extract_seconds = started.elapsed().as_secs_f64();
    let articles: usize = issues.iter().map(|issue| issue.articles.len()).sum();
    let quotes: usize = issues.iter().map(|issue| issue.quotes().count()).sum();
    let notes: usize = issues.iter().map(|issue| issue.footnotes().count()).sum();
    let people: usize = issues.iter().map(|issue| issue.people.len()).sum();
    println!(
        "extract: {extract_seconds:.1} s ({:.2} MB/s); {articles} articles, {quotes} quotes, {notes} footnotes, {people} people",
        bytes as f64 / 1e6 / extract_seconds
    );

    let directory = tempfile::tempdir()?;
    let index = ArchiveIndex::open_or_create(directory.path())?;
    let started = Instant::now();
    let report = index.ingest(&issues)?;
    let ingest_seconds = started.elapsed().as_secs_f64();
    let stats = index.stats()?;
    println!(
        "index: {ingest_seconds:.1} s for {} documents; {:.1} MB on disk",
        report.documents,
        stats.bytes_on_disk as f64 / 1e6
    );

    let queries = [
        "beroepsonderwijs",
        "examencommissie",
        "\"voortijdig schoolverlaten\"",
        "bekostiging van instellingen",
        "onderwijsinspectie toezicht",
        "studiefinanciering",
        "examencomissie",
        "regionale samenwerking",
    ];
    for query in queries {
        let request = SearchRequest {
            query: query.to_string(),
            kinds: Vec::new(),
            offset: 0,
            limit: 10,
            snippets: true,
            facets: FacetSelection::ALL,
            group_by_article: false,
        };
        let mut timings = Vec::new();
        let mut total = 0;
        for _ in 0..20 {
            let started = Instant::now();
            total = index.search(&request)?.total;
            timings.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        timings.sort_by(f64::total_cmp);
        println!(
            "search {query:<32} {total:>6} hits  p50 {:>7.2} ms  p95 {:>7.2} ms",
            timings[timings.len() / 2],
            timings[timings.len() * 95 / 100]
        );
    }
    Ok(())
}
