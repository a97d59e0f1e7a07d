//! Issue metadata a document states about itself in its text: a cover line or running header
//! "Dimensies 26, oktober 2016" (series, number, month, year), a letter's "Datum 3 februari 2023".
//!
//! Only a line that says nothing else counts: "Zie ook Dimensies 32, maart 2018." in a note cites
//! another issue and is not this one's header. Such a line counts near the start of the
//! document, or anywhere when it repeats (a running header on every page).

use std::sync::LazyLock;

use regex::Regex;

use super::IssueMetadata;
use crate::vocabulary::month_number;

/// Lines from the start of a document where a cover line or a letter's date stands.
const HEAD_LINES: usize = 60;

const MONTH_PATTERN: &str = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october";

/// "Dimensies 26, oktober 2016", "Dimensies nr. 26 | oktober 2016", with a page number before or
/// after it in a running header.
static ISSUE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\d{{1,3}}\s+(?:[|•·–—-]\s+)?)?(?P<series>\p{{Lu}}[\p{{L}}'-]+(?:\s+\p{{Lu}}[\p{{L}}'-]+){{0,2}})\s+(?i:nr\.?\s*|nummer\s+|no\.?\s*|#)?(?P<number>\d{{1,3}})\s*[,|•·–—-]?\s*(?i:(?P<month>{MONTH_PATTERN}))\s+(?P<year>(?:19|20)\d{{2}})(?:\s+(?:[|•·–—-]\s+)?\d{{1,3}})?$"
    ))
    .expect("static regex is valid")
});

/// "Datum 3 februari 2023", "Datum: 3 februari 2023".
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:datum|date)\s*:?\s*\d{{1,2}}\s+(?i:(?P<month>{MONTH_PATTERN}))\s+(?P<year>(?:19|20)\d{{2}})$"
    ))
    .expect("static regex is valid")
});

/// Returns the metadata the lines of a document state (every field `None` when they state none).
pub fn stated_metadata<'a>(lines: impl IntoIterator<Item = &'a str>) -> IssueMetadata {
    let lines: Vec<&str> = lines.into_iter().map(str::trim).collect();
    // A running header carries the page number: count the statements, not the lines.
    let statements: Vec<Option<IssueMetadata>> = lines
        .iter()
        .map(|line| {
            if DATE_LINE.is_match(line) {
                return None;
            }
            let captures = ISSUE_LINE.captures(line)?;
            Some(IssueMetadata {
                series: Some(captures["series"].to_string()),
                number: captures["number"].parse().ok(),
                month: month_number(&captures["month"]),
                year: captures["year"].parse().ok(),
                ..IssueMetadata::default()
            })
        })
        .collect();
    let repeats = |statement: &IssueMetadata| {
        statements
            .iter()
            .flatten()
            .filter(|other| *other == statement)
            .count()
            >= 2
    };
    let issue = statements
        .iter()
        .enumerate()
        .find_map(|(index, statement)| {
            statement
                .as_ref()
                .filter(|statement| index < HEAD_LINES || repeats(statement))
        });
    if let Some(issue) = issue {
        return issue.clone();
    }
    let mut metadata = IssueMetadata::default();
    let date = lines
        .iter()
        .take(HEAD_LINES)
        .find_map(|line| DATE_LINE.captures(line));
    if let Some(captures) = date {
        metadata.month = month_number(&captures["month"]);
        metadata.year = captures["year"].parse().ok();
    }
    metadata
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cover_line_states_series_number_month_and_year() {
        let metadata = stated_metadata([
            "Samenwerking in de regio",
            "Dimensies 26, oktober 2016",
            "Een gesprek met Jan Jansen.",
        ]);
        assert_eq!(metadata.series.as_deref(), Some("Dimensies"));
        assert_eq!(
            (metadata.number, metadata.month, metadata.year),
            (Some(26), Some(10), Some(2016))
        );
    }

    #[test]
    fn a_running_header_counts_anywhere_a_citation_does_not() {
        let mut lines = vec!["Tekst van het artikel."; 100];
        lines.push("1  Zie ook Dimensies 32, maart 2018.");
        lines.push("Dimensies 33 | mei 2019 12");
        lines.push("Nog meer tekst op de volgende pagina.");
        lines.push("Dimensies 33 | mei 2019 13");
        let metadata = stated_metadata(lines.iter().copied());
        assert_eq!(
            (metadata.number, metadata.month, metadata.year),
            (Some(33), Some(5), Some(2019))
        );
        let cited_only = stated_metadata(["Tekst.", "Zie ook Dimensies 32, maart 2018."]);
        assert_eq!(cited_only, IssueMetadata::default());
    }

    #[test]
    fn a_letter_states_its_date() {
        let metadata = stated_metadata([
            "Aan de Voorzitter van de Tweede Kamer",
            "Datum 3 februari 2023",
            "Betreft Circulaire economie",
        ]);
        assert_eq!(
            (
                metadata.series,
                metadata.number,
                metadata.month,
                metadata.year
            ),
            (None, None, Some(2), Some(2023))
        );
    }
}
