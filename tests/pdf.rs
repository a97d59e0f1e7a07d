//! The PDF reader end to end on the two real PDFs in `fixtures/`: a government letter and a
//! typeset three-column magazine.

use std::path::PathBuf;

use dimensies::ingest::read::IssueMetadata;
use dimensies::model::{ArticleKind, Issue};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn extract(name: &str) -> Issue {
    dimensies::ingest::extract_file(&fixture(name), &IssueMetadata::default())
        .unwrap_or_else(|error| panic!("{name} should read: {error}"))
}

fn all_text(issue: &Issue) -> String {
    let mut out = String::new();
    for article in &issue.articles {
        out.push_str(&article.title);
        out.push('\n');
        for paragraph in &article.paragraphs {
            out.push_str(&paragraph.text);
            out.push('\n');
        }
        for subheading in &article.subheadings {
            out.push_str(subheading);
            out.push('\n');
        }
    }
    out
}

#[test]
fn letter_footnote_five_has_its_url_rejoined_over_two_lines() {
    let issue = extract("kamerbrief-circulaire-economie-2023.pdf");
    let note = issue
        .footnotes()
        .map(|(_, note)| note)
        .find(|note| note.number == 5)
        .expect("the letter has a footnote 5");
    assert_eq!(
        note.urls,
        ["https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2022Z10845&did=2022D22249"]
    );
    let numbers: Vec<u32> = issue.footnotes().map(|(_, note)| note.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    // The superscript marker of note 6 sits glued to "HUF-toets" in the running text.
    let six = issue
        .footnotes()
        .map(|(_, note)| note)
        .find(|note| note.number == 6);
    assert_eq!(
        six.and_then(|note| note.marker.as_ref())
            .map(|m| m.word.as_str()),
        Some("HUF-toets")
    );
}

#[test]
fn letter_signatory_signs_with_the_role_printed_above_her_name() {
    let issue = extract("kamerbrief-circulaire-economie-2023.pdf");
    let heijnen = issue
        .people
        .iter()
        .find(|person| person.name.ends_with("Heijnen"))
        .expect("the signatory is a person");
    assert!(
        heijnen.name.contains("V.L.W.A. Heijnen"),
        "{}",
        heijnen.name
    );
    assert_eq!(
        heijnen.roles,
        ["staatssecretaris van Infrastructuur en Waterstaat"]
    );
}

#[test]
fn letter_furniture_and_letterhead_stay_out_of_the_text() {
    let issue = extract("kamerbrief-circulaire-economie-2023.pdf");
    let text = all_text(&issue);
    for furniture in [
        "Pagina 7 van 7",
        "Pagina 2 van 7",
        "Kenmerk",
        "IENW/BSK-2023/33017",
        "Postbus 20018",
        "Rijnstraat",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} is in the text");
    }
    assert_eq!(
        issue.articles[0].title,
        "Nationaal Programma Circulaire Economie 2023-2030 (NPCE) incl. kabinetsreactie op ICER en SER-verkenning"
    );
    assert!(
        issue.articles[0]
            .subheadings
            .contains(&"De circulaire transitie versnellen".to_string())
    );
    assert_eq!((issue.year, issue.month), (Some(2023), Some(2)));
}

#[test]
fn magazine_reads_two_interviews_with_their_quotes_and_without_its_footer() {
    let issue = extract("don-2025-magazine.pdf");
    let titles: Vec<&str> = issue
        .articles
        .iter()
        .map(|article| article.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Het team achter Haven+: \"Onze exit-strategie weg van Big Tech\"",
            "Deze goede redenen heeft de Kiesraad om Rust te gebruiken",
        ]
    );
    assert_eq!(
        issue.articles[0]
            .section
            .as_deref()
            .map(str::to_lowercase)
            .as_deref(),
        Some("interview")
    );
    // The label "INTERVIEW" states the kind of both articles.
    let kinds: Vec<ArticleKind> = issue.articles.iter().map(|article| article.kind).collect();
    assert_eq!(kinds, [ArticleKind::Interview, ArticleKind::Interview]);
    let text = all_text(&issue);
    for furniture in ["DEVELOPER OVERHEID MAGAZINE", "pagina 3", "Inhoud"] {
        assert!(!text.contains(furniture), "{furniture:?} is in the text");
    }
    // Justified lines keep their word spaces; line-end hyphens are undone.
    assert!(text.contains("heeft een gemengde achtergrond die begon met een studie scheikunde"));
    let quotes: Vec<&str> = issue
        .quotes()
        .map(|(_, quote)| quote.text.as_str())
        .collect();
    assert!(quotes.len() >= 35, "{} quotes", quotes.len());
    assert!(quotes.iter().any(|quote| quote.starts_with("Het is overigens niet dat wij hier hele nieuwe dingen")));
    let names: Vec<&str> = issue
        .people
        .iter()
        .map(|person| person.name.as_str())
        .collect();
    assert!(names.contains(&"Pauline van Rotterdam"), "{names:?}");
    assert_eq!(
        issue.title, "Developer Overheid: twee interviews",
        "the title of the PDF's info dictionary"
    );
}

#[test]
fn truncated_and_garbage_pdfs_are_errors_naming_the_file() {
    let bytes = std::fs::read(fixture("kamerbrief-circulaire-economie-2023.pdf")).expect("fixture");
    let dir = tempfile::tempdir().expect("temp dir");
    let truncated = dir.path().join("afgebroken.pdf");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).expect("write");
    let garbage = dir.path().join("rommel.pdf");
    let mut noise = b"%PDF-1.4\n".to_vec();
    noise.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&garbage, &noise).expect("write");
    for path in [&truncated, &garbage] {
        match dimensies::ingest::extract_file(path, &IssueMetadata::default()) {
            Err(error) => assert!(
                error.to_string().contains(&path.display().to_string()),
                "{error}"
            ),
            // A damaged file may still give some text; it must never panic or hang.
            Ok(issue) => assert!(issue.articles.len() <= 10),
        }
    }
}

#[test]
fn bad_pdfs_fail_by_name_and_leave_the_index_as_it_was() {
    let directory = tempfile::tempdir().expect("temp dir");
    let index = directory.path().join("index");
    let binary = env!("CARGO_BIN_EXE_dimensies");
    let ingest = |paths: &[PathBuf]| {
        std::process::Command::new(binary)
            .arg("ingest")
            .arg("--index")
            .arg(&index)
            .args(paths)
            .output()
            .expect("dimensies runs")
    };
    let stats = || {
        let output = std::process::Command::new(binary)
            .args(["stats", "--index"])
            .arg(&index)
            .output()
            .expect("dimensies runs");
        let value: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("stats is JSON");
        (
            value["catalog"]["issues"].clone(),
            value["catalog"]["quotes"].clone(),
        )
    };
    assert!(
        ingest(&[fixture("kamerbrief-circulaire-economie-2023.pdf")])
            .status
            .success()
    );
    let before = stats();
    let bytes = std::fs::read(fixture("don-2025-magazine.pdf")).expect("fixture");
    let truncated = directory.path().join("afgebroken.pdf");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let encrypted = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pdfs/wachtwoord.pdf");
    let output = ingest(std::slice::from_ref(&encrypted));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("wachtwoord.pdf") && stderr.contains("encrypted"),
        "{stderr}"
    );
    assert_eq!(
        stats(),
        before,
        "a failed ingest leaves the index as it was"
    );
    // A truncated file either fails by name and changes nothing, or reads what it can.
    let output = ingest(std::slice::from_ref(&truncated));
    if output.status.success() {
        assert_eq!(stats().0, serde_json::Value::from(2));
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("afgebroken.pdf"), "{stderr}");
        assert_eq!(stats(), before);
    }
}
