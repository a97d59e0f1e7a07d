//! Issues built into the binary (the project's `fixtures/`), so that `serve` on an empty index
//! shows data at once, wherever the binary runs.

use crate::ingest::read::{IssueMetadata, read_text};
use crate::model::Issue;

/// A source file built into the binary.
struct BundledSource {
    name: &'static str,
    text: &'static str,
    manifest: &'static str,
}

const SOURCES: &[BundledSource] = &[BundledSource {
    name: "fixtures/dimensies-2019-regio.txt",
    text: include_str!("../../fixtures/dimensies-2019-regio.txt"),
    manifest: include_str!("../../fixtures/dimensies-2019-regio.meta.json"),
}];

/// Extracts the bundled issues.
pub fn bundled_issues() -> Vec<Issue> {
    SOURCES
        .iter()
        .map(|source| {
            let manifest: IssueMetadata =
                serde_json::from_str(source.manifest).expect("bundled manifests are valid JSON");
            let document = read_text(source.name, source.text);
            crate::ingest::extract_issue(&document, &manifest)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_issue_is_the_fixture() {
        let issues = super::bundled_issues();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].id.as_str(), "dimensies-2019-regio");
        assert_eq!(issues[0].series.as_deref(), Some("Dimensies"));
        assert_eq!(issues[0].year, Some(2019));
        assert_eq!(issues[0].title, "Samenwerking in de regio");
    }
}
