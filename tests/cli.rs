//! The command line and the schema golden file.

use std::collections::HashSet;
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

/// Ingests the magazine issue of `fixtures/` (the PDFs there have tests of their own).
fn ingest_fixtures(index: &std::path::Path) -> std::process::Output {
    dimensies()
        .arg("ingest")
        .arg("--index")
        .arg(index)
        .arg(project_path("fixtures/dimensies-2019-regio.txt"))
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
fn with_strict_a_bad_file_is_named_and_nothing_is_ingested() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    let empty = directory.path().join("leeg.txt");
    std::fs::write(&empty, "\n\n").unwrap();
    let output = dimensies()
        .arg("ingest")
        .arg("--strict")
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

/// Runs `dimensies stats --index INDEX` and parses its JSON.
fn stats(index: &std::path::Path) -> serde_json::Value {
    let output = dimensies()
        .arg("stats")
        .arg("--index")
        .arg(index)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A one-page PDF printing `lines` in Helvetica (ASCII text), with a correct cross-reference
/// table.
fn one_page_pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 11 Tf 72 770 Td 15 TL");
    for line in lines {
        text.push_str(&format!(" ({line}) Tj T*"));
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", index + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

#[test]
fn a_folder_goes_in_and_a_bad_file_in_it_is_named() {
    let directory = tempfile::tempdir().unwrap();
    let folder = directory.path().join("archief");
    std::fs::create_dir_all(folder.join("2019")).unwrap();
    std::fs::create_dir_all(folder.join("2016")).unwrap();
    std::fs::create_dir_all(folder.join("web/2023")).unwrap();
    std::fs::copy(
        project_path("fixtures/dimensies-2019-regio.txt"),
        folder.join("2019/dimensies-2019-regio.txt"),
    )
    .unwrap();
    std::fs::copy(
        project_path("tests/pages/stages-in-de-zorg.html"),
        folder.join("web/2023/stages-in-de-zorg.html"),
    )
    .unwrap();
    std::fs::write(
        folder.join("web/kapot.html"),
        "<html><body>\n</body></html>",
    )
    .unwrap();
    let pdf = one_page_pdf(&[
        "Dimensies 26, oktober 2016",
        "Leren op de werkplek",
        "Studenten leren het meest op de werkplek, zegt onderzoeker Jan Jansen.",
        "Daar zien zij hoe het vak in de praktijk wordt uitgeoefend.",
    ]);
    std::fs::write(folder.join("2016/werkplek.pdf"), pdf).unwrap();
    // A PDF cut short in the download: the signature, then nothing usable.
    std::fs::write(
        folder.join("2019/afgebroken.pdf"),
        b"%PDF-1.7\n1 0 obj\n<< /Type",
    )
    .unwrap();
    let index = directory.path().join("index");
    let output = dimensies()
        .arg("ingest")
        .arg("--index")
        .arg(&index)
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed file gives exit code 1"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("kapot.html: the file contains no text"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("3 issues (0 replaced): 7 articles, 45 quotes, 25 people, 12 footnotes;"),
        "{stdout}"
    );
    assert!(stderr.contains("afgebroken.pdf: "), "{stderr}");
    assert!(stdout.contains("2 of 5 files failed"), "{stdout}");
    let stats = stats(&index);
    assert_eq!(stats["catalog"]["issues"], 3);
    let issue = |id: &str| {
        stats["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|issue| issue["id"] == id)
            .unwrap_or_else(|| panic!("{id} is an issue"))
            .clone()
    };
    let pdf_issue = issue("werkplek");
    assert_eq!(
        (&pdf_issue["title"], &pdf_issue["year"]),
        (&"Dimensies 26".into(), &2016.into()),
        "the issue's metadata is read from its cover line"
    );
    let page = stats["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|issue| issue["id"] == "stages-in-de-zorg")
        .expect("the web page is an issue");
    assert_eq!(
        (
            &page["year"],
            &page["articles"],
            &page["quotes"],
            &page["footnotes"]
        ),
        (&2023.into(), &1.into(), &1.into(), &2.into())
    );
}

#[test]
fn remove_takes_an_issue_and_its_people_out() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    let output = dimensies()
        .arg("ingest")
        .arg("--index")
        .arg(&index)
        .arg(project_path("fixtures/dimensies-2019-regio.txt"))
        .arg(project_path("tests/pages"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stats(&index)["catalog"]["people"], 24);
    let output = dimensies()
        .args(["remove", "stages-in-de-zorg", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = stats(&index);
    assert_eq!(
        (&after["catalog"]["issues"], &after["catalog"]["people"]),
        (&1.into(), &22.into())
    );
    let search = dimensies()
        .args(["search", "stagebegeleider", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&search.stdout).starts_with("0 hits"),
        "{}",
        String::from_utf8_lossy(&search.stdout)
    );
    let again = dimensies()
        .args(["remove", "stages-in-de-zorg", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("holds no issue stages-in-de-zorg"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn export_into_a_closed_pipe_ends_quietly() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    assert!(ingest_fixtures(&index).status.success());
    let mut child = dimensies()
        .arg("export")
        .arg("--index")
        .arg(&index)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before anything is written, as `head` does after its lines.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

/// `export --format opensearch-bulk`: every line parses, actions and records alternate, each
/// action names the index and a unique id; the mapping is valid JSON that maps what the
/// records carry (issue 11).
#[test]
fn opensearch_bulk_export_alternates_actions_and_records_and_its_mapping_parses() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    assert!(ingest_fixtures(&index).status.success());
    let bulk = dimensies()
        .args([
            "export",
            "--format",
            "opensearch-bulk",
            "--index-name",
            "archief",
        ])
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert!(
        bulk.status.success(),
        "{}",
        String::from_utf8_lossy(&bulk.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&bulk.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is JSON"))
        .collect();
    assert!(lines.len() > 100 && lines.len() % 2 == 0);
    let mut ids = HashSet::new();
    for pair in lines.chunks(2) {
        let action = &pair[0]["index"];
        let record = &pair[1];
        assert_eq!(action["_index"], "archief");
        let id = action["_id"].as_str().unwrap();
        assert_eq!(
            id,
            format!(
                "{}:{}",
                record["type"].as_str().unwrap(),
                record["id"].as_str().unwrap()
            )
        );
        assert!(ids.insert(id.to_string()), "{id} twice");
    }
    let plain = dimensies()
        .arg("export")
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout).lines().count(),
        lines.len() / 2
    );

    let mapping = dimensies()
        .args(["export", "--format", "opensearch-mapping"])
        .output()
        .unwrap();
    assert!(mapping.status.success());
    let mapping: serde_json::Value =
        serde_json::from_slice(&mapping.stdout).expect("the mapping is JSON");
    let properties = &mapping["mappings"]["properties"];
    for record in lines.iter().skip(1).step_by(2) {
        for field in record.as_object().unwrap().keys() {
            assert!(properties[field].is_object(), "{field} is not mapped");
        }
    }
    assert!(mapping["settings"]["analysis"]["analyzer"].is_object());
}
