//! HTML built in code rather than in a template, always from escaped text: search snippets
//! reduced to their `<mark>`s, article paragraphs with their quotes and footnote markers, notes
//! with their links, and URL encoding.
//!
//! ```
//! use dimensies::web::html::marked_snippet;
//! assert_eq!(
//!     marked_snippet("a <mark>b</mark> &lt;c&gt; <script>"),
//!     "a <mark>b</mark> &lt;c&gt; &lt;script&gt;"
//! );
//! ```

use crate::index::snippet::escape_html;

/// Escapes text for HTML (element content and quoted attribute values).
pub fn escape(text: &str) -> String {
    escape_html(text)
}

/// Returns a search snippet (escaped source text with `<mark>` around the hits) as HTML that
/// keeps only balanced `<mark>` elements: any other tag or stray `<`, `>` is escaped, and
/// known entities stay as they are.
pub fn marked_snippet(snippet: &str) -> String {
    let mut html = String::with_capacity(snippet.len() + 16);
    let mut open = false;
    let mut rest = snippet;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<mark>") {
            if !open {
                html.push_str("<mark>");
                open = true;
            }
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</mark>") {
            if open {
                html.push_str("</mark>");
                open = false;
            }
            rest = after;
        } else if rest.starts_with('&') {
            let entity = known_entity(rest);
            match entity {
                Some(length) => html.push_str(&rest[..length]),
                None => html.push_str("&amp;"),
            }
            rest = &rest[entity.unwrap_or(1)..];
        } else {
            let Some(ch) = rest.chars().next() else {
                break;
            };
            match ch {
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '"' => html.push_str("&quot;"),
                '\'' => html.push_str("&#39;"),
                ch => html.push(ch),
            }
            rest = &rest[ch.len_utf8()..];
        }
    }
    if open {
        html.push_str("</mark>");
    }
    html
}

/// Returns the length of the entity `text` starts with, when it is one `escape_html` writes.
fn known_entity(text: &str) -> Option<usize> {
    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
        .iter()
        .find(|entity| text.starts_with(*entity))
        .map(|entity| entity.len())
}

/// A quote to mark in a paragraph: the byte range of its words and the anchor id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Start (byte offset).
    pub start: usize,
    /// End (byte offset, exclusive).
    pub end: usize,
    /// The element id (`q5`), the target of the quote card's "in de tekst" link.
    pub anchor: String,
    /// Who said it, for the tooltip ("Citaat van Jan Jansen").
    pub speaker: Option<String>,
}

/// A footnote marker in a paragraph: the byte offset right after its word, and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerAt {
    /// Byte offset in the paragraph.
    pub offset: usize,
    /// The note's printed number.
    pub number: u32,
}

/// Finds where a quote's words stand in a paragraph: the whole quote, else its first words
/// (a quote that runs on into the next paragraph). `None` when the paragraph does not hold it.
pub fn find_quote(paragraph: &str, quote: &str) -> Option<(usize, usize)> {
    let quote = quote.trim();
    if quote.is_empty() {
        return None;
    }
    if let Some(start) = paragraph.find(quote) {
        return Some((start, start + quote.len()));
    }
    // The quote runs past the paragraph: mark from its start to the paragraph's end when its
    // first 40 characters are there.
    let prefix_end = quote
        .char_indices()
        .nth(40)
        .map_or(quote.len(), |(index, _)| index);
    let start = paragraph.find(&quote[..prefix_end])?;
    Some((start, paragraph.len()))
}

/// Returns a paragraph as HTML: its text escaped, each quote in a
/// `<span class="citaat" id="…">`, each footnote marker a superscript link to its note.
/// Quotes that overlap an earlier one, and offsets that are not on a character boundary, are
/// left out.
pub fn paragraph_html(text: &str, quotes: &[QuoteSpan], markers: &[MarkerAt]) -> String {
    // Events at byte positions: closing tags first, then markers, then opening tags, so the
    // elements nest.
    let mut events: Vec<(usize, u8, String)> = Vec::new();
    let mut sorted: Vec<&QuoteSpan> = quotes.iter().collect();
    sorted.sort_by_key(|quote| (quote.start, quote.end));
    let mut taken_until = 0usize;
    for quote in sorted {
        let valid = quote.start < quote.end
            && quote.end <= text.len()
            && text.is_char_boundary(quote.start)
            && text.is_char_boundary(quote.end)
            && quote.start >= taken_until;
        if !valid {
            continue;
        }
        taken_until = quote.end;
        let title = match &quote.speaker {
            Some(name) => format!(" title=\"Citaat van {}\"", escape(name)),
            None => String::new(),
        };
        events.push((
            quote.start,
            2,
            format!(
                "<span class=\"citaat\" id=\"{}\"{title}>",
                escape(&quote.anchor)
            ),
        ));
        events.push((quote.end, 0, "</span>".to_string()));
    }
    for marker in markers {
        if marker.offset <= text.len() && text.is_char_boundary(marker.offset) {
            events.push((
                marker.offset,
                1,
                format!(
                    "<sup class=\"noot\"><a href=\"#noot-{n}\" id=\"ref-{n}\" aria-label=\"voetnoot {n}\">{n}</a></sup>",
                    n = marker.number
                ),
            ));
        }
    }
    events.sort_by_key(|(position, order, _)| (*position, *order));
    let mut html = String::with_capacity(text.len() + 64 * events.len());
    let mut cursor = 0usize;
    for (position, _, tag) in events {
        html.push_str(&escape(&text[cursor..position]));
        html.push_str(&tag);
        cursor = position;
    }
    html.push_str(&escape(&text[cursor..]));
    html
}

/// Returns a note's text as HTML with each of its web addresses a link (only `http` and
/// `https`). An address the text does not spell out as such (repaired from a broken line) is
/// linked after the text.
pub fn note_html(text: &str, urls: &[String]) -> String {
    let web_urls: Vec<&String> = urls
        .iter()
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
        .collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut missing: Vec<&String> = Vec::new();
    for url in &web_urls {
        match text.find(url.as_str()) {
            Some(start)
                if found
                    .iter()
                    .all(|&(s, e)| start >= e || start + url.len() <= s) =>
            {
                found.push((start, start + url.len()));
            }
            Some(_) => {}
            None => missing.push(url),
        }
    }
    found.sort_unstable();
    let mut html = String::with_capacity(text.len() * 2);
    let mut cursor = 0usize;
    for (start, end) in found {
        html.push_str(&escape(&text[cursor..start]));
        let url = escape(&text[start..end]);
        html.push_str(&format!("<a href=\"{url}\">{url}</a>"));
        cursor = end;
    }
    html.push_str(&escape(&text[cursor..]));
    for url in missing {
        let url = escape(url);
        html.push_str(&format!(" <a href=\"{url}\">{url}</a>"));
    }
    html
}

/// Percent-encodes an id for a URL path, keeping `/` (ids are `issue/a3`) and the characters
/// that need no encoding.
pub fn encode_path(id: &str) -> String {
    let mut encoded = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Encodes URL query parameters (`application/x-www-form-urlencoded`).
pub fn encode_query(parameters: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(parameters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_keep_only_balanced_marks() {
        assert_eq!(
            marked_snippet("<mark>samen</mark>werking &amp; <b>regio</b>"),
            "<mark>samen</mark>werking &amp; &lt;b&gt;regio&lt;/b&gt;"
        );
        assert_eq!(
            marked_snippet("</mark>los <mark>open"),
            "los <mark>open</mark>"
        );
        assert_eq!(marked_snippet("R&D \"x\""), "R&amp;D &quot;x&quot;");
        assert_eq!(
            marked_snippet("<mark onclick=x>a</mark>"),
            "&lt;mark onclick=x&gt;a"
        );
    }

    #[test]
    fn paragraphs_mark_quotes_and_link_footnotes() {
        let text = "Jansen zegt: “Samen gaat het beter.” Zie Snippe en <script>.";
        let (start, end) = find_quote(text, "Samen gaat het beter.").unwrap();
        let snippe_end = text.find("Snippe").unwrap() + "Snippe".len();
        let html = paragraph_html(
            text,
            &[QuoteSpan {
                start,
                end,
                anchor: "q1".to_string(),
                speaker: Some("Jan \"JJ\" Jansen".to_string()),
            }],
            &[MarkerAt {
                offset: snippe_end,
                number: 2,
            }],
        );
        assert_eq!(
            html,
            "Jansen zegt: “<span class=\"citaat\" id=\"q1\" title=\"Citaat van Jan &quot;JJ&quot; Jansen\">Samen gaat het beter.</span>” Zie Snippe<sup class=\"noot\"><a href=\"#noot-2\" id=\"ref-2\" aria-label=\"voetnoot 2\">2</a></sup> en &lt;script&gt;."
        );
    }

    #[test]
    fn overlapping_quotes_and_bad_offsets_are_left_out() {
        let text = "één twee drie";
        let spans = [
            QuoteSpan {
                start: 0,
                end: 10,
                anchor: "q1".to_string(),
                speaker: None,
            },
            QuoteSpan {
                start: 7,
                end: 15,
                anchor: "q2".to_string(),
                speaker: None,
            },
        ];
        let html = paragraph_html(
            text,
            &spans,
            &[MarkerAt {
                offset: 1,
                number: 1,
            }],
        );
        assert_eq!(
            html,
            "<span class=\"citaat\" id=\"q1\">één twee</span> drie"
        );
    }

    #[test]
    fn a_quote_running_into_the_next_paragraph_is_marked_to_the_end() {
        let paragraph = "Hij zei: “Wij beginnen in september met een nieuwe opleiding voor";
        let quote = "Wij beginnen in september met een nieuwe opleiding voor technici in de regio.";
        assert_eq!(
            find_quote(paragraph, quote),
            Some((paragraph.find("Wij").unwrap(), paragraph.len()))
        );
        assert_eq!(find_quote(paragraph, "Iets anders"), None);
    }

    #[test]
    fn notes_link_their_web_addresses_only() {
        let urls = vec![
            "https://ecbo.nl/uploads/a.pdf".to_string(),
            "javascript:alert(1)".to_string(),
            "https://example.org/heel".to_string(),
        ];
        let html = note_html(
            "Zie https://ecbo.nl/uploads/a.pdf & javascript:alert(1)",
            &urls,
        );
        assert_eq!(
            html,
            "Zie <a href=\"https://ecbo.nl/uploads/a.pdf\">https://ecbo.nl/uploads/a.pdf</a> &amp; javascript:alert(1) <a href=\"https://example.org/heel\">https://example.org/heel</a>"
        );
    }

    #[test]
    fn paths_keep_slashes_and_encode_the_rest() {
        assert_eq!(encode_path("dimensies-2019/q3"), "dimensies-2019/q3");
        assert_eq!(encode_path("a b?c#"), "a%20b%3Fc%23");
        assert_eq!(encode_path("ö"), "%C3%B6");
        assert_eq!(encode_query(&[("q", "regio's & zo")]), "q=regio%27s+%26+zo");
    }
}
