//! Web pages as publishers serve them: `tests/pages/stages-in-de-zorg.html`, a page of our own
//! with navigation, a cookie banner, share buttons, a newsletter box, related links, comments
//! and a footer around one article with a pull quote and notes numbered from 6.

use dimensies::index::ArchiveIndex;
use dimensies::index::search::{FacetSelection, SearchRequest};
use dimensies::ingest::read::IssueMetadata;
use dimensies::model::{Issue, QuoteKind};

use crate::util::project_path;

fn page_issue() -> Issue {
    dimensies::ingest::extract_file(
        &project_path("tests/pages/stages-in-de-zorg.html"),
        &IssueMetadata::default(),
    )
    .expect("the page reads")
}

fn name_of(issue: &Issue, id: &dimensies::model::PersonId) -> String {
    issue
        .person(id)
        .map(|person| person.name.clone())
        .unwrap_or_default()
}

#[test]
fn a_web_page_is_one_article_with_its_metadata() {
    let issue = page_issue();
    assert_eq!(issue.articles.len(), 1);
    let article = &issue.articles[0];
    assert_eq!(
        article.title,
        "Stages in de zorg: begeleiding maakt het verschil"
    );
    let authors: Vec<String> = article
        .authors
        .iter()
        .map(|id| name_of(&issue, id))
        .collect();
    assert_eq!(authors, ["Petra de Wit"]);
    assert_eq!(article.subheadings, ["Begeleiding telt", "Wat nu?"]);
    assert_eq!(article.paragraphs.len(), 5);
    assert_eq!(
        (issue.series.as_deref(), issue.year, issue.month),
        (Some("Vakblad Beroepsonderwijs"), Some(2023), Some(2))
    );
}

#[test]
fn the_pull_quote_has_its_speaker_and_the_notes_their_numbers_and_links() {
    let issue = page_issue();
    let article = &issue.articles[0];
    let pull = article
        .quotes
        .iter()
        .find(|quote| quote.kind == QuoteKind::Pull)
        .expect("a pull quote");
    assert_eq!(
        pull.text,
        "Een goede stagebegeleider maakt het verschil tussen stoppen en doorgaan."
    );
    let speaker = pull.speaker.as_ref().expect("the pull quote has a speaker");
    assert_eq!(name_of(&issue, speaker), "Anouk Smit");
    let smit = issue.person(speaker).expect("Anouk Smit is a person");
    assert_eq!(smit.roles, ["praktijkopleider bij het Zorgcollege"]);

    let numbers: Vec<u32> = article.footnotes.iter().map(|note| note.number).collect();
    assert_eq!(numbers, [6, 7]);
    assert_eq!(
        article.footnotes[0].urls,
        ["https://onderzoek.example.nl/rapport-stages-zorg.pdf"]
    );
    let marker = article.footnotes[0]
        .marker
        .as_ref()
        .expect("marker of note 6");
    assert_eq!(marker.word, "opleiden");
    assert!(
        !article.paragraphs[0].text.ends_with('6'),
        "the marker is taken out of the text"
    );
}

fn hits(index: &ArchiveIndex, query: &str) -> usize {
    let request = SearchRequest {
        query: query.to_string(),
        kinds: vec![],
        offset: 0,
        limit: 10,
        snippets: false,
        facets: FacetSelection::ALL,
        group_by_article: false,
    };
    index.search(&request).expect("search runs").total
}

#[test]
fn the_article_is_searchable_and_the_boilerplate_is_not() {
    let index = ArchiveIndex::create_in_ram().unwrap();
    index.ingest(&[page_issue()]).unwrap();
    for word in [
        "stagebegeleider",
        "driehonderd",
        "investeringsfonds",
        "praktijkopleider",
    ] {
        assert!(hits(&index, word) > 0, "{word} is not found");
    }
    // Cookie banner, menu, share buttons, newsletter box, tags, related links, comments, footer.
    for word in [
        "cookies",
        "Voorpagina",
        "Abonneren",
        "WhatsApp",
        "Nieuwsbrief",
        "mailbox",
        "Docententekort",
        "buddysysteem",
        "Marloes",
        "Privacyverklaring",
        "Adverteren",
    ] {
        assert_eq!(hits(&index, word), 0, "{word} is found");
    }
}
