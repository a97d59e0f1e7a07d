//! Quote finding: the stretches of quoted speech in an article's paragraphs, and the attribution
//! patterns around them ("”, zegt Jansen.", "Klaster: “").
//!
//! Quote marks in PDF text are unreliable: a quote may close with “ instead of ”, open with ’, or
//! lose a mark altogether. Each mark's role is read from its neighbours (a mark between two letters
//! is an apostrophe: "regio’s"), marks are paired per family (double “…”, single ‘…’), quotes
//! nested in a quote belong to it, and a missing mark is restored where the text says the quote
//! ends (before ", zegt Jansen." or before a sentence of narration).
//!
//! Not every quoted stretch is speech: a single word or a short phrase without a sentence ending
//! (‘ding’, ‘Toptechniek in bedrijf Noordoost-Brabant’) is a scare quote, a title or a name.

use std::sync::LazyLock;

use regex::Regex;

use crate::text;
use crate::vocabulary::{SPEECH_VERBS, is_speech_verb};

/// A position in an article's paragraphs: (paragraph index, byte offset).
pub type Position = (usize, usize);

/// A stretch of quoted text found in the paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteMatch {
    /// Position of the first character inside the quote marks.
    pub start: Position,
    /// Position right after the last character inside the quote marks.
    pub end: Position,
    /// The quoted text, paragraphs joined by a space.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkRole {
    Open,
    Close,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    family: Family,
    role: MarkRole,
    position: Position,
    width: usize,
    /// A typewriter mark (`"`), as against a typographic one (“ ”): a quote set in one style
    /// may nest a quote set in the other ("… van: “ja maar …”. Dat …").
    straight: bool,
}

/// Reads the role of the quote mark `ch` at byte `index` of `paragraph` from its neighbours.
fn classify_mark(paragraph: &str, index: usize, ch: char) -> Option<(Family, MarkRole)> {
    let family = match ch {
        '“' | '”' | '„' | '"' | '«' | '»' => Family::Double,
        '‘' | '’' | '‚' | '\'' => Family::Single,
        _ => return None,
    };
    let previous = paragraph[..index].chars().next_back();
    let after = &paragraph[index + ch.len_utf8()..];
    let next = after.chars().next();
    let is_letter = |candidate: Option<char>| candidate.is_some_and(char::is_alphanumeric);
    if is_letter(previous) && is_letter(next) {
        return None; // apostrophe: regio’s, zo’n
    }
    let opens_context = previous
        .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '–' | '—' | '-' | '/'));
    if family == Family::Single && opens_context {
        // Elisions: ’s avonds, ‘s-Hertogenbosch, ’t, ’n.
        let mut rest = after.chars();
        let first = rest.next();
        let second = rest.next();
        if matches!(first, Some('s' | 't' | 'n')) && second.is_none_or(|c| !c.is_alphabetic()) {
            return None;
        }
    }
    match ch {
        '«' => return Some((family, MarkRole::Open)),
        '»' => return Some((family, MarkRole::Close)),
        _ => {}
    }
    let next_is_space = next.is_none_or(char::is_whitespace);
    if opens_context && !next_is_space {
        return Some((family, MarkRole::Open));
    }
    let closes_context = previous.is_some_and(|p| !p.is_whitespace())
        && next.is_none_or(|n| {
            n.is_whitespace() || n.is_ascii_punctuation() || matches!(n, '’' | '”' | '–')
        });
    if closes_context {
        return Some((family, MarkRole::Close));
    }
    None
}

fn marks_of(paragraphs: &[&str]) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (paragraph_index, paragraph) in paragraphs.iter().enumerate() {
        for (index, ch) in paragraph.char_indices() {
            if let Some((family, role)) = classify_mark(paragraph, index, ch) {
                marks.push(Mark {
                    family,
                    role,
                    position: (paragraph_index, index),
                    width: ch.len_utf8(),
                    straight: ch == '"',
                });
            }
        }
    }
    marks
}

/// A speaker named before a quote as a lead-in: "Klaster: “", "Nogmaals Van Helmond: “".
/// Returns the lead-in text of the sentence that introduces the quote at `start`.
pub fn lead_in<'a>(paragraphs: &[&'a str], start: Position) -> &'a str {
    let (paragraph_index, offset) = start;
    let paragraph = paragraphs[paragraph_index];
    let Some((mark_start, mark)) = paragraph[..offset].char_indices().next_back() else {
        return "";
    };
    if !matches!(mark, '“' | '”' | '„' | '"' | '«' | '‘' | '’' | '‚' | '\'') {
        // The opening mark is missing (the start was inferred): no lead-in introduces it.
        return "";
    }
    let before = &paragraph[..mark_start];
    let sentence_start = last_sentence_boundary(before);
    before[sentence_start..].trim()
}

/// Returns the sentence before the lead-in of the quote at `start` (within the paragraph).
pub fn previous_sentence<'a>(paragraphs: &[&'a str], start: Position) -> &'a str {
    let (paragraph_index, offset) = start;
    let paragraph = paragraphs[paragraph_index];
    let mark_start = paragraph[..offset]
        .char_indices()
        .next_back()
        .map_or(0, |(index, _)| index);
    let before = &paragraph[..mark_start];
    let lead_start = last_sentence_boundary(before);
    let earlier = before[..lead_start].trim_end();
    let without_end = earlier.trim_end_matches(|ch: char| {
        matches!(ch, '.' | '?' | '!' | '’' | '”' | '"') || ch.is_whitespace()
    });
    let sentence_start = last_sentence_boundary(without_end);
    earlier[sentence_start..].trim()
}

/// Returns the byte offset where the last sentence of `text` starts.
fn last_sentence_boundary(text: &str) -> usize {
    let mut boundary = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (position, (index, ch)) in chars.iter().enumerate() {
        if !text::is_terminal_punctuation(*ch) {
            continue;
        }
        // A boundary is terminal punctuation (and closing marks) followed by a space and a
        // capital or an opening mark.
        let mut cursor = position + 1;
        while cursor < chars.len() && matches!(chars[cursor].1, '”' | '’' | '"' | ')' | '“') {
            cursor += 1;
        }
        if cursor >= chars.len() {
            boundary = text.len();
        } else if chars[cursor].1.is_whitespace() {
            let next_word = chars[cursor..].iter().find(|(_, c)| !c.is_whitespace());
            // The text may end right after the sentence (the quote mark was cut off).
            if next_word.is_none_or(|(_, c)| c.is_uppercase() || matches!(c, '“' | '‘' | '„' | '"'))
            {
                boundary = chars.get(cursor).map_or(*index + 1, |(offset, _)| *offset);
            }
        }
    }
    boundary
}

/// Returns the text right after the closing mark of the quote ending at `end`, where an
/// attribution such as ", zegt Jansen." would be.
pub fn text_after_quote<'a>(paragraphs: &[&'a str], end: Position) -> &'a str {
    let (paragraph_index, offset) = end;
    let paragraph = paragraphs[paragraph_index];
    let after_mark = paragraph[offset..]
        .char_indices()
        .nth(1)
        .map_or(paragraph.len(), |(index, _)| offset + index);
    &paragraph[after_mark..]
}

/// Finds the quoted stretches of a sequence of paragraphs, nested quotes excluded.
pub fn find_quotes(paragraphs: &[&str]) -> Vec<QuoteMatch> {
    let marks = marks_of(paragraphs);
    let mut found: Vec<(Position, Position)> = Vec::new();
    let mut open_double: Option<Position> = None;
    let mut open_double_straight = false;
    // The style of a double quote nested in the open one, until it closes.
    let mut nested_double: Option<bool> = None;
    let mut open_single: Option<(Position, bool)> = None;
    let mut last_end: Position = (0, 0);

    for (mark_index, mark) in marks.iter().enumerate() {
        // A double quote still open at the end of its paragraph ends there, unless the next
        // paragraph closes it before opening another.
        if let Some(start) = open_double
            && mark.position.0 > start.0
            && !closes_before_opening(&marks[mark_index..], Family::Double, start.0 + 1)
        {
            let end = (start.0, paragraphs[start.0].len());
            found.push((start, trim_end_position(paragraphs, end)));
            last_end = end;
            open_double = None;
            nested_double = None;
            open_single = None;
        }
        if let Some((start, false)) = open_single
            && mark.position.0 > start.0
        {
            open_single = None;
        }
        let inside = (mark.position.0, mark.position.1 + mark.width);
        match (mark.family, mark.role) {
            (Family::Double, MarkRole::Open)
                if open_double.is_some()
                    && nested_double.is_none()
                    && mark.straight != open_double_straight =>
            {
                nested_double = Some(mark.straight);
            }
            (Family::Double, MarkRole::Close) if nested_double == Some(mark.straight) => {
                nested_double = None;
            }
            (Family::Double, MarkRole::Open) => {
                open_double_straight = mark.straight;
                nested_double = None;
                if let Some(start) = open_double.take() {
                    let end = inferred_end(paragraphs, start, mark.position);
                    found.push((start, end));
                }
                open_single = None;
                open_double = Some(inside);
            }
            (Family::Double, MarkRole::Close) => {
                if let Some(start) = open_double.take() {
                    found.push((start, mark.position));
                } else if let Some(start) = inferred_start(paragraphs, last_end, mark.position) {
                    found.push((start, mark.position));
                }
                last_end = mark.position;
                open_single = None;
            }
            (Family::Single, MarkRole::Open) => {
                open_single = Some((inside, open_double.is_some()));
            }
            (Family::Single, MarkRole::Close) => match open_single.take() {
                Some((_, true)) => {}
                Some((start, false)) => {
                    found.push((start, mark.position));
                    last_end = mark.position;
                }
                None if open_double.is_none() => {
                    if let Some(start) = inferred_start(paragraphs, last_end, mark.position) {
                        found.push((start, mark.position));
                    }
                    last_end = mark.position;
                }
                None => {}
            },
        }
    }
    if let Some(start) = open_double {
        let end = (start.0, paragraphs[start.0].len());
        found.push((start, trim_end_position(paragraphs, end)));
    }
    found
        .into_iter()
        .filter_map(|(start, end)| {
            let quoted = text_between(paragraphs, start, end);
            let trimmed = quoted.trim();
            (!trimmed.is_empty()).then(|| QuoteMatch {
                start,
                end,
                text: trimmed.to_string(),
            })
        })
        .collect()
}

fn closes_before_opening(marks: &[Mark], family: Family, paragraph: usize) -> bool {
    for mark in marks.iter().filter(|mark| mark.family == family) {
        if mark.position.0 > paragraph {
            return false;
        }
        if mark.position.0 == paragraph {
            return mark.role == MarkRole::Close;
        }
    }
    false
}

fn trim_end_position(paragraphs: &[&str], end: Position) -> Position {
    let paragraph = paragraphs[end.0];
    (end.0, paragraph[..end.1].trim_end().len())
}

/// Returns the text between two positions, paragraphs joined by a space.
pub fn text_between(paragraphs: &[&str], start: Position, end: Position) -> String {
    if start.0 == end.0 {
        return paragraphs[start.0]
            .get(start.1..end.1.max(start.1))
            .unwrap_or_default()
            .to_string();
    }
    let mut parts = vec![&paragraphs[start.0][start.1..]];
    for paragraph in &paragraphs[start.0 + 1..end.0] {
        parts.push(paragraph);
    }
    parts.push(&paragraphs[end.0][..end.1]);
    parts.join(" ")
}

/// Where an unclosed quote ends, given that another quote opens at `next_open`: before an
/// attribution (", zegt Jansen."), else before the last sentence when that one reports speech
/// ("..., zo suggereert de regeling."), else right before the next quote.
fn inferred_end(paragraphs: &[&str], start: Position, next_open: Position) -> Position {
    if start.0 != next_open.0 {
        let end = (start.0, paragraphs[start.0].len());
        return trim_end_position(paragraphs, end);
    }
    let paragraph = paragraphs[start.0];
    let between = &paragraph[start.1..next_open.1];
    static TRAILING_ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
        let verbs = SPEECH_VERBS.join("|");
        Regex::new(&format!(
            r"[,]\s*(?i:{verbs})\s+[\p{{Lu}}\p{{Ll}}][^.,;:]*[.,:]?\s*$"
        ))
        .expect("trailing attribution regex is valid")
    });
    if let Some(found) = TRAILING_ATTRIBUTION.find(between) {
        return (start.0, start.1 + found.start());
    }
    let body = between.trim_end();
    let last_start = last_sentence_boundary(body.trim_end_matches(['.', '?', '!']));
    if last_start > 0 {
        let last_sentence = &body[last_start..];
        if text::words(last_sentence)
            .iter()
            .any(|word| is_speech_verb(word.text))
        {
            return (start.0, start.1 + body[..last_start].trim_end().len());
        }
    }
    (start.0, start.1 + body.len())
}

/// Where a quote whose opening mark is missing starts: at the start of the sentence that the
/// closing mark ends, but not before the previous quote's end.
fn inferred_start(paragraphs: &[&str], last_end: Position, close: Position) -> Option<Position> {
    let paragraph = paragraphs[close.0];
    // A paragraph that only closes a quote, right after a paragraph that ended one, goes on
    // with the same speech: the quote started at the paragraph start.
    let continues_previous = close.0 > 0
        && last_end.0 < close.0
        && paragraphs[close.0 - 1].trim_end().ends_with(['”', '"'])
        && !paragraph[..close.1].contains(['“', '”', '"', '‘', '„']);
    if continues_previous {
        return Some((close.0, paragraph.len() - paragraph.trim_start().len()));
    }
    let floor = if last_end.0 == close.0 { last_end.1 } else { 0 };
    let floor = paragraph[floor..close.1]
        .char_indices()
        .find(|(_, ch)| !matches!(ch, '’' | '”' | '“' | '‘' | '"') && !ch.is_whitespace())
        .map_or(close.1, |(index, _)| floor + index);
    let before = &paragraph[floor..close.1];
    // Within one paragraph, a quote that closed its own sentence ('… runtime." Binnen …') and
    // text with no mark of its own up to an orphan closing mark: the same speech goes on, as in
    // a layout that set two paragraphs of an answer as one.
    let previous_closed_sentence = last_end.0 == close.0
        && last_end.1 > 0
        && paragraph[..last_end.1]
            .trim_end_matches(['’', '”', '"', ' '])
            .ends_with(['.', '!', '?']);
    if previous_closed_sentence
        && !before.contains(['“', '”', '"', '‘', '„', '’'])
        && text::starts_uppercase(before)
        && text::words(before).len() >= 8
    {
        return Some((close.0, floor));
    }
    let sentence_start = floor + last_sentence_boundary(before);
    let sentence = paragraph[sentence_start..close.1].trim();
    (text::words(sentence).len() >= 4).then_some((close.0, sentence_start))
}

/// Returns whether a quoted stretch is speech rather than a scare quote, title or name.
///
/// Speech ends a sentence inside the marks, runs to eight words or more, or is attributed to a
/// speaker (`attributed`, "”, bekent Jansen") and runs to four; a stretch set mostly in
/// capitalised words is a title or name.
pub fn is_speech(quoted: &str, lead: &str, attributed: bool) -> bool {
    let words = text::words(quoted);
    if words.is_empty() {
        return false;
    }
    let has_sentence_end = quoted
        .trim_end_matches(['’', '”', '“', '"', '\''])
        .contains(['.', '?', '!', '…']);
    // A phrase quoted right after a speech verb and its speaker ("noemt hij “weerbarstig”",
    // "spreekt ze van een “historische stap”") is what that speaker said, however short.
    let lead_words = text::words(lead);
    let verb_right_before = lead_words
        .iter()
        .rev()
        .take(4)
        .any(|word| crate::vocabulary::is_speech_verb(word.text));
    let said_phrase =
        attributed && verb_right_before && !lead.trim_end().ends_with(['.', '?', '!']);
    if !(has_sentence_end || words.len() >= 8 || (attributed && words.len() >= 4) || said_phrase) {
        return false;
    }
    let capitalised = words
        .iter()
        .skip(1)
        .filter(|word| text::starts_uppercase(word.text))
        .count();
    if words.len() > 2 && capitalised * 10 >= (words.len() - 1) * 6 && !text::is_all_caps(quoted) {
        return false;
    }
    let naming_lead = text::words(lead)
        .iter()
        .rev()
        .take(2)
        .any(|word| NAMING_WORDS.contains(&word.text.to_lowercase().as_str()));
    !naming_lead || has_sentence_end
}

/// Words that announce a name or title rather than speech ("de titel ‘...’").
const NAMING_WORDS: &[&str] = &[
    "titel",
    "getiteld",
    "noemer",
    "genaamd",
    "naam",
    "thema",
    "motto",
    "slogan",
    "project",
    "programma",
    "lectoraat",
    "boek",
    "rapport",
    "term",
    "begrip",
    "woord",
    "kop",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<String> {
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        find_quotes(&paragraphs)
            .into_iter()
            .map(|quote| quote.text)
            .collect()
    }

    #[test]
    fn inline_quotes_with_attribution() {
        let text = "“Een regionaal verband is niet iets wat à la minute kan functioneren,” zegt Jansen. \
                    “Dat wordt bij subsidievoorwaarden wel vaak verwacht.”";
        assert_eq!(
            quotes(text),
            [
                "Een regionaal verband is niet iets wat à la minute kan functioneren,",
                "Dat wordt bij subsidievoorwaarden wel vaak verwacht."
            ]
        );
        let paragraphs = [text];
        let first = &find_quotes(&paragraphs)[0];
        assert!(text_after_quote(&paragraphs, first.end).starts_with(" zegt Jansen. “Dat"));
    }

    #[test]
    fn nested_quotes_belong_to_the_outer_quote() {
        let text =
            "“Regelmatig riepen we: ‘Hoho, wij zijn geen Brainport.’ De regio”, lacht Jansen.";
        assert_eq!(
            quotes(text),
            ["Regelmatig riepen we: ‘Hoho, wij zijn geen Brainport.’ De regio"]
        );
    }

    #[test]
    fn wrong_closing_mark_and_apostrophes() {
        // Fixture line 471 closes with “; "regio’s" and "zo’n" hold apostrophes.
        let text = "“Zo’n simpel gegeven voor regio’s helpt als hetzelfde.“ Daarna verder.";
        assert_eq!(
            quotes(text),
            ["Zo’n simpel gegeven voor regio’s helpt als hetzelfde."]
        );
    }

    #[test]
    fn missing_closing_mark_ends_before_the_attribution() {
        // Fixture lines 724-728.
        let text = "“Waarom eigenlijk niet onderwijs in the lead, te beginnen bij het vmbo?, zegt Jansen. \
                    “Het is een flinke klus om een plan te maken.”";
        assert_eq!(
            quotes(text),
            [
                "Waarom eigenlijk niet onderwijs in the lead, te beginnen bij het vmbo?",
                "Het is een flinke klus om een plan te maken."
            ]
        );
    }

    #[test]
    fn missing_closing_mark_ends_before_reported_narration() {
        // Fixture lines 710-724.
        let text = "“In één zinnetje luidt de boodschap: ‘Beste ouders, kom maar.’ Die betrouwbaarheid \
                    is waar je aan wilt werken. In Sterk Techniekonderwijs is het vmbo in the lead, zo \
                    suggereert de regeling. “Waarom eigenlijk niet?”";
        assert_eq!(
            quotes(text)[0],
            "In één zinnetje luidt de boodschap: ‘Beste ouders, kom maar.’ Die betrouwbaarheid is waar je aan wilt werken."
        );
    }

    #[test]
    fn missing_opening_mark_starts_at_the_sentence() {
        // Fixture lines 73-77.
        let text = "‘Ik ben konijnenhokbouwer.’ Laat de methode volgen op wat je teweeg wilt brengen’. \
                    En: ‘Probeer vooral het mechanisme te begrijpen.’";
        assert_eq!(
            quotes(text),
            [
                "Ik ben konijnenhokbouwer.",
                "Laat de methode volgen op wat je teweeg wilt brengen",
                "Probeer vooral het mechanisme te begrijpen."
            ]
        );
    }

    #[test]
    fn quote_open_at_paragraph_end_closes_there() {
        let text = "“Onderzoekend en lerend op pad.\n\n‘Bemiddelaar’, is misschien een te beperkte beschrijving.";
        assert_eq!(
            quotes(text),
            ["Onderzoekend en lerend op pad.", "Bemiddelaar"]
        );
    }

    #[test]
    fn a_quote_in_the_other_style_nests_in_the_open_one() {
        let text = "\"Het plan is klaar. Toen zei de wethouder: “dat kan echt niet zo”. Daarna begonnen we opnieuw.\"";
        assert_eq!(
            quotes(text),
            [
                "Het plan is klaar. Toen zei de wethouder: “dat kan echt niet zo”. Daarna begonnen we opnieuw."
            ]
        );
    }

    #[test]
    fn a_paragraph_that_only_closes_a_quote_continues_the_previous_one() {
        let text = "Lotte: \"We beginnen om acht uur met de eerste groep.\"\n\nDaarna komt de tweede groep. Die blijft tot de lunch.\"";
        assert_eq!(
            quotes(text),
            [
                "We beginnen om acht uur met de eerste groep.",
                "Daarna komt de tweede groep. Die blijft tot de lunch."
            ]
        );
    }

    #[test]
    fn an_orphan_closing_mark_continues_a_quote_closed_earlier_in_the_paragraph() {
        let text = "Lotte: \"We beginnen om acht uur.\" Daarna komt de tweede groep van de dag. Die blijft tot de lunch.\"";
        assert_eq!(
            quotes(text),
            [
                "We beginnen om acht uur.",
                "Daarna komt de tweede groep van de dag. Die blijft tot de lunch."
            ]
        );
        // After an attribution the narrative is not speech: only the closed sentence is.
        let attributed = "\"We beginnen om acht uur,\" zegt Lotte. Ze lacht erbij en kijkt naar buiten. Die blijft tot de lunch.\"";
        let found = quotes(attributed);
        assert_eq!(found[0], "We beginnen om acht uur,");
        assert!(
            found.iter().all(|quote| !quote.contains("Ze lacht")),
            "{found:?}"
        );
    }

    #[test]
    fn place_name_apostrophe_is_not_a_quote() {
        assert!(quotes("Postbus 1585, 5200 BP ‘s-Hertogenbosch en ’t dorp").is_empty());
    }

    #[test]
    fn scare_quotes_and_titles_are_not_speech() {
        assert!(!is_speech("ding", "De regio is een", false));
        assert!(!is_speech(
            "Toptechniek in bedrijf Noordoost-Brabant",
            "Jan Jansen, projectleider",
            false
        ));
        assert!(!is_speech(
            "Duurzame innovatie in de regionale kenniseconomie",
            "lector",
            false
        ));
        assert!(is_speech(
            "Dat klinkt wel erg als een konijnenhok!",
            "met de opmerking:",
            false
        ));
        assert!(is_speech(
            "Het is een beetje een vreemde gewaarwording",
            "",
            true
        ));
        assert!(is_speech(
            "Bespreek samen waar je instelling staat als het gaat om onderzoek",
            "met hun opdrachten:",
            false
        ));
    }

    #[test]
    fn a_short_phrase_after_a_speech_verb_and_its_speaker_is_speech() {
        assert!(is_speech(
            "onhaalbaar",
            "Het nieuwe rooster noemt ze ",
            true
        ));
        assert!(is_speech(
            "historische stap",
            "De wethouder spreekt van een ",
            true
        ));
        // Without a speaker the verb is not enough, and a named thing stays a name.
        assert!(!is_speech("onhaalbaar", "Het rooster noemt men ", false));
        assert!(!is_speech("Samen Sterk", "Het project heet ", true));
    }

    #[test]
    fn lead_in_and_previous_sentence() {
        let paragraph = "Het gaat er niet om. Esther Klaster, adviseur bij Common Eye: “Leren met en van elkaar.”";
        let paragraphs = [paragraph];
        let quote = &find_quotes(&paragraphs)[0];
        assert_eq!(
            lead_in(&paragraphs, quote.start),
            "Esther Klaster, adviseur bij Common Eye:"
        );
        assert_eq!(
            previous_sentence(&paragraphs, quote.start),
            "Het gaat er niet om."
        );
    }

    #[test]
    fn attribution_with_pronoun_and_particles() {
        let paragraphs =
            ["“We hebben het zo aangepakt”, vervolgt hij. “Zo”, zegt Han van Helmond."];
        let found = find_quotes(&paragraphs);
        use crate::ingest::extract::attribution::{Gender, SpeakerPhrase, clause_after};
        assert_eq!(
            clause_after(text_after_quote(&paragraphs, found[0].end)),
            Some(SpeakerPhrase::Pronoun(Gender::Male))
        );
        assert_eq!(
            clause_after(text_after_quote(&paragraphs, found[1].end)),
            Some(SpeakerPhrase::Name("Han van Helmond".to_string()))
        );
    }
}
