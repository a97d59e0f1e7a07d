//! Footnote markers taken out of the running text and tied to their notes, with complete URLs
//! and the issue each note cites.

use std::collections::HashMap;

use crate::ingest::extract::footnotes;
use crate::ingest::normalize::JoinedText;
use crate::ingest::resolve::WorkArticle;
use crate::ingest::segment::SegmentedIssue;
use crate::model::{Footnote, FootnoteId, FootnoteMarker, IssueId, SourceSpan};

/// Where a footnote's marker was found: article, unit, offset, line, word.
pub(crate) struct MarkerPlace {
    pub(crate) article: usize,
    pub(crate) unit: usize,
    pub(crate) offset: usize,
    pub(crate) line: u32,
    pub(crate) word: String,
}

/// Removes the footnote markers from the running text and returns where each note's marker was,
/// keyed by the note's position in the issue (numbers may start again in each article).
/// Markers are searched in reading order from the previous one.
pub(crate) fn take_markers(
    articles: &mut [WorkArticle<'_>],
    segmented: &SegmentedIssue,
) -> HashMap<usize, MarkerPlace> {
    let mut places = HashMap::new();
    let mut cursor = (0usize, 0usize, 0usize);
    for (position, note) in segmented.footnotes.iter().enumerate() {
        let found = search_marker(articles, note.number, cursor)
            .or_else(|| search_marker(articles, note.number, (0, 0, 0)));
        let Some((article, unit, marker)) = found else {
            tracing::debug!(
                note = note.number,
                "footnote marker not found in the running text"
            );
            continue;
        };
        let joined = articles[article].unit_mut(unit);
        let line = joined.line_at(marker.start);
        remove_range(joined, marker.start, marker.end);
        cursor = (article, unit, marker.start);
        places.insert(
            position,
            MarkerPlace {
                article,
                unit,
                offset: marker.start,
                line,
                word: marker.word,
            },
        );
    }
    places
}

pub(crate) fn search_marker(
    articles: &[WorkArticle<'_>],
    number: u32,
    (from_article, from_unit, from_offset): (usize, usize, usize),
) -> Option<(usize, usize, footnotes::MarkerMatch)> {
    for (article_index, article) in articles.iter().enumerate().skip(from_article) {
        for (unit_index, unit) in article.units().iter().enumerate() {
            let before_cursor = article_index == from_article && unit_index < from_unit;
            if before_cursor {
                continue;
            }
            let from = if article_index == from_article && unit_index == from_unit {
                from_offset
            } else {
                0
            };
            if let Some(marker) = footnotes::find_marker(&unit.text, number, from) {
                return Some((article_index, unit_index, marker));
            }
        }
    }
    None
}

pub(crate) fn remove_range(joined: &mut JoinedText, start: usize, end: usize) {
    joined.text.replace_range(start..end, "");
    let removed = end - start;
    for (offset, _) in &mut joined.line_starts {
        if *offset > start {
            *offset = offset.saturating_sub(removed).max(start);
        }
    }
}

/// A footnote with the article its marker is in.
pub(crate) struct NoteWork {
    pub(crate) footnote: Footnote,
    pub(crate) article: Option<usize>,
}

pub(crate) fn build_footnotes(
    issue_id: &IssueId,
    segmented: &SegmentedIssue,
    articles: &[WorkArticle<'_>],
    markers: &HashMap<usize, MarkerPlace>,
    series: Option<&str>,
) -> Vec<NoteWork> {
    let link_urls: Vec<&str> = segmented
        .links
        .iter()
        .map(|link| link.url.as_str())
        .collect();
    let own_urls: Vec<(u32, Vec<String>)> = segmented
        .footnotes
        .iter()
        .map(|note| {
            let urls = footnotes::confirm_urls(&footnotes::urls_in(&note.text.text), &link_urls);
            (note.text.first_line(), urls)
        })
        .collect();
    let links: Vec<(u32, &str)> = segmented
        .links
        .iter()
        .map(|link| (link.line, link.url.as_str()))
        .collect();
    let received = footnotes::assign_link_lines(&own_urls, &links);
    segmented
        .footnotes
        .iter()
        .zip(own_urls)
        .zip(received)
        .enumerate()
        .map(|(ordinal, ((note, (_, mut urls)), extra))| {
            urls.extend(extra);
            urls.dedup();
            let mut text = note.text.text.clone();
            for url in &urls {
                // Write the confirmed form of each URL back into the note's text.
                for found in footnotes::urls_in(&note.text.text) {
                    if found != *url && found.replace('-', "") == url.replace('-', "") {
                        text = text.replace(&found, url);
                    }
                }
            }
            let marker = markers.get(&ordinal);
            let footnote = Footnote {
                id: FootnoteId::new(issue_id, ordinal + 1),
                number: note.number,
                cites: footnotes::cited_issue(&text, series),
                text,
                urls,
                marker: marker.map(|place| FootnoteMarker {
                    word: place.word.clone(),
                    paragraph: articles[place.article].paragraph_of_unit(place.unit),
                    offset: place.offset,
                    line: place.line,
                }),
                span: SourceSpan {
                    first_line: note.text.first_line(),
                    last_line: note.text.last_line(),
                    page: None,
                },
            };
            NoteWork {
                footnote,
                article: marker.map(|place| place.article),
            }
        })
        .collect()
}
