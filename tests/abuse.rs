//! The HTTP handler under abuse: random and malformed bodies, huge variables, deep and wide
//! queries, `first: 100` on every nested connection. Every answer is a 4xx or a 200 with a
//! GraphQL error that names the limit, never a 5xx, and every answer comes back within the
//! request timeout (the server never stalls).

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use proptest::prelude::*;

use crate::util::{router, send};

/// Longer than any answer may take: the router's own timeout is 10 s.
const NO_STALL: Duration = Duration::from_secs(30);

fn post(body: Vec<u8>) -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::from(body))
        .expect("request")
}

/// Sends `body` and returns status and body, asserting the server answered in time.
fn answer(runtime: &tokio::runtime::Runtime, body: Vec<u8>) -> (u16, String) {
    let started = Instant::now();
    let (status, _, text) = runtime.block_on(send(router(), post(body)));
    assert!(
        started.elapsed() < NO_STALL,
        "the answer took {:?}",
        started.elapsed()
    );
    (status, text)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// The messages of a GraphQL response's errors.
fn error_messages(text: &str) -> Vec<String> {
    let response: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    response["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|error| error["message"].as_str().map(str::to_string))
        .collect()
}

fn query_body(query: &str, variables: serde_json::Value) -> Vec<u8> {
    serde_json::json!({ "query": query, "variables": variables })
        .to_string()
        .into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any bytes, JSON-looking or not, get a client error or a GraphQL answer, in JSON.
    #[test]
    fn random_bodies_get_a_client_error_never_a_server_error(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            "[{}\\[\\]\":,a-z0-9 ]{0,200}".prop_map(String::into_bytes),
            "\\{\"query\": *\"[{}a-z()\\[\\]:$!\\\\ ]{0,120}\"(, *\"variables\": *[{}\\[\\]0-9\"a-z:]{0,30})?\\}".prop_map(String::into_bytes),
        ],
    ) {
        let runtime = runtime();
        let (status, text) = answer(&runtime, body);
        prop_assert!(status == 200 || (400..500).contains(&status), "{status}: {text}");
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
        prop_assert!(parsed.is_ok(), "{status}: not JSON: {text}");
        if status != 200 {
            prop_assert!(!error_messages(&text).is_empty(), "{status}: no error message: {text}");
        }
    }
}

#[test]
fn a_body_over_the_size_limit_is_refused_with_the_limit_named() {
    let runtime = runtime();
    let variables: serde_json::Map<String, serde_json::Value> = (0..20_000)
        .map(|number| (format!("v{number}"), serde_json::json!("waarde")))
        .collect();
    let body = query_body(
        "{ issues(first: 1) { totalCount } }",
        serde_json::Value::Object(variables),
    );
    assert!(body.len() > 64 * 1024);
    let (status, text) = answer(&runtime, body);
    assert_eq!(status, 413, "{text}");
    let messages = error_messages(&text);
    assert!(
        messages
            .iter()
            .any(|message| message.contains("65536 bytes")),
        "{text}"
    );
}

#[test]
fn many_variables_within_the_size_limit_are_answered() {
    let runtime = runtime();
    let variables: serde_json::Map<String, serde_json::Value> = (0..3_000)
        .map(|number| (format!("v{number}"), serde_json::json!(number)))
        .collect();
    let body = query_body(
        "{ issues(first: 1) { totalCount } }",
        serde_json::Value::Object(variables),
    );
    assert!(body.len() < 64 * 1024);
    let (status, text) = answer(&runtime, body);
    assert_eq!(status, 200, "{text}");
    assert!(error_messages(&text).is_empty(), "{text}");
}

#[test]
fn a_huge_string_variable_is_answered_or_refused_by_name() {
    let runtime = runtime();
    let query = "query ($q: String!) { search(query: $q, first: 1) { totalCount } }";
    let body = query_body(
        query,
        serde_json::json!({ "q": "samenwerking ".repeat(4_000) }),
    );
    let (status, text) = answer(&runtime, body);
    assert_eq!(status, 200, "{text}");
    let messages = error_messages(&text);
    assert!(
        messages
            .iter()
            .any(|message| message.contains("at most 500 characters")),
        "{text}"
    );
}

/// A valid query nested `repetitions` × 3 levels deep (quote → speaker → quotes → …).
fn nested_query(repetitions: usize) -> String {
    format!(
        "{{ quotes(first: 1) {{ nodes {{ {}text{} }} }} }}",
        "speaker{quotes(first:1){nodes{".repeat(repetitions),
        "}}}".repeat(repetitions)
    )
}

#[test]
fn deep_queries_are_refused_by_the_depth_limit_at_any_depth() {
    let runtime = runtime();
    // From just over the limit to the deepest query that fits the body limit (5 000 levels).
    for repetitions in [4, 30, 300, 1_700] {
        let body = query_body(&nested_query(repetitions), serde_json::json!({}));
        assert!(body.len() < 64 * 1024);
        let (status, text) = answer(&runtime, body);
        assert!(
            status == 200 || status == 400,
            "{repetitions}: {status}: {text}"
        );
        let messages = error_messages(&text);
        assert!(
            messages
                .iter()
                .any(|message| message.contains("nested too deep: the limit is 12")),
            "{repetitions}: {messages:?}"
        );
    }
    // Braces alone, as deep as the body limit allows: an error, not a crash of the parser.
    let braces = 20_000;
    let body = query_body(
        &format!("{}{}", "{a".repeat(braces), "}".repeat(braces)),
        serde_json::json!({}),
    );
    assert!(body.len() < 64 * 1024);
    let (status, text) = answer(&runtime, body);
    assert!(status == 200 || status == 400, "{status}: {text}");
    let messages = error_messages(&text);
    assert!(
        messages
            .iter()
            .any(|message| message.contains("nested too deep: the limit is 12")),
        "{messages:?}"
    );
    // The answer names the limit; it does not echo the query back.
    assert!(text.len() < 1_000, "{} bytes", text.len());
}

#[test]
fn wide_queries_are_refused_by_the_complexity_limit() {
    let runtime = runtime();
    let fields: String = (0..1_000)
        .map(|number| format!("a{number}: issues(first: 100) {{ totalCount }} "))
        .collect();
    let (status, text) = answer(
        &runtime,
        query_body(&format!("{{ {fields} }}"), serde_json::json!({})),
    );
    assert!(status == 200 || status == 400, "{status}: {text}");
    let messages = error_messages(&text);
    assert!(
        messages
            .iter()
            .any(|message| message.contains("too complex: the limit is")),
        "{messages:?}"
    );
}

#[test]
fn first_100_on_every_nested_connection_is_answered_or_refused_by_name() {
    let runtime = runtime();
    let queries = [
        "{ people(first: 100) { nodes { name quotes(first: 100) { nodes { text article { title } } } } } }",
        r#"{ theme(query: "samenwerking") { articles(first: 100) { nodes { title } } quotes(first: 100) { nodes { text speaker { name quotes(first: 100) { totalCount } } } } people(first: 100) { person { name } } organisations(first: 100) { name } } }"#,
        r#"{ search(query: "samenwerking", first: 100) { edges { node { snippet article { title } } } } quotes(first: 100) { nodes { text speaker { quotes(first: 100) { nodes { text } } } } } }"#,
    ];
    for query in queries {
        let (status, text) = answer(&runtime, query_body(query, serde_json::json!({})));
        assert!(status == 200 || status == 400, "{status}: {text}");
        let messages = error_messages(&text);
        let answered = messages.is_empty() && text.contains("\"data\"");
        let refused_by_name = messages.iter().any(|message| message.contains("limit is"));
        assert!(answered || refused_by_name, "{query}: {messages:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, failure_persistence: None, ..ProptestConfig::default() })]

    /// A persisted-query hash that does not match its query, or that names nothing, or a
    /// malformed `persistedQuery` extension, is a client error with a code, never executed.
    #[test]
    fn persisted_query_hashes_that_do_not_match_are_refused(
        hash in prop_oneof!["[0-9a-f]{64}", "[0-9a-zA-Z]{0,80}", any::<String>()],
        version in prop_oneof![Just(serde_json::json!(1)), Just(serde_json::json!(2)), Just(serde_json::json!("1")), Just(serde_json::Value::Null)],
        with_query in any::<bool>(),
    ) {
        let runtime = runtime();
        let mut body = serde_json::json!({
            "extensions": { "persistedQuery": { "version": version, "sha256Hash": hash } },
        });
        if with_query {
            body["query"] = serde_json::json!("{ issues(first: 1) { totalCount } }");
        }
        let (status, text) = answer(&runtime, body.to_string().into_bytes());
        prop_assert!(status == 200 || (400..500).contains(&status), "{status}: {text}");
        let response: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        prop_assert!(response.get("data").is_none_or(serde_json::Value::is_null), "{text}");
        let codes: Vec<&str> = response["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|error| error["extensions"]["code"].as_str())
            .collect();
        prop_assert!(!codes.is_empty(), "{text}");
    }
}
