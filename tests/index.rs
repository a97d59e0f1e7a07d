//! Search on the fixture index.

use dimensies::catalog::Catalog;
use dimensies::index::ArchiveIndex;
use dimensies::index::catalog_store::SNAPSHOT_FILE;
use dimensies::index::search::{FacetSelection, HitKind, SearchRequest, SearchResults};

use crate::util::{fixture_index, fixture_issue};

fn search(query: &str, kinds: &[HitKind]) -> SearchResults {
    let request = SearchRequest {
        query: query.to_string(),
        kinds: kinds.to_vec(),
        offset: 0,
        limit: 10,
        snippets: true,
        facets: FacetSelection::ALL,
        group_by_article: false,
    };
    fixture_index().search(&request).expect("search runs")
}

#[test]
fn konijnenhok_is_found_in_the_conference_report() {
    let results = search("konijnenhok", &[HitKind::Paragraph]);
    let first = &results.hits[0];
    assert_eq!(first.article_id.as_deref(), Some("dimensies-2019-regio/a2"));
    assert!(
        first.snippet.contains("<mark>konijnenhok"),
        "{}",
        first.snippet
    );
}

#[test]
fn stemming_finds_other_word_forms() {
    let results = search("samenwerken", &[HitKind::Quote]);
    assert!(results.total > 5);
    assert!(
        results
            .hits
            .iter()
            .any(|hit| hit.snippet.contains("<mark>samenwerking</mark>")),
        "samenwerken finds samenwerking"
    );
}

#[test]
fn a_word_broken_over_lines_is_found_whole() {
    // "Inmiddels fungeert de samenwerking als vlieg- / wiel" (fixture lines 619-621).
    let results = search("vliegwiel", &[HitKind::Paragraph]);
    assert!(
        results.hits.iter().any(
            |hit| hit.article_id.as_deref() == Some("dimensies-2019-regio/a3")
                && hit.snippet.contains("als <mark>vliegwiel</mark> om")
        ),
        "{:#?}",
        results.hits
    );
}

#[test]
fn a_misspelt_word_still_finds_its_matches() {
    let results = search("konijnenhokk", &[]);
    assert!(results.total >= 3);
    assert!(
        results.hits[0].snippet.contains("<mark>konijnenhok"),
        "{}",
        results.hits[0].snippet
    );
    let results = search("samenwerkng regionale", &[HitKind::Paragraph]);
    assert!(results.total > 0);
}

#[test]
fn exact_phrases_and_full_names() {
    let results = search("\"Sterk Techniekonderwijs\"", &[HitKind::Quote]);
    assert!(results.total >= 2);
    assert!(results.hits.iter().all(|hit| {
        hit.snippet
            .contains("<mark>Sterk</mark> <mark>Techniekonderwijs</mark>")
    }));
    let results = search("Han van Helmond", &[]);
    assert_eq!(results.hits[0].kind, HitKind::Person);
    assert_eq!(results.hits[0].id, "han-van-helmond");
}

#[test]
fn facets_count_all_hits() {
    let results = search("samenwerking", &[]);
    let kinds: u64 = results.facets.kinds.iter().map(|facet| facet.count).sum();
    assert_eq!(kinds, results.total as u64);
    assert_eq!(results.facets.years[0].value, "2019");
    assert!(
        results
            .facets
            .people
            .iter()
            .any(|facet| facet.value == "jan-jansen")
    );
}

#[test]
fn malformed_queries_are_user_errors() {
    let request = SearchRequest {
        query: "\"".to_string(),
        kinds: vec![],
        offset: 0,
        limit: 5,
        snippets: true,
        facets: FacetSelection::ALL,
        group_by_article: false,
    };
    let error = fixture_index().search(&request).unwrap_err();
    assert!(
        matches!(error, dimensies::index::IndexError::Query(_)),
        "{error}"
    );
    // An unclosed quote searches for what was typed.
    assert!(search("\"onderzoekscultuur versterken", &[]).total > 0);
}

#[test]
fn ingesting_twice_replaces_and_survives_reopening() {
    let directory = tempfile::tempdir().unwrap();
    let issue = fixture_issue();
    let index = ArchiveIndex::open_or_create(directory.path()).unwrap();
    let first = index.ingest(std::slice::from_ref(issue)).unwrap();
    let stats = index.stats().unwrap();
    let second = index.ingest(std::slice::from_ref(issue)).unwrap();
    assert_eq!(second.replaced, ["dimensies-2019-regio"]);
    assert_eq!(first.documents, second.documents);
    assert_eq!(index.stats().unwrap().documents, stats.documents);
    assert_eq!(stats.catalog.quotes, issue.quotes().count());
    drop(index);
    let reopened = ArchiveIndex::open_or_create(directory.path()).unwrap();
    assert_eq!(reopened.stats().unwrap().documents, stats.documents);
    assert_eq!(reopened.issues().unwrap()[0], *issue);
}

#[test]
fn a_second_writer_is_refused_and_the_index_is_unchanged() {
    let directory = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::open_or_create(directory.path()).unwrap();
    index.ingest(std::slice::from_ref(fixture_issue())).unwrap();
    let before = index.stats().unwrap().documents;
    // Hold the writer lock as a concurrent ingest would.
    let holder = tantivy::Index::open_in_dir(directory.path()).unwrap();
    dimensies::index::analyzer::register_analyzers(&holder);
    let _writer: tantivy::IndexWriter = holder.writer(15_000_000).unwrap();
    let error = index
        .ingest(std::slice::from_ref(fixture_issue()))
        .unwrap_err();
    assert!(
        error.to_string().contains("another ingest is writing"),
        "{error}"
    );
    assert_eq!(index.stats().unwrap().documents, before);
}

/// The catalog snapshot (issue 11): written with each commit and read back for that commit only;
/// an index without one (built before it existed) opens as before and gets one.
#[test]
fn the_catalog_snapshot_is_read_for_its_own_commit_only() {
    let directory = tempfile::tempdir().unwrap();
    let snapshot = directory.path().join(SNAPSHOT_FILE);
    let index = ArchiveIndex::open_or_create(directory.path()).unwrap();
    index.ingest(std::slice::from_ref(fixture_issue())).unwrap();
    assert!(snapshot.try_exists().unwrap());
    let from_models = Catalog::build(index.issues().unwrap());
    let over_index = index.catalog().unwrap();
    assert_eq!(over_index.counts(), from_models.counts());
    assert_eq!(over_index.people(), from_models.people());
    let (_, _, article) = from_models.articles().nth(2).unwrap();
    let with_text = over_index
        .article_with_text(article.id.as_str())
        .unwrap()
        .unwrap();
    assert_eq!(*with_text, *article);
    assert!(
        over_index
            .article(article.id.as_str())
            .unwrap()
            .1
            .paragraphs
            .is_empty()
    );

    // The snapshot is what the catalog reads: a title changed in it shows.
    let written = std::fs::read_to_string(&snapshot).unwrap();
    let title = "\"title\":\"Samenwerking in de regio\"";
    assert!(written.contains(title));
    let changed = written.replacen(title, "\"title\":\"Gewijzigd in de snapshot\"", 1);
    std::fs::write(&snapshot, &changed).unwrap();
    assert_eq!(
        index.catalog().unwrap().issues()[0].title,
        "Gewijzigd in de snapshot"
    );

    // After another commit that snapshot is stale: not read, even when put back.
    assert!(index.remove("dimensies-2019-regio").unwrap());
    std::fs::write(&snapshot, &changed).unwrap();
    drop(index);
    let reopened = ArchiveIndex::open_or_create(directory.path()).unwrap();
    assert_eq!(reopened.catalog().unwrap().counts().issues, 0);

    // Without a snapshot the catalog is built from the stored models and the snapshot written.
    reopened
        .ingest(std::slice::from_ref(fixture_issue()))
        .unwrap();
    std::fs::remove_file(&snapshot).unwrap();
    assert_eq!(reopened.catalog().unwrap().counts(), from_models.counts());
    assert!(snapshot.try_exists().unwrap());
}
