//! The web pages over HTTP (in-process, `router().oneshot`): status, content, escaping, on the
//! fixture `dimensies-2019-regio.txt`. The browser test (`scripts/browser-test.sh`) drives the
//! same pages in Chromium.

use axum::body::Body;
use axum::http::{Request, header};

use crate::util::{router, send};

async fn page(path: &str) -> (u16, String, String) {
    let request = Request::get(path)
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .expect("request");
    send(router(), request).await
}

/// The page's HTML, asserting it is a 200 HTML page.
async fn html(path: &str) -> String {
    let (status, content_type, body) = page(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    assert!(
        content_type.starts_with("text/html"),
        "{path}: {content_type}"
    );
    assert!(body.starts_with("<!doctype html>"), "{path}");
    assert!(body.contains("<html lang=\"nl\">"), "{path}");
    body
}

/// Counts the occurrences of `needle`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn home_lists_the_issue_and_links_graphiql() {
    let body = html("/").await;
    assert!(body.contains("<label for=\"q\">Zoek in het archief</label>"));
    assert!(
        body.contains("href=\"/nummer/dimensies-2019-regio\""),
        "{body}"
    );
    assert!(body.contains("Samenwerking in de regio"));
    assert!(body.contains("href=\"/graphiql\""));
    assert!(body.contains("href=\"/thema?q=regionale+samenwerking\""));
    let (status, content_type, graphiql) = page("/graphiql").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    assert!(graphiql.contains("/graphiql/graphiql.min.js"));
}

#[tokio::test]
async fn search_groups_by_kind_with_quote_cards_first() {
    let body = html("/?q=regionale+samenwerking").await;
    assert!(body.contains("Resultaten voor “regionale samenwerking”"));
    // Tabs with counts, quotes first.
    let quotes_tab = body.find("href=\"/?q=regionale+samenwerking&#38;soort=citaten\"");
    let articles_tab = body.find("href=\"/?q=regionale+samenwerking&#38;soort=artikelen\"");
    assert!(quotes_tab.is_some() && articles_tab.is_some(), "{body}");
    assert!(quotes_tab < articles_tab);
    // Quote cards: speaker with role, article, issue, attribution, citation.
    assert!(body.contains("<a href=\"/persoon/esther-klaster\">Esther Klaster</a>, <span class=\"rol\">adviseur bij Common Eye</span>"), "{body}");
    assert!(body.contains("zekerheid <strong>98&nbsp;%</strong>"));
    assert!(body.contains("<summary>Citeer</summary>"));
    assert!(body.contains("<mark>samenwerking</mark>"));
    // Articles, one hit each, with snippets.
    assert_eq!(
        count(&body, "\">Thuis in samenwerking</a></h3>"),
        1,
        "{body}"
    );
    assert!(body.contains("Thuis in samenwerking"));
    // Facets: issue, year, people.
    assert!(body.contains("<h3>Nummer</h3>"));
    assert!(body.contains("<h3>Jaar</h3>"));
    assert!(
        body.contains("href=\"/?q=regionale+samenwerking&#38;persoon=jan-jansen\">Jan Jansen</a>")
    );
    assert!(body.contains("href=\"/?q=regionale+samenwerking&#38;jaar=2019\">2019</a>"));
    assert!(body.contains("href=\"/thema?q=regionale+samenwerking\""));
}

#[tokio::test]
async fn a_kind_tab_lists_only_that_kind_and_pages() {
    let body = html("/?q=regionale+samenwerking&soort=citaten").await;
    assert!(body.contains("aria-current=\"page\">Citaten"), "{body}");
    assert!(
        !body.contains("<h3><a href=\"/artikel/"),
        "no article hits on the quote tab"
    );
    let cards = count(&body, "<article class=\"kaart");
    assert!(cards >= 3, "{cards} cards");
    // "de" is in more than one page of quotes.
    let first = html("/?q=de&soort=citaten").await;
    assert_eq!(count(&first, "<article class=\"kaart"), 20);
    assert!(first.contains("Pagina 1 van"), "{first}");
    assert!(first.contains("href=\"/?q=de&#38;soort=citaten&#38;pagina=2\" rel=\"next\""));
    let second = html("/?q=de&soort=citaten&pagina=2").await;
    assert!(second.contains("rel=\"prev\""));
    let first_ids: Vec<&str> = first.matches("id=\"kaart-").collect();
    assert!(!first_ids.is_empty());
    // No card is on both pages.
    for line in first.lines().filter(|line| line.contains("id=\"kaart-")) {
        assert!(!second.contains(line.trim()), "{line} on both pages");
    }
}

#[tokio::test]
async fn facet_links_narrow_the_search_and_can_be_taken_off() {
    let body = html("/?q=regionale+samenwerking&soort=citaten&persoon=esther-klaster").await;
    let cards = count(&body, "<article class=\"kaart");
    assert!(cards >= 1, "{body}");
    assert_eq!(
        count(
            &body,
            "<a href=\"/persoon/esther-klaster\">Esther Klaster</a>"
        ),
        cards,
        "every quote is hers"
    );
    assert!(
        body.contains("Persoon: <strong>Esther Klaster</strong>"),
        "{body}"
    );
    assert!(body.contains("href=\"/?q=regionale+samenwerking&#38;soort=citaten\" aria-label=\"Persoon Esther Klaster weghalen\""));
    // The chosen person's facet link widens the search again; the tabs keep the filter.
    assert!(body.contains("aria-current=\"true\" class=\"gekozen-facet\">✓ Esther Klaster</a>"));
    assert!(body.contains(
        "href=\"/?q=regionale+samenwerking&#38;soort=artikelen&#38;persoon=esther-klaster\""
    ));
    let everything = html("/?q=regionale+samenwerking&soort=citaten").await;
    assert!(count(&everything, "<article class=\"kaart") > cards);
    // A year no issue has keeps nothing; the issue facet keeps the issue.
    let none = html("/?q=regionale+samenwerking&jaar=1990").await;
    assert!(none.contains("Niets gevonden"), "{none}");
    let issue = html("/?q=regionale+samenwerking&nummer=dimensies-2019-regio").await;
    assert!(issue.contains("Nummer: <strong>Dimensies (2019)</strong>"));
    assert!(!issue.contains("Niets gevonden"));
}

#[tokio::test]
async fn a_typo_is_corrected_and_said() {
    let body = html("/?q=samenwerkng").await;
    assert!(
        body.contains("Bedoelde u: <a href=\"/?q=samenwerking\">samenwerking</a>?"),
        "{body}"
    );
    assert!(body.contains("“samenwerkng” staat niet in het archief"));
    assert!(body.contains("<mark>samenwerking</mark>"));
}

#[tokio::test]
async fn what_people_type_is_escaped_and_bad_queries_are_explained() {
    let body = html("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+regio").await;
    assert!(!body.contains("<script>alert"), "{body}");
    assert!(
        body.contains("value=\"&#60;script&#62;alert(1)&#60;/script&#62; regio\"")
            || body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; regio\""),
        "{body}"
    );
    let (status, _, body) = page("/?q=-regio").await;
    assert_eq!(status, 400);
    assert!(body.contains("sluit alleen woorden uit"), "{body}");
    let (status, _, _) = page("/?q=%ZZ&pagina=x").await;
    assert_eq!(status, 200, "a malformed query string is read as none");
}

#[tokio::test]
async fn a_quote_card_has_its_permalink_and_citation() {
    let issue = crate::util::fixture_issue();
    let (article, quote) = issue
        .quotes()
        .find(|(_, quote)| {
            quote
                .speaker
                .as_ref()
                .is_some_and(|id| id.as_str() == "esther-klaster")
        })
        .expect("a quote of Esther Klaster");
    let body = html(&format!("/citaat/{}", quote.id)).await;
    assert!(
        body.contains("<h1>Citaat van Esther Klaster</h1>"),
        "{body}"
    );
    assert!(body.contains("adviseur bij Common Eye"));
    assert!(body.contains(&format!(">{}</a>", article.title)));
    assert!(body.contains("Spreker gevonden via"));
    let first_words: String = quote.text.chars().take(30).collect();
    assert!(body.contains(&first_words), "{first_words}");
    // The citation names speaker, role, article and issue.
    let citation_start = body.find("<pre id=\"citeer-").expect("a citation");
    let citation =
        &body[citation_start..body[citation_start..].find("</pre>").unwrap() + citation_start];
    assert!(
        citation.contains("Esther Klaster (adviseur bij Common Eye)"),
        "{citation}"
    );
    assert!(citation.contains("Dimensies"), "{citation}");
    assert!(body.contains(&format!("Vaste link: <a href=\"/citaat/{}\">", quote.id)));
    assert!(body.contains(&format!(
        "href=\"/artikel/{}#{}\"",
        article.id,
        quote.id.as_str().rsplit('/').next().unwrap()
    )));
    // APA and BibTeX from the citation module, with copy buttons for when JavaScript runs.
    assert!(
        body.contains(">APA</p>") && body.contains(">BibTeX</p>"),
        "{body}"
    );
    assert!(body.contains("@article{"), "{body}");
    assert!(body.contains("data-kopieer=\"citeer-"));
    let (status, _, missing) = page("/citaat/dimensies-2019-regio/q9999").await;
    assert_eq!(status, 404);
    assert!(missing.contains("Er is geen citaat"));
}

#[tokio::test]
async fn an_article_marks_its_quotes_and_links_its_footnotes() {
    let body = html("/artikel/dimensies-2019-regio/a4").await;
    assert!(body.contains("<h1>Thuis in samenwerking</h1>"), "{body}");
    assert!(count(&body, "<span class=\"citaat\" id=\"q") >= 5, "{body}");
    // Footnote markers link to the notes, the notes to their web addresses and back.
    assert!(body.contains("<a href=\"#noot-6\" id=\"ref-6\" aria-label=\"voetnoot 6\">6</a>"));
    assert!(body.contains("<li id=\"noot-6\" value=\"6\">"));
    assert!(body.contains("<a href=\"https://commoneye.nl/wp-content/uploads/2019/02/Bestuurswetenschappen-artikel-Esther-Klaster.pdf\">"));
    assert!(body.contains("<a href=\"#ref-6\""));
    // People named.
    assert!(body.contains("<h2 id=\"genoemd\">Genoemd in dit artikel</h2>"));
    assert!(body.contains("<a href=\"/persoon/esther-klaster\">Esther Klaster</a>"));
    // Section label and neighbours in the issue.
    let interview = html("/artikel/dimensies-2019-regio/a3").await;
    assert!(interview.contains("HET MOMENT · interview"), "{interview}");
    assert!(interview.contains("href=\"/artikel/dimensies-2019-regio/a4\" rel=\"next\""));
    let (status, _, _) = page("/artikel/dimensies-2019-regio/a99").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_person_page_has_roles_per_issue_quotes_and_articles() {
    let body = html("/persoon/jan-jansen").await;
    assert!(body.contains("<h1>Jan Jansen</h1>"), "{body}");
    assert!(body.contains("projectleider ‘Toptechniek in bedrijf Noordoost-Brabant’ (TiB)"));
    assert!(body.contains("href=\"/nummer/dimensies-2019-regio\""));
    let quotes = crate::util::fixture_issue()
        .quotes()
        .filter(|(_, quote)| {
            quote
                .speaker
                .as_ref()
                .is_some_and(|id| id.as_str() == "jan-jansen")
        })
        .count();
    assert!(quotes > 0);
    assert_eq!(count(&body, "<article class=\"kaart"), quotes);
    assert!(body.contains(
        "href=\"/artikel/dimensies-2019-regio/a3\">Elkaar vinden en niet meer loslaten</a>"
    ));
    let (status, _, missing) = page("/persoon/niemand-bekend").await;
    assert_eq!(status, 404);
    assert!(missing.contains("Er is geen persoon"));
}

#[tokio::test]
async fn an_issue_page_is_its_table_of_contents() {
    let body = html("/nummer/dimensies-2019-regio").await;
    assert!(body.contains("<h1>Samenwerking in de regio</h1>"), "{body}");
    let titles = [
        "In deze Dimensies staat samenwerking in de regio centraal",
        "Een vaste plek voor onderzoek in en door het mbo, hoe regel je dat met HRM?",
        "Elkaar vinden en niet meer loslaten",
        "Thuis in samenwerking",
        "Regio of Heimat?",
    ];
    let positions: Vec<usize> = titles
        .iter()
        .map(|title| {
            body.find(&format!(">{title}</a>"))
                .unwrap_or_else(|| panic!("{title} in {body}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "in reading order"
    );
    assert!(body.contains("<a href=\"/persoon/rob-martens\">Rob Martens</a>"));
    let (status, _, _) = page("/nummer/bestaat-niet").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_theme_page_draws_one_point_per_issue() {
    let body = html("/thema?q=regionale+samenwerking").await;
    assert!(
        body.contains("<h1>Thema “regionale samenwerking”</h1>"),
        "{body}"
    );
    assert_eq!(
        count(&body, "<circle class=\"punt\""),
        1,
        "one issue, one point"
    );
    assert!(body.contains("data-issue=\"dimensies-2019-regio\""));
    assert!(body.contains("<svg viewBox=\"0 0 640 240\" role=\"img\""));
    assert!(body.contains("<h2 id=\"wie\">Wie spreken er het meest over</h2>"));
    let jansen = body.find(">Jan Jansen</a>").expect("Jan Jansen listed");
    let klaster = body
        .find(">Esther Klaster</a>")
        .expect("Esther Klaster listed");
    assert!(jansen < klaster, "Jan Jansen speaks most about it");
    assert!(body.contains("Common Eye"));
    assert!(body.contains(">Thuis in samenwerking</a>"));
    let empty = html("/thema").await;
    assert!(empty.contains("<label for=\"thema-q\">Thema</label>"));
}

#[tokio::test]
async fn the_theme_page_counts_every_issue_of_a_larger_archive() {
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    let other = dimensies::ingest::extract_text(
        "dimensies-2021-stages.txt",
        "Stages in de regio\n\n“De regionale samenwerking met de bedrijven gaat goed”, zegt Marieke Dekker.",
        &dimensies::ingest::read::IssueMetadata {
            series: Some("Dimensies".to_string()),
            number: Some(40),
            year: Some(2021),
            title: Some("Stages".to_string()),
            ..Default::default()
        },
    );
    let unrelated = dimensies::ingest::extract_text(
        "dimensies-2022-taal.txt",
        "Taal in de klas\n\nLezen en schrijven blijven de basis, schrijft de redactie.",
        &dimensies::ingest::read::IssueMetadata {
            series: Some("Dimensies".to_string()),
            number: Some(41),
            year: Some(2022),
            ..Default::default()
        },
    );
    index
        .ingest(&[crate::util::fixture_issue().clone(), other, unrelated])
        .unwrap();
    let state = dimensies::api::AppState::new(index).unwrap();
    let app = dimensies::api::router(state, &Default::default());
    let request = Request::get("/thema?q=regionale+samenwerking")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(app, request).await;
    assert_eq!(status, 200);
    assert_eq!(count(&body, "<circle class=\"punt\""), 3, "{body}");
    let order: Vec<usize> = [
        "dimensies-2019-regio",
        "dimensies-2021-stages",
        "dimensies-2022-taal",
    ]
    .iter()
    .map(|id| body.find(&format!("data-issue=\"{id}\"")).expect("point"))
    .collect();
    assert!(
        order.windows(2).all(|pair| pair[0] < pair[1]),
        "oldest first"
    );
    assert!(body.contains("data-issue=\"dimensies-2022-taal\" data-count=\"0\""));
}

#[tokio::test]
async fn text_from_the_source_is_escaped_on_every_page() {
    let text = "Een <b>vette</b> titel\n\n\
        Over <script>alert('regio')</script> en meer.\n\n\
        “Wij <i>zeggen</i> het zo”, zegt Anna de Vries.";
    let issue = dimensies::ingest::extract_text("script-2020.txt", text, &Default::default());
    let quote_id = issue
        .quotes()
        .next()
        .map(|(_, quote)| quote.id.to_string())
        .expect("a quote");
    let article_id = issue.articles[0].id.to_string();
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    index.ingest(&[issue]).unwrap();
    let state = dimensies::api::AppState::new(index).unwrap();
    let app = dimensies::api::router(state, &Default::default());
    for path in [
        "/?q=alert".to_string(),
        "/?q=zeggen&soort=citaten".to_string(),
        format!("/citaat/{quote_id}"),
        format!("/artikel/{article_id}"),
        "/nummer/script-2020".to_string(),
        "/thema?q=alert".to_string(),
    ] {
        let request = Request::get(path.as_str()).body(Body::empty()).unwrap();
        let (status, _, body) = send(app.clone(), request).await;
        assert_eq!(status, 200, "{path}");
        for tag in ["<script>alert", "<b>vette", "<i>zeggen"] {
            assert!(!body.contains(tag), "{path} has {tag}: {body}");
        }
        if !path.starts_with("/nummer/") {
            // The escaper may write "<" as "&lt;" or "&#60;".
            assert!(
                body.contains("&lt;") || body.contains("&#60;"),
                "{path}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn static_files_and_unknown_addresses() {
    let (status, content_type, script) = page("/static/citeer.js").await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    assert!(script.contains("navigator.clipboard"));
    let (status, content_type, _) = page("/static/dimensies.css").await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let (status, _, body) = page("/static/ander.js").await;
    assert_eq!(status, 404);
    assert!(body.contains("<html lang=\"nl\">"));
    let (status, _, body) = page("/bestaat/niet").await;
    assert_eq!(status, 404);
    assert!(body.contains("Op dit adres staat niets"));
}

#[tokio::test]
async fn a_citation_permalink_opens_the_web_page_in_a_browser() {
    use tower::ServiceExt;
    let issue = crate::util::fixture_issue();
    let (article, quote) = issue.quotes().next().expect("a quote");
    let cases = [
        (
            dimensies::cite::global_id("Quote", quote.id.as_str()),
            format!("/citaat/{}", quote.id),
        ),
        (
            dimensies::cite::global_id("Article", article.id.as_str()),
            format!("/artikel/{}", article.id),
        ),
        (
            dimensies::cite::global_id("Person", "esther-klaster"),
            "/persoon/esther-klaster".to_string(),
        ),
    ];
    for (global_id, page) in cases {
        let request = Request::get(format!("/id/{global_id}"))
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .body(Body::empty())
            .unwrap();
        let response = router().oneshot(request).await.unwrap();
        assert_eq!(response.status().as_u16(), 303, "{page}");
        assert_eq!(response.headers()[header::LOCATION].to_str().unwrap(), page);
        // A client asking for JSON still gets the object.
        let request = Request::get(format!("/id/{global_id}"))
            .header(header::ACCEPT, "application/json")
            .body(Body::empty())
            .unwrap();
        let (status, content_type, _) = send(router(), request).await;
        assert_eq!(status, 200);
        assert!(
            content_type.starts_with("application/json"),
            "{content_type}"
        );
    }
    let body = html("/artikel/dimensies-2019-regio/a4").await;
    assert!(body.contains("<summary>Citeer dit artikel</summary>"));
}
