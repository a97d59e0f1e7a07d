//! Serving while another process ingests: queries keep succeeding, with no errors, while a
//! `dimensies ingest` process commits new issues into the same on-disk index, and the server
//! picks the new issues up without a restart. Latencies are printed (`--nocapture`), never
//! asserted: the machine is shared.

use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use dimensies::api::{AppState, ServerOptions};
use dimensies::index::ArchiveIndex;

use crate::util::{project_path, send};

/// Queries of several shapes, as the website sends them while an ingest runs.
const QUERIES: [&str; 4] = [
    r#"{ search(query: "regionale samenwerking", first: 5) { totalCount edges { node { snippet } } } }"#,
    r#"{ issues(first: 100) { totalCount nodes { id title articles { title } } } }"#,
    r#"{ quotes(first: 20) { totalCount nodes { text speaker { name } } } }"#,
    r#"{ people(first: 10) { totalCount nodes { name roles } } }"#,
];

fn ingest_process(index: &std::path::Path, files: &[std::path::PathBuf]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dimensies"))
        .arg("ingest")
        .arg("--index")
        .arg(index)
        .args(files)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the ingest process starts")
}

fn wait_for_success(child: Child) {
    let output = child.wait_with_output().expect("the ingest process ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn total_issues(router: &axum::Router) -> Result<u64, String> {
    let body = serde_json::json!({ "query": QUERIES[1] });
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let (status, _, text) = send(router.clone(), request).await;
    let response: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{error}: {text}"))?;
    if status != 200 || response.get("errors").is_some() {
        return Err(format!("{status}: {text}"));
    }
    response["data"]["issues"]["totalCount"]
        .as_u64()
        .ok_or_else(|| text.clone())
}

fn percentile(sorted: &[Duration], share: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_keep_succeeding_while_another_process_ingests() {
    let directory = tempfile::tempdir().expect("temporary folder");
    let index_path = directory.path().join("index");
    let fixture =
        std::fs::read(project_path("fixtures/dimensies-2019-regio.txt")).expect("fixture");
    // Copies of the fixture under other names are other issues (the id comes from the name).
    let copies: Vec<std::path::PathBuf> = (1..=4)
        .map(|number| {
            let path = directory.path().join(format!("belasting-{number}.txt"));
            std::fs::write(&path, &fixture).expect("copy of the fixture");
            path
        })
        .collect();
    wait_for_success(ingest_process(&index_path, &copies[..1]));

    let index = Arc::new(ArchiveIndex::open_or_create(&index_path).expect("index opens"));
    let state = AppState::new(index).expect("state");
    let router = dimensies::api::router(state, &ServerOptions::default());
    assert_eq!(total_issues(&router).await, Ok(1));

    // Three more issues, one process (and one commit) each, while the queries run.
    let copies_to_ingest = copies[1..].to_vec();
    let ingest_path = index_path.clone();
    let ingests = std::thread::spawn(move || {
        for copy in &copies_to_ingest {
            wait_for_success(ingest_process(&ingest_path, std::slice::from_ref(copy)));
        }
    });
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    let mut round = 0;
    while !ingests.is_finished() || round < QUERIES.len() {
        let query = QUERIES[round % QUERIES.len()];
        round += 1;
        let body = serde_json::json!({ "query": query });
        let request = Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        let started = Instant::now();
        let (status, _, text) = send(router.clone(), request).await;
        latencies.push(started.elapsed());
        let failed = status != 200
            || serde_json::from_str::<serde_json::Value>(&text)
                .map_or(true, |response| response.get("errors").is_some());
        if failed {
            errors.push(format!("{status}: {text}"));
        }
    }
    ingests.join().expect("the ingest thread ends");
    assert!(
        errors.is_empty(),
        "{} failed queries: {:?}",
        errors.len(),
        errors.first()
    );

    // The server sees the finished ingests without a restart (the reader reloads on commit).
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = total_issues(&router).await;
    while seen != Ok(4) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        seen = total_issues(&router).await;
    }
    assert_eq!(seen, Ok(4));

    latencies.sort();
    eprintln!(
        "load during ingest: {} queries, 0 errors, p50 {:?}, p99 {:?}, max {:?}",
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
    );
}
