//! The API: every operation of the client contract on the fixture, and GraphQL over HTTP.

use axum::body::Body;
use axum::http::{Request, header};
use std::collections::HashSet;

use serde_json::{Value, json};

use crate::util::{graphql, router, run_operation, send};

fn names(values: &Value) -> Vec<String> {
    values
        .as_array()
        .expect("array")
        .iter()
        .map(|value| value["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn people_pages_of_three_equal_one_page_of_a_hundred() {
    let all = run_operation("People", json!({ "first": 100 })).await;
    let everyone = names(&all["data"]["people"]["nodes"]);
    assert_eq!(all["data"]["people"]["totalCount"], everyone.len());
    assert!(everyone.len() >= 20);
    let mut paged = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = run_operation("People", json!({ "first": 3, "after": after })).await;
        let people = &page["data"]["people"];
        paged.extend(names(&people["nodes"]));
        if !people["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = people["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(paged, everyone);
    let klaster = all["data"]["people"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|person| person["name"] == "Esther Klaster")
        .unwrap();
    assert_eq!(klaster["roles"], json!(["adviseur bij Common Eye"]));
    assert_eq!(klaster["organisations"], json!(["Common Eye"]));
    assert_eq!(klaster["quotes"]["totalCount"], 4);
    assert_eq!(klaster["articles"][0]["title"], "Thuis in samenwerking");
}

#[tokio::test]
async fn people_query_finds_by_role_and_organisation() {
    let response = run_operation("People", json!({ "first": 10, "query": "Common Eye" })).await;
    assert_eq!(
        names(&response["data"]["people"]["nodes"])[0],
        "Esther Klaster"
    );
    let response = run_operation("People", json!({ "first": 10, "query": "lector" })).await;
    assert_eq!(
        names(&response["data"]["people"]["nodes"]),
        ["Ineke Delies"]
    );
}

#[tokio::test]
async fn quotes_by_speaker_are_only_theirs() {
    let response = run_operation("Quotes", json!({ "first": 100, "speaker": "Klaster" })).await;
    let quotes = &response["data"]["quotes"];
    assert_eq!(quotes["totalCount"], 4);
    for quote in quotes["nodes"].as_array().unwrap() {
        assert_eq!(quote["speaker"]["name"], "Esther Klaster");
        assert_eq!(quote["issue"]["year"], 2019);
    }
    let by_name = run_operation(
        "Quotes",
        json!({ "first": 100, "speaker": "esther klaster" }),
    )
    .await;
    assert_eq!(by_name["data"]["quotes"]["totalCount"], 4);
    let with_words = run_operation(
        "Quotes",
        json!({ "first": 10, "speaker": "Jansen", "query": "landkaart" }),
    )
    .await;
    let texts: Vec<&str> = with_words["data"]["quotes"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|quote| quote["text"].as_str().unwrap())
        .collect();
    assert!(
        !texts.is_empty() && texts.iter().all(|text| text.contains("landkaart")),
        "{texts:?}"
    );
}

#[tokio::test]
async fn quotes_carry_their_attribution_and_filter_by_confidence() {
    let query = "query($min: Float) { quotes(first: 100, minConfidence: $min) { totalCount \
                 nodes { speaker { name } speakerDescription attribution { method confidence } } } }";
    let all = graphql(query, json!({})).await;
    let nodes = all["data"]["quotes"]["nodes"].as_array().unwrap();
    let total = all["data"]["quotes"]["totalCount"].as_u64().unwrap();
    assert!(total > 20);
    // Every quote with a speaker says how it was attributed.
    for quote in nodes.iter().filter(|quote| !quote["speaker"].is_null()) {
        let confidence = quote["attribution"]["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence), "{quote}");
        assert!(quote["attribution"]["method"].is_string(), "{quote}");
    }
    let methods: HashSet<&str> = nodes
        .iter()
        .filter_map(|quote| quote["attribution"]["method"].as_str())
        .collect();
    assert!(
        methods.contains("SPEECH_VERB") && methods.contains("CONTINUATION"),
        "{methods:?}"
    );
    let sure = graphql(query, json!({ "min": 0.9 })).await;
    let sure_nodes = sure["data"]["quotes"]["nodes"].as_array().unwrap();
    assert!(!sure_nodes.is_empty() && (sure_nodes.len() as u64) < total);
    for quote in sure_nodes {
        assert!(
            quote["attribution"]["confidence"].as_f64().unwrap() >= 0.9,
            "{quote}"
        );
    }
    let none = graphql(query, json!({ "min": 1.5 })).await;
    assert_eq!(none["data"]["quotes"]["totalCount"], 0);
}

#[tokio::test]
async fn footnotes_and_articles() {
    let response = run_operation("Footnotes", json!({ "first": 100 })).await;
    let notes = response["data"]["footnotes"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(notes.len(), 10);
    let five = notes.iter().find(|note| note["number"] == 5).unwrap();
    assert_eq!(
        five["urls"],
        json!([
            "http://www.jaapboonstra.nl/wp-content/uploads/2013/01/Stoeien-met-paradoxen-boek.pdf"
        ])
    );
    assert_eq!(five["article"]["title"], "Thuis in samenwerking");

    let response = run_operation("Articles", json!({ "first": 2 })).await;
    let articles = &response["data"]["articles"];
    assert_eq!(articles["totalCount"], 5);
    assert_eq!(articles["pageInfo"]["hasNextPage"], true);
    let next = run_operation(
        "Articles",
        json!({ "first": 100, "after": articles["pageInfo"]["endCursor"] }),
    )
    .await;
    let titles: Vec<&str> = next["data"]["articles"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|article| article["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Elkaar vinden en niet meer loslaten",
            "Thuis in samenwerking",
            "Regio of Heimat?"
        ]
    );
    let interview = &next["data"]["articles"]["nodes"][0];
    assert_eq!(interview["section"], "HET MOMENT");
    assert!(
        interview["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|person| person["name"] == "Jan Jansen")
    );
}

#[tokio::test]
async fn issues_list_the_contributors() {
    let response = run_operation("Issues", json!({})).await;
    let issue = &response["data"]["issues"]["nodes"][0];
    assert_eq!(response["data"]["issues"]["totalCount"], 1);
    assert_eq!(issue["series"], "Dimensies");
    assert_eq!(issue["year"], 2019);
    assert_eq!(issue["articles"].as_array().unwrap().len(), 5);
    assert_eq!(issue["contributors"].as_array().unwrap().len(), 11);
}

#[tokio::test]
async fn search_returns_marked_snippets_and_facets() {
    let response = run_operation(
        "Search",
        json!({ "query": "regionale samenwerking", "first": 5 }),
    )
    .await;
    let search = &response["data"]["search"];
    assert!(search["totalCount"].as_u64().unwrap() >= 5);
    assert!(
        search["edges"][0]["node"]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>")
    );
    assert!(
        search["facets"]["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|facet| facet["value"] == "paragraph")
    );
    assert_eq!(search["facets"]["years"][0]["value"], "2019");
    let quotes_only = run_operation(
        "Search",
        json!({ "query": "samenwerken", "first": 5, "kinds": ["QUOTE"] }),
    )
    .await;
    for edge in quotes_only["data"]["search"]["edges"].as_array().unwrap() {
        assert_eq!(edge["node"]["kind"], "QUOTE");
        assert!(edge["node"]["article"]["title"].is_string());
    }
}

/// Snippets and facets are computed only when selected (issue 11); what a fragment or an
/// alias selects counts as selected.
#[tokio::test]
async fn search_computes_snippets_and_facets_selected_through_fragments_and_aliases() {
    let response = graphql(
        "query($q: String!) { search(query: $q, first: 3, groupByArticle: false) { ...Counts hits: nodes { ...Hit } } }
         fragment Counts on SearchConnection { totalCount facets { byIssue: issues { value count } } }
         fragment Hit on SearchHit { shown: snippet }",
        json!({ "q": "regionale samenwerking" }),
    )
    .await;
    let search = &response["data"]["search"];
    // Every hit is in the fixture's one issue (ungrouped, totalCount counts every hit).
    assert_eq!(
        search["facets"]["byIssue"][0]["count"].as_u64(),
        search["totalCount"].as_u64().filter(|&total| total > 0),
        "{response}"
    );
    assert!(
        search["hits"][0]["shown"]
            .as_str()
            .unwrap()
            .contains("<mark>")
    );
}

#[tokio::test]
async fn search_reports_matched_and_dropped_words_and_corrections() {
    // "ruimtevaart" occurs nowhere in the fixture: the results do without it.
    let response = run_operation(
        "Search",
        json!({ "query": "konijnenhok ruimtevaart", "first": 5 }),
    )
    .await;
    let search = &response["data"]["search"];
    assert!(search["totalCount"].as_u64().unwrap() >= 1, "{response}");
    assert_eq!(search["droppedTerms"], json!(["ruimtevaart"]), "{response}");
    assert_eq!(
        search["edges"][0]["node"]["matchedTerms"],
        json!(["konijnenhok"])
    );
    assert!(search["correctedQuery"].is_null(), "{response}");
    // One letter too many: searched as the archive spells it, and said so.
    let response = run_operation("Search", json!({ "query": "konijnenhokk", "first": 5 })).await;
    let search = &response["data"]["search"];
    assert_eq!(search["correctedQuery"], "konijnenhok", "{response}");
    assert_eq!(search["corrections"][0]["replaced"], true);
    // Grouped by default: an article comes back once.
    let articles: Vec<&serde_json::Value> = search["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| &edge["node"]["article"]["id"])
        .filter(|id| id.is_string())
        .collect();
    let distinct: std::collections::HashSet<String> =
        articles.iter().map(|id| id.to_string()).collect();
    assert_eq!(distinct.len(), articles.len(), "{response}");
}

#[tokio::test]
async fn malformed_search_is_bad_user_input() {
    let response = graphql(
        "{ search(query: \"\\\"\", first: 5) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
    let response = graphql("{ people(first: 500) { totalCount } }", json!({})).await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("between 1 and 100")
    );
}

#[tokio::test]
async fn theme_follows_regional_collaboration() {
    let response = run_operation("Theme", json!({ "query": "regionale samenwerking" })).await;
    let theme = &response["data"]["theme"];
    let titles: Vec<&str> = theme["articles"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|article| article["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Elkaar vinden en niet meer loslaten"),
        "{titles:?}"
    );
    assert!(titles.contains(&"Thuis in samenwerking"), "{titles:?}");
    let people: Vec<&str> = theme["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["person"]["name"].as_str().unwrap())
        .collect();
    assert!(people.contains(&"Jan Jansen"), "{people:?}");
    assert_eq!(theme["issues"][0]["issue"]["year"], 2019);
    assert!(theme["totalCount"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn node_returns_every_type() {
    let ids = graphql(
        "{ issues(first: 1) { nodes { id articles { id quotes { id } footnotes { id } people { id } } } } }",
        json!({}),
    )
    .await;
    let issue = &ids["data"]["issues"]["nodes"][0];
    let article = &issue["articles"][2];
    let samples = [
        (issue["id"].clone(), "Issue"),
        (article["id"].clone(), "Article"),
        (article["quotes"][0]["id"].clone(), "Quote"),
        (
            issue["articles"][3]["footnotes"][0]["id"].clone(),
            "Footnote",
        ),
        (article["people"][0]["id"].clone(), "Person"),
    ];
    for (id, typename) in samples {
        let response = run_operation("Node", json!({ "id": id })).await;
        assert_eq!(response["data"]["node"]["__typename"], typename);
        assert_eq!(response["data"]["node"]["id"], id);
    }
    let missing = run_operation("Node", json!({ "id": "UXVvdGU6bm9wZQ" })).await;
    assert_eq!(missing["data"]["node"], Value::Null);
}

#[tokio::test]
async fn deep_but_valid_is_allowed_and_deeper_is_refused() {
    run_operation("DeepButValid", json!({})).await;
    let deeper = "{ people(first: 1) { nodes { quotes(first: 1) { nodes { article { issue { articles { people { quotes(first: 1) { nodes { article { issue { id } } } } } } } } } } } } }";
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::from(json!({ "query": deeper }).to_string()))
        .unwrap();
    let (status, _, body) = send(router(), request).await;
    assert_eq!(status, 400);
    assert!(body.contains("nested too deep: the limit is 12"), "{body}");
}

#[tokio::test]
async fn http_status_codes_follow_graphql_over_http() {
    let post = |body: &str, content_type: &str, accept: &str| {
        Request::post("/graphql")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, accept)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let (status, content_type, _) = send(
        router(),
        post(
            "{\"query\":\"{ __typename }\"}",
            "application/json",
            "application/json",
        ),
    )
    .await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/json; charset=utf-8")
    );
    let (status, content_type, body) = send(
        router(),
        post(
            "{\"query\":\"{ nope }\"}",
            "application/json",
            "application/graphql-response+json",
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert!(content_type.starts_with("application/graphql-response+json"));
    assert!(!body.contains("\"data\""), "{body}");
    let (status, _, body) = send(
        router(),
        post(
            "{\"query\":\"{ nope }\"}",
            "application/json",
            "application/json",
        ),
    )
    .await;
    assert_eq!(status, 200, "application/json keeps 200: {body}");
    let (status, _, body) = send(
        router(),
        post("{not json", "application/json", "application/json"),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("not valid JSON"), "{body}");
    let (status, _, _) = send(
        router(),
        post(
            "{\"query\":\"{ __typename }\"}",
            "text/plain",
            "application/json",
        ),
    )
    .await;
    assert_eq!(status, 415);
    let big = format!("{{\"query\":\"{}\"}}", "x".repeat(100_000));
    let (status, _, _) = send(router(), post(&big, "application/json", "application/json")).await;
    assert_eq!(status, 413);

    let get = |uri: &str, accept: &str| {
        Request::get(uri)
            .header(header::ACCEPT, accept)
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, body) = send(
        router(),
        get("/graphql?query=%7B__typename%7D", "application/json"),
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (200, "{\"data\":{\"__typename\":\"Query\"}}")
    );
    let (status, _, _) = send(
        router(),
        get("/graphql?query=mutation%7Bx%7D", "application/json"),
    )
    .await;
    assert_eq!(status, 405);
    let (status, content_type, body) =
        send(router(), get("/graphql", "text/html,application/xhtml+xml")).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    assert!(body.contains("/graphiql/graphiql.min.js"));
    let (status, content_type, _) = send(router(), get("/graphiql/graphiql.min.js", "*/*")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    let (status, _, body) = send(router(), get("/healthz", "*/*")).await;
    assert_eq!(status, 200);
    assert!(body.starts_with("ok"));
}

#[tokio::test]
async fn every_contract_operation_validates() {
    let schema = dimensies::api::build_schema();
    let document =
        async_graphql::parser::parse_query(crate::util::contract()).expect("contract parses");
    let names: Vec<String> = document
        .operations
        .iter()
        .filter_map(|(name, _)| name.map(|name| name.to_string()))
        .collect();
    assert_eq!(names.len(), 9);
    for name in names {
        let request = async_graphql::Request::new(crate::util::contract())
            .operation_name(&name)
            .variables(async_graphql::Variables::from_json(
                json!({ "first": 1, "query": "regio", "id": "eA" }),
            ));
        let response = schema.execute(request).await;
        let validation_errors: Vec<_> = response
            .errors
            .iter()
            .filter(|error| error.path.is_empty())
            .collect();
        assert!(
            validation_errors.is_empty(),
            "{name}: {validation_errors:?}"
        );
    }
}

#[tokio::test]
async fn snippets_escape_html_from_the_source() {
    let text = "Een bron met <script>alert('regio')</script> erin.\n\nDe regio is een ding, zegt iedereen.";
    let issue = dimensies::ingest::extract_text("script-2020.txt", text, &Default::default());
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    index.ingest(&[issue]).unwrap();
    let state = dimensies::api::AppState::new(index).unwrap();
    let app = dimensies::api::router(state, &Default::default());
    let body =
        json!({ "query": "{ search(query: \"alert\", first: 5) { edges { node { snippet } } } }" });
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (_, _, body) = send(app, request).await;
    let response: Value = serde_json::from_str(&body).unwrap();
    let snippet = response["data"]["search"]["edges"][0]["node"]["snippet"]
        .as_str()
        .unwrap();
    assert!(
        snippet.contains("&lt;script&gt;<mark>alert</mark>"),
        "{snippet}"
    );
    assert!(!snippet.contains("<script>"));
}

#[tokio::test]
async fn serves_over_a_real_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router()).await });
    let body = json!({ "query": "{ search(query: \"konijnenhok\", first: 1) { totalCount edges { node { snippet article { title } } } } }" }).to_string();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
        .await
        .unwrap();
    let mut response = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut stream, &mut response)
        .await
        .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("<mark>konijnenhok</mark>"), "{response}");
    assert!(
        response.contains("Een vaste plek voor onderzoek"),
        "{response}"
    );
    server.abort();
}

#[tokio::test]
async fn graphiql_introspection_is_not_refused_by_the_depth_limit() {
    // The shape of GraphiQL's introspection query: type references nest `ofType` deeply.
    let query = "query IntrospectionQuery { __schema { queryType { name } types { name fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } } } } }";
    let response = graphql(query, json!({})).await;
    assert!(response.get("errors").is_none(), "{response}");
    assert_eq!(response["data"]["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn a_fragment_cycle_is_an_error_not_a_crash() {
    let query = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "query": query }).to_string()))
        .unwrap();
    let (status, _, body) = send(router(), request).await;
    assert_eq!(status, 200);
    assert!(body.contains("errors"), "{body}");
}

/// A small issue of another year, to add next to the fixture.
fn second_issue() -> dimensies::model::Issue {
    let text = "Stages in de regio\n\nMarieke Dekker, directeur van het Noorderpoort, kijkt vooruit. \
                “We beginnen elk jaar opnieuw met de planning van de stages”, zegt ze. \
                “De regio is daarbij onze grootste bondgenoot geworden.”";
    let metadata = dimensies::ingest::read::IssueMetadata {
        series: Some("Dimensies".to_string()),
        number: Some(40),
        year: Some(2021),
        title: Some("Stages".to_string()),
        ..Default::default()
    };
    dimensies::ingest::extract_text("dimensies-2021-stages.txt", text, &metadata)
}

fn app(index: std::sync::Arc<dimensies::index::ArchiveIndex>) -> axum::Router {
    let state = dimensies::api::AppState::new(index).unwrap();
    dimensies::api::router(state, &Default::default())
}

async fn post(app: axum::Router, query: &str) -> Value {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "query": query }).to_string()))
        .unwrap();
    let (_, _, body) = send(app, request).await;
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn cursors_survive_the_ingest_of_other_issues() {
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    index
        .ingest(std::slice::from_ref(crate::util::fixture_issue()))
        .unwrap();
    let all = post(app(index.clone()), "{ quotes(first: 10) { nodes { id } } }").await;
    let first_page = post(
        app(index.clone()),
        "{ quotes(first: 3) { pageInfo { endCursor } } }",
    )
    .await;
    let cursor = first_page["data"]["quotes"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_string();
    // A newer issue is listed before the fixture: offsets would shift, keys do not.
    index.ingest(&[second_issue()]).unwrap();
    let next = post(
        app(index.clone()),
        &format!("{{ quotes(first: 2, after: \"{cursor}\") {{ totalCount nodes {{ id }} }} }}"),
    )
    .await;
    assert_eq!(
        next["data"]["quotes"]["nodes"][0]["id"],
        all["data"]["quotes"]["nodes"][3]["id"]
    );
    assert_eq!(next["data"]["quotes"]["totalCount"], 46);
}

#[tokio::test]
async fn a_running_server_sees_a_finished_ingest() {
    let directory = tempfile::tempdir().unwrap();
    let served = std::sync::Arc::new(
        dimensies::index::ArchiveIndex::open_or_create(directory.path()).unwrap(),
    );
    served
        .ingest(std::slice::from_ref(crate::util::fixture_issue()))
        .unwrap();
    let router = app(served);
    let count = |response: Value| response["data"]["issues"]["totalCount"].as_u64().unwrap();
    assert_eq!(
        count(post(router.clone(), "{ issues { totalCount } }").await),
        1
    );
    // Another process (here: another handle on the same directory) ingests an issue.
    {
        let other = dimensies::index::ArchiveIndex::open_or_create(directory.path()).unwrap();
        other.ingest(&[second_issue()]).unwrap();
    }
    let mut seen = 0;
    for _ in 0..100 {
        seen = count(post(router.clone(), "{ issues { totalCount } }").await);
        if seen == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen, 2, "the new issue is served without a restart");
    let response = post(
        router,
        "{ quotes(speaker: \"Dekker\") { nodes { text speaker { name roles } issue { year } } } }",
    )
    .await;
    assert_eq!(
        response["data"]["quotes"]["nodes"][0]["speaker"]["name"],
        "Marieke Dekker"
    );
    assert_eq!(
        response["data"]["quotes"]["nodes"][0]["issue"]["year"],
        2021
    );
}

#[tokio::test]
async fn too_complex_queries_are_refused_with_the_limit() {
    let query =
        "{ people(first: 100) { nodes { quotes(first: 100) { nodes { article { title } } } } } }";
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::from(json!({ "query": query }).to_string()))
        .unwrap();
    let (status, _, body) = send(router(), request).await;
    assert_eq!(status, 400);
    assert!(body.contains("too complex: the limit is 20000"), "{body}");
}

#[tokio::test]
async fn a_search_cursor_far_past_the_end_is_refused() {
    // Regression: an offset of 10^11 asked tantivy for terabytes.
    let cursor = "bzoxMDAwMDAwMDAwMDA"; // base64url("o:100000000000")
    let response = graphql(
        &format!("{{ search(query: \"regio\", first: 5, after: \"{cursor}\") {{ totalCount }} }}"),
        json!({}),
    )
    .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
}

fn app_with_public_url(index: std::sync::Arc<dimensies::index::ArchiveIndex>) -> axum::Router {
    let state = dimensies::api::AppState::with_public_url(
        index,
        Some("https://archief.example/".to_string()),
    )
    .unwrap();
    dimensies::api::router(state, &Default::default())
}

#[tokio::test]
async fn quotes_and_articles_cite_in_five_styles_with_permalinks() {
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    index.ingest(&[second_issue()]).unwrap();
    let response = post(
        app_with_public_url(index.clone()),
        "{ quotes(first: 1) { nodes { id apa: cite(style: APA) chicago: cite(style: CHICAGO)
             bibtex: cite(style: BIBTEX) ris: cite(style: RIS) csl: cite(style: CSL_JSON)
             article { id title apa: cite(style: APA) } } } }",
    )
    .await;
    let quote = &response["data"]["quotes"]["nodes"][0];
    let id = quote["id"].as_str().unwrap();
    let article_id = quote["article"]["id"].as_str().unwrap();
    let title = quote["article"]["title"].as_str().unwrap();
    let permalink = format!("https://archief.example/id/{id}");
    let said = "“We beginnen elk jaar opnieuw met de planning van de stages” — Marieke Dekker \
                (directeur van het Noorderpoort)";
    assert_eq!(
        quote["apa"],
        format!("{said}, geciteerd in {title}. (2021). Dimensies, (40). {permalink}")
    );
    assert_eq!(
        quote["article"]["apa"],
        format!("{title}. (2021). Dimensies, (40). https://archief.example/id/{article_id}")
    );
    assert_eq!(
        quote["chicago"],
        format!("{said}, geciteerd in “{title}.” Dimensies, no. 40 (2021). {permalink}.")
    );
    assert_eq!(
        quote["bibtex"],
        format!(
            "@article{{dimensies-2021-stages:q1,\n  title = {{{{{title}}}}},\n  \
             journal = {{Dimensies}},\n  number = {{40}},\n  year = {{2021}},\n  \
             url = {{{permalink}}},\n  note = {{{said}}},\n  language = {{dutch}}\n}}\n"
        )
    );
    assert_eq!(
        quote["ris"],
        format!(
            "TY  - MGZN\r\nTI  - {title}\r\nT2  - Dimensies\r\nIS  - 40\r\nPY  - 2021\r\n\
             DA  - 2021///\r\nUR  - {permalink}\r\nN1  - {said}\r\nLA  - nl\r\n\
             ID  - dimensies-2021-stages/q1\r\nER  - \r\n"
        )
    );
    let csl: Value = serde_json::from_str(quote["csl"].as_str().unwrap()).unwrap();
    assert_eq!(csl[0]["URL"], permalink);
    assert_eq!(csl[0]["issue"], "40");
    assert_eq!(csl[0]["issued"]["date-parts"], json!([[2021]]));

    // The permalink resolves through `node`.
    let request = Request::get(format!("/id/{id}"))
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(app_with_public_url(index.clone()), request).await;
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["data"]["node"]["__typename"], "Quote");
    assert_eq!(body["data"]["node"]["speaker"]["name"], "Marieke Dekker");
    let request = Request::get("/id/UXVvdGU6bm9uZQ")
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = send(app_with_public_url(index), request).await;
    assert_eq!(status, 404);
}

/// The fixture (2019) and a small issue of 2021.
fn two_issue_index() -> std::sync::Arc<dimensies::index::ArchiveIndex> {
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    index
        .ingest(&[crate::util::fixture_issue().clone(), second_issue()])
        .unwrap();
    index
}

fn facet(facets: &Value, value: &str) -> i64 {
    facets
        .as_array()
        .unwrap()
        .iter()
        .find(|facet| facet["value"] == value)
        .map_or(0, |facet| facet["count"].as_i64().unwrap())
}

#[tokio::test]
async fn a_facet_keeps_its_first_values_counted_over_every_hit() {
    let index = two_issue_index();
    let response = post(
        app(index.clone()),
        "{ search(query: \"regio\", groupByArticle: false, first: 1) {
             facets { top: issues(first: 1) { value count } all: issues { value count } none: kinds(first: 0) { value } } } }",
    )
    .await;
    let facets = &response["data"]["search"]["facets"];
    let all = facets["all"].as_array().unwrap();
    assert_eq!(all.len(), 2, "{response:#}");
    assert_eq!(facets["top"].as_array().unwrap().len(), 1);
    assert_eq!(facets["top"][0], all[0]);
    assert!(all[0]["count"].as_i64() >= all[1]["count"].as_i64());
    assert_eq!(facets["none"], serde_json::json!([]));
    let refused = post(
        app(index),
        "{ search(query: \"regio\") { facets { issues(first: -1) { value } } } }",
    )
    .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{refused:#}"
    );
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("must not be negative"),
        "{refused:#}"
    );
}

#[tokio::test]
async fn search_filters_drill_down_into_its_facets() {
    let index = two_issue_index();
    let all = post(
        app(index.clone()),
        "{ search(query: \"regio\", groupByArticle: false, first: 1) { totalCount
             facets { years { value count } issues { value count } } } }",
    )
    .await;
    let facets = &all["data"]["search"]["facets"];
    let in_2019 = facet(&facets["years"], "2019");
    let in_2021 = facet(&facets["years"], "2021");
    assert!(in_2019 > 0 && in_2021 > 0, "{all:#}");
    assert_eq!(
        all["data"]["search"]["totalCount"].as_i64().unwrap(),
        in_2019 + in_2021
    );
    for (filter, expected) in [
        ("{ year: 2019 }", in_2019),
        ("{ yearFrom: 2020 }", in_2021),
        (
            "{ issues: [\"dimensies-2021-stages\"] }",
            facet(&facets["issues"], "dimensies-2021-stages"),
        ),
    ] {
        let filtered = post(
            app(index.clone()),
            &format!(
                "{{ search(query: \"regio\", groupByArticle: false, first: 100, filter: {filter})
                   {{ totalCount facets {{ years {{ value count }} }} nodes {{ issue {{ key }} }} }} }}"
            ),
        )
        .await;
        let search = &filtered["data"]["search"];
        assert_eq!(search["totalCount"], expected, "{filter}: {filtered:#}");
        assert_eq!(search["facets"]["years"].as_array().unwrap().len(), 1);
        assert_eq!(search["facets"]["years"][0]["count"], expected);
        assert_eq!(search["nodes"].as_array().unwrap().len() as i64, expected);
    }
    let by_person = post(
        app(index.clone()),
        "{ search(query: \"regio\", groupByArticle: false, first: 100,
             filter: { person: \"Marieke Dekker\" }) { totalCount facets { people { value } } } }",
    )
    .await;
    let people = &by_person["data"]["search"]["facets"]["people"];
    assert!(by_person["data"]["search"]["totalCount"].as_i64().unwrap() >= 1);
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .any(|facet| facet["value"] == "marieke-dekker"),
        "{by_person:#}"
    );
}

#[tokio::test]
async fn listings_filter_by_year_person_organisation_and_kind() {
    let index = two_issue_index();
    let response = post(
        app(index.clone()),
        "{ articles(filter: { year: 2021 }) { totalCount nodes { issue { key } } }
           klaster: quotes(first: 100, filter: { person: \"Klaster\" }) { totalCount nodes { speaker { name } } }
           eye: quotes(first: 100, filter: { organisation: \"common eye\" }) { totalCount }
           noorderpoort: people(filter: { organisation: \"Noorderpoort\" }) { nodes { name } }
           of2021: people(first: 100, filter: { year: 2021 }) { nodes { name } }
           notes: footnotes(first: 100, filter: { year: 2021 }) { totalCount }
           interviews: articles(first: 100, filter: { articleKinds: [INTERVIEW] }) { nodes { kind } } }",
    )
    .await;
    let data = &response["data"];
    assert_eq!(data["articles"]["totalCount"], 1, "{response:#}");
    assert_eq!(
        data["articles"]["nodes"][0]["issue"]["key"],
        "dimensies-2021-stages"
    );
    assert_eq!(data["klaster"]["totalCount"], 4);
    for quote in data["klaster"]["nodes"].as_array().unwrap() {
        assert_eq!(quote["speaker"]["name"], "Esther Klaster");
    }
    assert_eq!(data["eye"]["totalCount"], 4);
    assert_eq!(names(&data["noorderpoort"]["nodes"]), ["Marieke Dekker"]);
    assert_eq!(names(&data["of2021"]["nodes"]), ["Marieke Dekker"]);
    assert_eq!(data["notes"]["totalCount"], 0);
    assert!(!data["interviews"]["nodes"].as_array().unwrap().is_empty());
    for article in data["interviews"]["nodes"].as_array().unwrap() {
        assert_eq!(article["kind"], "INTERVIEW");
    }
    let refused = post(
        app(index),
        "{ quotes(filter: { yearFrom: 2021, yearTo: 2019 }) { totalCount } }",
    )
    .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(
        refused["errors"][0]["message"],
        "`yearFrom` (2021) is after `yearTo` (2019)"
    );
}

#[tokio::test]
async fn lookups_by_key_and_nodes_by_ids() {
    let response = graphql(
        "{ issue(key: \"dimensies-2019-regio\") { id key title date year month }
           article(key: \"dimensies-2019-regio/a1\") { id key issue { key } }
           person(key: \"esther-klaster\") { id name }
           nobody: person(key: \"niemand\") { id }
           theme(query: \"regionale samenwerking\") { id totalCount } }",
        json!({}),
    )
    .await;
    let data = &response["data"];
    assert_eq!(
        data["issue"]["title"], "Samenwerking in de regio",
        "{response:#}"
    );
    assert_eq!(data["issue"]["date"], "2019");
    assert_eq!(data["issue"]["year"], 2019);
    assert_eq!(data["article"]["key"], "dimensies-2019-regio/a1");
    assert_eq!(data["article"]["issue"]["key"], "dimensies-2019-regio");
    assert_eq!(data["person"]["name"], "Esther Klaster");
    assert_eq!(data["nobody"], Value::Null);
    let ids = json!([
        data["person"]["id"],
        data["article"]["id"],
        "UGVyc29uOm5pZW1hbmQ",
        data["theme"]["id"]
    ]);
    let nodes = graphql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
             ... on Person { name } ... on Theme { query totalCount } } }",
        json!({ "ids": ids }),
    )
    .await;
    let nodes = &nodes["data"]["nodes"];
    assert_eq!(nodes[0]["name"], "Esther Klaster");
    assert_eq!(nodes[1]["__typename"], "Article");
    assert_eq!(nodes[2], Value::Null);
    assert_eq!(nodes[3]["query"], "regionale samenwerking");
    assert_eq!(nodes[3]["totalCount"], data["theme"]["totalCount"]);
    assert_eq!(nodes[3]["id"], data["theme"]["id"]);
}

#[tokio::test]
async fn search_hits_have_ids_per_query_and_issue_dates_are_iso() {
    let first = graphql(
        "{ search(query: \"samenwerking\", first: 3) { nodes { id } } }",
        json!({}),
    )
    .await;
    let again = graphql(
        "{ search(query: \"samenwerking\", first: 3) { nodes { id } } }",
        json!({}),
    )
    .await;
    let other = graphql(
        "{ search(query: \"regio\", first: 100) { nodes { id } } }",
        json!({}),
    )
    .await;
    let ids = |value: &Value| -> Vec<String> {
        value["data"]["search"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|node| node["id"].as_str().unwrap().to_string())
            .collect()
    };
    let first_ids = ids(&first);
    assert_eq!(first_ids.len(), 3);
    assert_eq!(first_ids, ids(&again));
    let distinct: HashSet<&String> = first_ids.iter().collect();
    assert_eq!(distinct.len(), 3);
    assert!(ids(&other).iter().all(|id| !first_ids.contains(id)));

    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    let mut issue = second_issue();
    issue.month = Some(3);
    index.ingest(&[issue]).unwrap();
    let dated = post(app(index), "{ issues { nodes { date month } } }").await;
    assert_eq!(dated["data"]["issues"]["nodes"][0]["date"], "2021-03");
}

async fn post_body(body: Value) -> Value {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (_, _, body) = send(router(), request).await;
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn every_error_has_a_code_and_a_one_line_message() {
    let parse = post_body(json!({ "query": "{ issues { nodes { id } " })).await;
    assert_eq!(
        parse["errors"],
        json!([{ "message": "syntax error at line 1, column 25: expected selection",
                 "locations": [{ "line": 1, "column": 25 }],
                 "extensions": { "code": "GRAPHQL_PARSE_FAILED" } }])
    );
    let mutation = post_body(json!({ "query": "mutation { x }" })).await;
    assert_eq!(
        mutation["errors"].as_array().unwrap().len(),
        1,
        "{mutation}"
    );
    assert_eq!(
        mutation["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    let unknown = post_body(json!({ "query": "{ nope }" })).await;
    assert_eq!(
        unknown["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert_eq!(
        unknown["errors"][0]["locations"],
        json!([{ "line": 1, "column": 3 }])
    );
    let variable = post_body(json!({
        "query": "query($n: Int!) { issues(first: $n) { totalCount } }",
        "variables": { "n": "a" }
    }))
    .await;
    for error in variable["errors"].as_array().unwrap() {
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    }
    let operation =
        post_body(json!({ "query": "{ issues { totalCount } }", "operationName": "X" })).await;
    assert_eq!(
        operation["errors"][0]["extensions"]["code"],
        "OPERATION_RESOLUTION_FAILURE"
    );
    let no_query = post_body(json!({ "variables": {} })).await;
    assert_eq!(no_query["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    for response in [parse, mutation, unknown, variable, operation, no_query] {
        for error in response["errors"].as_array().unwrap() {
            assert!(
                !error["message"].as_str().unwrap().contains('\n'),
                "{error}"
            );
        }
    }
}

#[tokio::test]
async fn automatic_persisted_queries_round_trip_over_post_and_get() {
    let app = router();
    let query = "{ issues { totalCount } }";
    let hash = dimensies::api::persisted::sha256_hex(query);
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    // The hash alone: not known yet.
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "extensions": extensions }).to_string()))
        .unwrap();
    let (status, _, body) = send(app.clone(), request).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body["errors"],
        json!([{ "message": "PersistedQueryNotFound",
                 "extensions": { "code": "PERSISTED_QUERY_NOT_FOUND" } }])
    );
    // A wrong hash with a query is refused, not kept.
    let wrong = json!({ "persistedQuery": { "version": 1, "sha256Hash": "00".repeat(32) } });
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({ "query": query, "extensions": wrong }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = send(app.clone(), request).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("provided sha does not match query"));
    // The query with its hash runs and is kept.
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({ "query": query, "extensions": extensions }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = send(app.clone(), request).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["data"]["issues"]["totalCount"],
        1
    );
    // Then the hash alone is enough, over GET too (as Apollo's `useGETForHashedQueries`).
    let url = format!(
        "/graphql?extensions={}",
        url_encode(&extensions.to_string())
    );
    let request = Request::get(url)
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(app.clone(), request).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["data"]["issues"]["totalCount"],
        1
    );
    // An unknown hash over GET with the graphql-response media type fails before execution.
    let unknown = json!({ "persistedQuery": { "version": 1, "sha256Hash": "ab".repeat(32) } });
    let request = Request::get(format!(
        "/graphql?extensions={}",
        url_encode(&unknown.to_string())
    ))
    .header(header::ACCEPT, "application/graphql-response+json")
    .body(Body::empty())
    .unwrap();
    let (status, _, body) = send(app, request).await;
    assert_eq!(status, 400);
    assert!(body.contains("PERSISTED_QUERY_NOT_FOUND"));
}

fn url_encode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap()[2..].to_string()
}

async fn get_response(
    app: axum::Router,
    url: &str,
    etag: Option<&str>,
) -> axum::response::Response {
    let mut request = Request::get(url).header(header::ACCEPT, "application/json");
    if let Some(etag) = etag {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    tower::ServiceExt::oneshot(app, request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn get_answers_carry_an_etag_that_gives_304_until_the_index_changes() {
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    index
        .ingest(std::slice::from_ref(crate::util::fixture_issue()))
        .unwrap();
    let url = "/graphql?query=%7B%20issues%20%7B%20totalCount%20%7D%20%7D";
    let first = get_response(app(index.clone()), url, None).await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()[header::ETAG].to_str().unwrap().to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() == 34,
        "{etag}"
    );
    assert_eq!(first.headers()[header::CACHE_CONTROL], "public, max-age=60");
    let again = get_response(app(index.clone()), url, Some(&etag)).await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    // Another query has another tag.
    let other = get_response(
        app(index.clone()),
        "/graphql?query=%7B%20people%20%7B%20totalCount%20%7D%20%7D",
        Some(&etag),
    )
    .await;
    assert_eq!(other.status(), 200);
    // An ingest changes the tag: the old one gets the new answer.
    index.ingest(&[second_issue()]).unwrap();
    let changed = get_response(app(index.clone()), url, Some(&etag)).await;
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()[header::ETAG].to_str().unwrap(), etag);
    // Errors are not cached.
    let failed = get_response(app(index), "/graphql?query=%7B%20nope%20%7D", None).await;
    assert!(failed.headers().get(header::ETAG).is_none());
    assert_eq!(failed.headers()[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn cors_allows_the_headers_apollo_and_relay_send_and_answers_report_their_cost() {
    let state = dimensies::api::AppState::new(crate::util::fixture_index()).unwrap();
    let options = dimensies::api::ServerOptions {
        cors_origins: vec!["https://ecbo.example".to_string()],
        ..Default::default()
    };
    let app = dimensies::api::router(state, &options);
    let request = Request::options("/graphql")
        .header(header::ORIGIN, "https://ecbo.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type,apollographql-client-name,apollographql-client-version",
        )
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let allowed = response.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_string();
    for name in [
        "authorization",
        "content-type",
        "apollographql-client-name",
        "apollographql-client-version",
        "if-none-match",
    ] {
        assert!(allowed.contains(name), "{allowed}");
    }
    let body = json!({ "query": "{ issues(first: 5) { nodes { id title } } }" });
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (_, _, body) = send(app, request).await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body["extensions"]["cost"],
        json!({ "complexity": 15, "depth": 3, "maxComplexity": 20000, "maxDepth": 12 })
    );
}

#[tokio::test]
async fn backward_pages_equal_forward_pages_and_say_where_they_are() {
    let all = graphql("{ people(first: 100) { nodes { name } } }", json!({})).await;
    let everyone = names(&all["data"]["people"]["nodes"]);
    let second = graphql(
        "{ a: people(first: 3) { pageInfo { endCursor } } }",
        json!({}),
    )
    .await;
    let cursor = second["data"]["a"]["pageInfo"]["endCursor"].clone();
    let page_two = graphql(
        "query($after: String) { people(first: 3, after: $after) { pageInfo { hasPreviousPage hasNextPage } } }",
        json!({ "after": cursor }),
    )
    .await;
    assert_eq!(
        page_two["data"]["people"]["pageInfo"],
        json!({ "hasPreviousPage": true, "hasNextPage": true })
    );
    let mut backwards: Vec<String> = Vec::new();
    let mut before = Value::Null;
    loop {
        let page = graphql(
            "query($before: String) { people(last: 4, before: $before) {
                 nodes { name } pageInfo { hasPreviousPage hasNextPage startCursor } } }",
            json!({ "before": before }),
        )
        .await;
        let people = &page["data"]["people"];
        let mut names_here = names(&people["nodes"]);
        names_here.extend(backwards);
        backwards = names_here;
        if before.is_null() {
            assert_eq!(people["pageInfo"]["hasNextPage"], false);
        } else {
            assert_eq!(people["pageInfo"]["hasNextPage"], true);
        }
        if !people["pageInfo"]["hasPreviousPage"].as_bool().unwrap() {
            break;
        }
        before = people["pageInfo"]["startCursor"].clone();
    }
    assert_eq!(backwards, everyone);
    let both = graphql("{ people(first: 2, last: 2) { totalCount } }", json!({})).await;
    assert_eq!(both["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn lists_and_search_order_by_date_title_and_name() {
    let index = two_issue_index();
    let response = post(
        app(index.clone()),
        "{ oldest: quotes(first: 1, orderBy: { field: DATE, direction: ASC }) { nodes { issue { year } } }
           newest: quotes(first: 1, orderBy: { field: DATE }) { nodes { issue { year } } }
           klaster: quotes(first: 100, speaker: \"Klaster\", orderBy: { field: DATE, direction: ASC }) { totalCount nodes { issue { year } } }
           az: articles(first: 100, orderBy: { field: TITLE }) { nodes { title } }
           za: articles(first: 100, orderBy: { field: TITLE, direction: DESC }) { nodes { title } }
           people: people(first: 100, orderBy: { field: NAME, direction: DESC }) { nodes { name } }
           byDate: search(query: \"regio\", first: 100, orderBy: { field: DATE }) { nodes { issue { year } } }
           byRank: search(query: \"regio\", first: 100) { nodes { id } }
           lastTwo: search(query: \"regio\", last: 2) { nodes { id } pageInfo { hasPreviousPage hasNextPage } } }",
    )
    .await;
    let data = &response["data"];
    assert_eq!(
        data["oldest"]["nodes"][0]["issue"]["year"], 2019,
        "{response:#}"
    );
    assert_eq!(data["newest"]["nodes"][0]["issue"]["year"], 2021);
    assert_eq!(data["klaster"]["totalCount"], 4);
    let titles = |list: &Value| -> Vec<String> {
        list["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|node| node["title"].as_str().unwrap().to_string())
            .collect()
    };
    let az = titles(&data["az"]);
    let mut sorted = az.clone();
    sorted.sort_by_key(|title| dimensies::text::fold_key(title));
    assert_eq!(az, sorted);
    let mut za = titles(&data["za"]);
    za.reverse();
    assert_eq!(az, za);
    let mut people = names(&data["people"]["nodes"]);
    people.reverse();
    let forwards = post(
        app(index.clone()),
        "{ people(first: 100) { nodes { name } } }",
    )
    .await;
    assert_eq!(people, names(&forwards["data"]["people"]["nodes"]));
    let years: Vec<i64> = data["byDate"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["issue"]["year"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(years.first(), Some(&2021));
    assert!(years.windows(2).all(|pair| pair[0] >= pair[1]), "{years:?}");
    let ranked = data["byRank"]["nodes"].as_array().unwrap();
    let last_two = data["lastTwo"]["nodes"].as_array().unwrap();
    assert_eq!(last_two[..], ranked[ranked.len() - 2..]);
    assert_eq!(
        data["lastTwo"]["pageInfo"],
        json!({ "hasPreviousPage": true, "hasNextPage": false })
    );
    let refused = post(
        app(index),
        "{ footnotes(orderBy: { field: NAME }) { totalCount } }",
    )
    .await;
    assert_eq!(
        refused["errors"][0]["message"],
        "`footnotes` cannot be ordered by NAME: use DATE"
    );
}

/// A reader reloads without a commit too (issue 11: the first look at `meta.json` after opening
/// did, and the server then built its catalog a second time); the catalog is kept until the
/// content changes.
#[tokio::test]
async fn the_catalog_is_kept_across_a_reload_without_a_commit_and_rebuilt_after_one() {
    let index = std::sync::Arc::new(dimensies::index::ArchiveIndex::create_in_ram().unwrap());
    index
        .ingest(std::slice::from_ref(crate::util::fixture_issue()))
        .unwrap();
    let state = dimensies::api::AppState::new(std::sync::Arc::clone(&index)).unwrap();
    let first = state.catalog().await.unwrap();
    let generation = index.generation();
    index.reload().unwrap();
    assert_ne!(
        index.generation(),
        generation,
        "a reload is a new generation"
    );
    let after_reload = state.catalog().await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &after_reload));
    index.ingest(&[second_issue()]).unwrap();
    let after_ingest = state.catalog().await.unwrap();
    assert_eq!(after_ingest.counts().issues, 2);
    assert!(!std::sync::Arc::ptr_eq(&first, &after_ingest));
}
