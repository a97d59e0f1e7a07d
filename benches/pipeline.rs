//! Criterion benchmarks: extraction of the fixture, and searches on its index.
//!
//! `cargo bench --bench pipeline`; figures are reported in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use dimensies::index::ArchiveIndex;
use dimensies::index::search::{FacetSelection, SearchRequest};
use dimensies::ingest::read::IssueMetadata;

const FIXTURE: &str = include_str!("../fixtures/dimensies-2019-regio.txt");

fn extraction(criterion: &mut Criterion) {
    criterion.bench_function("extract fixture issue (41 KB)", |bench| {
        bench.iter(|| {
            dimensies::ingest::extract_text(
                "dimensies-2019-regio.txt",
                FIXTURE,
                &IssueMetadata::default(),
            )
        });
    });
}

fn search(criterion: &mut Criterion) {
    let issue = dimensies::ingest::extract_text(
        "dimensies-2019-regio.txt",
        FIXTURE,
        &IssueMetadata::default(),
    );
    let index = ArchiveIndex::create_in_ram().expect("index");
    index.ingest(&[issue]).expect("ingest");
    let mut group = criterion.benchmark_group("search fixture");
    for query in [
        "regionale samenwerking",
        "\"Sterk Techniekonderwijs\"",
        "Han van Helmond",
        "samenwerkng",
    ] {
        let request = SearchRequest {
            query: query.to_string(),
            kinds: Vec::new(),
            offset: 0,
            limit: 10,
            snippets: true,
            facets: FacetSelection::ALL,
            group_by_article: false,
        };
        group.bench_function(query, |bench| {
            bench.iter(|| index.search(&request).expect("search"))
        });
    }
    group.finish();
}

criterion_group!(benches, extraction, search);
criterion_main!(benches);
