//! The command line and the schema golden file.

use std::process::Command;

use crate::util::project_path;

fn dimensies() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dimensies"))
}

#[test]
fn schema_graphql_matches_the_code() {
    let committed =
        std::fs::read_to_string(project_path("schema.graphql")).expect("schema.graphql exists");
    assert!(
        committed == dimensies::api::schema_sdl(),
        "schema.graphql differs from the code: run `cargo run -- schema > schema.graphql` and review the diff"
    );
}

#[test]
fn extract_prints_the_model_as_json() {
    let output = dimensies()
        .args(["extract", "--json"])
        .arg(project_path("fixtures/dimensies-2019-regio.txt"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let issue: dimensies::model::Issue = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(issue.articles.len(), 5);
    assert_eq!(issue.title, "Samenwerking in de regio");
}

/// Runs `dimensies ingest --index INDEX fixtures`.
fn ingest_fixtures(index: &std::path::Path) -> std::process::Output {
    dimensies()
        .arg("ingest")
        .arg("--index")
        .arg(index)
        .arg(project_path("fixtures"))
        .output()
        .unwrap()
}

#[test]
fn ingest_then_search_from_the_command_line() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    let output = ingest_fixtures(&index);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("added dimensies-2019-regio"), "{stdout}");
    let output = dimensies()
        .args(["search", "--limit", "1", "konijnenhok", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("[konijnenhok]"), "{stdout}");
}

#[test]
fn a_bad_file_is_named_and_nothing_is_ingested() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    let empty = directory.path().join("leeg.txt");
    std::fs::write(&empty, "\n\n").unwrap();
    let output = dimensies()
        .arg("ingest")
        .arg("--index")
        .arg(&index)
        .arg(project_path("fixtures/dimensies-2019-regio.txt"))
        .arg(&empty)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("leeg.txt: the file contains no text"),
        "{stderr}"
    );
    assert!(stderr.contains("the index is unchanged"), "{stderr}");
    let stats = dimensies()
        .arg("stats")
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["catalog"]["issues"], 0);
}

#[test]
fn export_writes_every_record_as_json_lines() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    assert!(ingest_fixtures(&index).status.success());
    let output = dimensies()
        .arg("export")
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let count = |kind: &str| {
        records
            .iter()
            .filter(|record| record["type"] == kind)
            .count()
    };
    assert_eq!(
        (
            count("issue"),
            count("article"),
            count("footnote"),
            count("person")
        ),
        (1, 5, 10, 22)
    );
    assert_eq!(count("quote"), 44);
}
