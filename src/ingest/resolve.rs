//! Resolve stage: the detectors' findings in segmented drafts become one resolved [`Issue`].
//!
//! Drafts carry raw strings; this stage resolves them the way a careful reader does, in order:
//!
//! 1. footnote markers are taken out of the running text and tied to their notes, which get
//!    complete URLs and the issue they cite ([`notes`]);
//! 2. the people book is filled from bylines, signatures, captions, credit lines, contributor
//!    lists, references and the running text, with the roles and organisations stated with them,
//!    and every mention of a person is found ([`book`]);
//! 3. quotes are attributed by sieves, most precise first, each recording its method and
//!    confidence; speaker phrases are resolved to people by name forms, pronouns by gender to
//!    the nearest compatible person, role nouns by role ([`speakers`]);
//! 4. articles are assembled with their quotes, notes, people, organisations and key phrases
//!    (this module).
//!
//! The detectors it calls are pure functions over text in [`crate::ingest::extract`].

pub mod book;
pub mod notes;
pub mod speakers;

use std::collections::HashMap;

use crate::ingest::extract::{key_phrases, organisations, people};
use crate::ingest::normalize::{JoinedText, Lexicon, NormalizedDocument};
use crate::ingest::read::IssueMetadata;
use crate::ingest::segment::{ArticleDraft, SegmentedIssue};
use crate::model::{
    Article, ArticleId, ArticleKind, Attribution, Footnote, Issue, IssueId, KeyPhrase, Mention,
    Organisation, Paragraph, PersonId, Quote, QuoteId, SourceSpan, slug,
};
use crate::text::{self, fold_key};
use book::{PeopleBook, collect_people, find_all_mentions};
use notes::{build_footnotes, take_markers};
use speakers::{attribute_quotes, genders_shown, pull_quotes, strip_quote_marks};

/// Builds the issue from its segmented drafts. `metadata` is what the source, its manifest and
/// the command line say about the issue.
pub fn build_issue(
    document: &NormalizedDocument,
    segmented: &SegmentedIssue,
    metadata: &IssueMetadata,
) -> Issue {
    let issue_id = issue_id(document, metadata);
    let lexicon = &document.lexicon;
    let mut articles: Vec<WorkArticle<'_>> = segmented
        .articles
        .iter()
        .map(|draft| WorkArticle::new(draft, lexicon))
        .collect();
    let markers = take_markers(&mut articles, segmented);
    let notes = build_footnotes(
        &issue_id,
        segmented,
        &articles,
        &markers,
        metadata.series.as_deref(),
    );
    let colophon_text = segmented
        .colophon
        .as_ref()
        .map(|colophon| colophon.text.as_str());

    let article_ids: Vec<ArticleId> = (1..=articles.len())
        .map(|ordinal| ArticleId::new(&issue_id, ordinal))
        .collect();
    let mut book = PeopleBook::default();
    collect_people(&mut book, &articles, segmented, &notes);
    let mentions = find_all_mentions(&book, &articles, &article_ids, segmented, &notes);
    for (person, mention) in &mentions {
        book.entries[*person].mentions.push(mention.clone());
    }
    let forms = book.name_forms();
    let gender_texts: Vec<&str> = articles
        .iter()
        .flat_map(|article| article.units().into_iter().map(|unit| unit.text.as_str()))
        .collect();
    let genders = genders_shown(&forms, &gender_texts);
    let mut quote_ordinal = 0;
    let mut built: Vec<Article> = Vec::new();
    for (index, work) in articles.iter().enumerate() {
        let article_id = &article_ids[index];
        let mut quotes = attribute_quotes(work, &book, &forms, &genders);
        quotes.extend(pull_quotes(work, &book, &forms, &quotes));
        quotes.sort_by_key(|quote| quote.span.first_line);
        let quotes: Vec<Quote> = quotes
            .into_iter()
            .map(|draft| {
                quote_ordinal += 1;
                Quote {
                    id: QuoteId::new(&issue_id, quote_ordinal),
                    text: draft.text,
                    kind: draft.kind,
                    speaker: draft.speaker.map(|person| book.id(person)),
                    speaker_description: draft.description,
                    attribution: draft.method.map(Attribution::of),
                    paragraph: draft.paragraph,
                    span: draft.span,
                }
            })
            .collect();
        let footnotes: Vec<Footnote> = notes
            .iter()
            .filter(|note| note.article == Some(index))
            .map(|note| note.footnote.clone())
            .collect();
        built.push(assemble_article(
            work, index, article_id, quotes, footnotes, &book, &mentions,
        ));
    }
    // Notes whose marker was not found go to the article they are printed in.
    for note in notes.iter().filter(|note| note.article.is_none()) {
        let line = note.footnote.span.first_line;
        let holder = built
            .iter()
            .rposition(|article| article.span.first_line <= line)
            .unwrap_or(0);
        if let Some(article) = built.get_mut(holder) {
            article.footnotes.push(note.footnote.clone());
        }
    }
    classify_articles(&mut built);
    set_pages(&mut built, document);

    let organisations = collect_organisations(&mut built, &book, colophon_text);
    let excluded = excluded_phrase_words(&book);
    // The issue's phrases are counted over the same texts as its articles': the sum of theirs.
    let mut issue_counts = key_phrases::PhraseCounts::default();
    for article in &mut built {
        let mut article_counts = key_phrases::PhraseCounts::default();
        article_counts.count_texts(&article_texts(article), &excluded);
        article.key_phrases = article_counts
            .top(10)
            .into_iter()
            .map(|phrase| phrase.phrase)
            .collect();
        issue_counts.add(article_counts);
    }
    let issue_phrases: Vec<KeyPhrase> = issue_counts.top(15);

    let contributors: Vec<PersonId> = book
        .entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| entry.contributor)
        .map(|(index, _)| book.id(index))
        .collect();
    let people = book.into_people(&built);
    let title = metadata
        .title
        .clone()
        .or_else(|| match (&metadata.series, metadata.number) {
            (Some(series), Some(number)) => Some(format!("{series} {number}")),
            _ => None,
        })
        .unwrap_or_else(|| issue_id.to_string());
    Issue {
        id: issue_id,
        series: metadata.series.clone(),
        number: metadata.number,
        year: metadata.year,
        month: metadata.month,
        title,
        source_path: document.path.clone(),
        source_format: document.format,
        articles: built,
        people,
        organisations,
        contributors,
        key_phrases: issue_phrases,
    }
}

/// Records the page of every span when the source has pages (form feeds, PDF pages).
pub(crate) fn set_pages(articles: &mut [Article], document: &NormalizedDocument) {
    let pages: HashMap<u32, u32> = document
        .lines
        .iter()
        .filter_map(|line| line.source.page.map(|page| (line.number(), page)))
        .collect();
    if pages.is_empty() {
        return;
    }
    let set = |span: &mut SourceSpan| span.page = pages.get(&span.first_line).copied();
    for article in articles {
        set(&mut article.span);
        article
            .paragraphs
            .iter_mut()
            .for_each(|paragraph| set(&mut paragraph.span));
        article
            .quotes
            .iter_mut()
            .for_each(|quote| set(&mut quote.span));
        article
            .footnotes
            .iter_mut()
            .for_each(|footnote| set(&mut footnote.span));
    }
}

pub(crate) fn issue_id(document: &NormalizedDocument, metadata: &IssueMetadata) -> IssueId {
    if let Some(id) = &metadata.id {
        return IssueId(slug(id));
    }
    let stem = std::path::Path::new(&document.path)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("issue");
    IssueId(slug(stem))
}

/// An article being resolved: its draft plus texts in readable case with markers removed.
pub(crate) struct WorkArticle<'a> {
    pub(crate) draft: &'a ArticleDraft,
    pub(crate) title: Option<String>,
    pub(crate) subtitle: Option<String>,
    pub(crate) standfirst: Option<JoinedText>,
    pub(crate) paragraphs: Vec<JoinedText>,
}

impl<'a> WorkArticle<'a> {
    pub(crate) fn new(draft: &'a ArticleDraft, lexicon: &Lexicon) -> Self {
        let readable = |text: &str| readable_case(text, lexicon);
        WorkArticle {
            draft,
            title: draft.title.as_deref().map(readable),
            subtitle: draft.subtitle.as_deref().map(readable),
            standfirst: draft.standfirst.as_ref().map(|standfirst| JoinedText {
                text: readable(&standfirst.text),
                line_starts: standfirst.line_starts.clone(),
            }),
            paragraphs: draft
                .paragraphs
                .iter()
                .map(|paragraph| paragraph.text.clone())
                .collect(),
        }
    }

    /// The texts of the article: standfirst first (unit 0 when present), then paragraphs.
    pub(crate) fn units(&self) -> Vec<&JoinedText> {
        self.standfirst
            .iter()
            .chain(self.paragraphs.iter())
            .collect()
    }

    pub(crate) fn unit_mut(&mut self, unit: usize) -> &mut JoinedText {
        if let Some(standfirst) = &mut self.standfirst {
            if unit == 0 {
                return standfirst;
            }
            return &mut self.paragraphs[unit - 1];
        }
        &mut self.paragraphs[unit]
    }

    /// Maps a unit index to the paragraph index (`None` for the standfirst).
    pub(crate) fn paragraph_of_unit(&self, unit: usize) -> Option<usize> {
        match self.standfirst {
            Some(_) if unit == 0 => None,
            Some(_) => Some(unit - 1),
            None => Some(unit),
        }
    }
}

/// Converts text printed in capitals to readable case, keeping names and abbreviations.
pub(crate) fn readable_case(text: &str, lexicon: &Lexicon) -> String {
    if !text::is_all_caps(text) {
        return text.to_string();
    }
    let caps_names: HashMap<String, String> = people::find_caps_names(text)
        .into_iter()
        .flat_map(|found| {
            found
                .name
                .split(' ')
                .map(|part| (part.to_uppercase(), part.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    text::sentence_case_with(text, &|word| spelling_of(word, lexicon, &caps_names))
}

/// The spelling of a word printed in capitals: as the document writes it elsewhere, as a name
/// found in the capitals, kept in capitals when it is an abbreviation ("HRM", "KW1C"), or `None`
/// (lowercase).
pub(crate) fn spelling_of(
    word: &str,
    lexicon: &Lexicon,
    caps_names: &HashMap<String, String>,
) -> Option<String> {
    // A footnote marker glued to a word ("TECHNIEKONDERWIJS2"): spell the word, keep the digits.
    let digits = word.len() - word.trim_end_matches(|ch: char| ch.is_ascii_digit()).len();
    let stem = &word[..word.len() - digits];
    if (1..=2).contains(&digits) && stem.chars().filter(|ch| ch.is_alphabetic()).count() >= 4 {
        let spelled = spelling_of(stem, lexicon, caps_names).unwrap_or_else(|| stem.to_lowercase());
        return Some(format!("{spelled}{}", &word[stem.len()..]));
    }
    if let Some(spelling) = lexicon.known_spelling(word) {
        return Some(spelling);
    }
    if let Some(spelling) = caps_names.get(word) {
        return Some(spelling.clone());
    }
    let letters: Vec<char> = word.chars().filter(|ch| ch.is_alphabetic()).collect();
    let has_digit = word.chars().any(|ch| ch.is_ascii_digit());
    let no_vowels = !letters
        .iter()
        .any(|ch| "AEIOUYÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ".contains(*ch));
    (has_digit || (letters.len() >= 2 && letters.len() <= 5 && no_vowels)).then(|| word.to_string())
}

pub(crate) fn first_sentence(text: &str) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (position, (index, ch)) in chars.iter().enumerate() {
        if !text::is_terminal_punctuation(*ch) {
            continue;
        }
        let mut cursor = position + 1;
        while cursor < chars.len() && matches!(chars[cursor].1, '’' | '”' | '"') {
            cursor += 1;
        }
        let at_end = cursor >= chars.len();
        let followed_by_space = chars.get(cursor).is_some_and(|(_, ch)| ch.is_whitespace());
        if at_end || followed_by_space {
            let end = chars.get(cursor).map_or(text.len(), |(offset, _)| *offset);
            return &text[..end.max(*index)];
        }
    }
    text
}

pub(crate) fn title_from_text(text: &str) -> String {
    let sentence = strip_quote_marks(first_sentence(text));
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() > 16 {
        format!("{} …", words[..12].join(" "))
    } else {
        sentence.to_string()
    }
}

pub(crate) fn assemble_article(
    work: &WorkArticle<'_>,
    index: usize,
    article_id: &ArticleId,
    quotes: Vec<Quote>,
    footnotes: Vec<Footnote>,
    book: &PeopleBook,
    mentions: &[(usize, Mention)],
) -> Article {
    let draft = work.draft;
    let title = work
        .title
        .clone()
        .or_else(|| {
            work.standfirst
                .as_ref()
                .map(|standfirst| title_from_text(&standfirst.text))
        })
        .or_else(|| {
            work.paragraphs
                .first()
                .map(|paragraph| title_from_text(&paragraph.text))
        })
        .unwrap_or_default();
    let authors: Vec<PersonId> = [&draft.byline, &draft.signature]
        .into_iter()
        .flatten()
        .filter_map(|block| book.find(&people::split_honorific(&block.name).1))
        .map(|person| book.id(person))
        .collect();
    let mut article_people: Vec<PersonId> = authors.clone();
    for (person, mention) in mentions {
        let id = book.id(*person);
        if mention.article.as_ref() == Some(article_id) && !article_people.contains(&id) {
            article_people.push(id);
        }
    }
    for quote in &quotes {
        if let Some(speaker) = &quote.speaker
            && !article_people.contains(speaker)
        {
            article_people.push(speaker.clone());
        }
    }
    let paragraphs: Vec<Paragraph> = work
        .paragraphs
        .iter()
        .zip(&draft.paragraphs)
        .map(|(text, paragraph)| Paragraph {
            text: text.text.clone(),
            subheading: paragraph.subheading,
            span: SourceSpan {
                first_line: text.first_line(),
                last_line: text.last_line(),
                page: None,
            },
        })
        .collect();
    let mut span = SourceSpan {
        first_line: draft.first_line,
        last_line: draft.last_line,
        page: None,
    };
    for quote in &quotes {
        span = span.union(quote.span);
    }
    Article {
        id: article_id.clone(),
        ordinal: u32::try_from(index + 1).unwrap_or(u32::MAX),
        kind: ArticleKind::Article,
        title,
        section: draft.section.clone(),
        subtitle: work.subtitle.clone(),
        standfirst: work
            .standfirst
            .as_ref()
            .map(|standfirst| standfirst.text.clone()),
        authors,
        subheadings: draft.subheadings.clone(),
        paragraphs,
        quotes,
        footnotes,
        people: article_people,
        organisations: Vec::new(),
        key_phrases: Vec::new(),
        span,
    }
}

/// Words that mark a report of an event.
pub(crate) const EVENT_WORDS: &[&str] = &[
    "conferentie",
    "pre-conferentie",
    "congres",
    "bijeenkomst",
    "symposium",
    "studiedag",
    "keynote",
    "workshop",
    "seminar",
    "webinar",
    "onderzoeksdag",
    "netwerkdag",
    "lezing",
];

/// Returns the kind a section label names, when it names one: publishers label their pieces
/// ("INTERVIEW", "Column", "Verslag", "Redactioneel"), and that statement beats any guess.
/// A label that names a section rather than a kind ("VOORAF", "HET MOMENT") gives none.
pub(crate) fn kind_from_label(label: &str) -> Option<ArticleKind> {
    let words: Vec<String> = text::words(label)
        .iter()
        .map(|word| word.text.to_lowercase())
        .collect();
    let names = |candidates: &[&str]| words.iter().any(|word| candidates.contains(&word.as_str()));
    if names(&["interview", "dubbelinterview", "vraaggesprek", "gesprek"]) {
        Some(ArticleKind::Interview)
    } else if names(&["column", "opinie", "commentaar"]) {
        Some(ArticleKind::Column)
    } else if names(&["verslag", "reportage", "congresverslag"]) {
        Some(ArticleKind::Report)
    } else if names(&[
        "redactioneel",
        "voorwoord",
        "editorial",
        "hoofdredactioneel",
    ]) {
        Some(ArticleKind::Editorial)
    } else if names(&["achtergrond", "feature", "dossier"]) {
        Some(ArticleKind::Feature)
    } else {
        None
    }
}

/// Decides each article's kind: from its section label when the label names a kind, else from
/// its shape (byline or signature, who is quoted, footnotes).
pub(crate) fn classify_articles(articles: &mut [Article]) {
    for (position, article) in articles.iter_mut().enumerate() {
        if let Some(kind) = article.section.as_deref().and_then(kind_from_label) {
            article.kind = kind;
            continue;
        }
        let mut counts: HashMap<&PersonId, usize> = HashMap::new();
        for quote in &article.quotes {
            if let Some(speaker) = &quote.speaker {
                *counts.entry(speaker).or_default() += 1;
            }
        }
        let attributed: usize = counts.values().sum();
        let dominant = counts.values().copied().max().unwrap_or(0);
        let speakers = counts.len();
        let lead = format!(
            "{} {}",
            article.standfirst.as_deref().unwrap_or_default(),
            article
                .paragraphs
                .first()
                .map_or("", |paragraph| paragraph.text.as_str())
        );
        let mentions_event = text::words(&lead)
            .iter()
            .any(|word| EVENT_WORDS.contains(&word.text.to_lowercase().as_str()));
        let signed = !article.authors.is_empty();
        // The one who does most of the talking is no author of the piece: an interview may
        // carry the interviewer's byline.
        let dominant_is_interviewee = counts
            .iter()
            .filter(|(_, count)| **count == dominant)
            .any(|(person, _)| !article.authors.contains(person));
        article.kind =
            if dominant >= 5 && dominant * 10 >= attributed * 7 && dominant_is_interviewee {
                ArticleKind::Interview
            } else if signed
                && position == 0
                && introduces_the_issue(&format!("{} {lead}", article.title))
            {
                ArticleKind::Editorial
            } else if signed && article.quotes.is_empty() {
                ArticleKind::Column
            } else if mentions_event {
                ArticleKind::Report
            } else if speakers >= 3 || article.footnotes.len() >= 3 {
                ArticleKind::Feature
            } else {
                ArticleKind::Article
            };
    }
}

/// Returns whether a text speaks of the issue it opens ("In dit nummer", "deze editie", "In
/// deze Dimensies"): what an editorial does.
fn introduces_the_issue(text: &str) -> bool {
    let words = text::words(text);
    words.windows(2).any(|pair| {
        let (first, second) = (pair[0].text.to_lowercase(), pair[1].text);
        matches!(first.as_str(), "dit" | "deze")
            && (matches!(
                second.to_lowercase().as_str(),
                "nummer" | "editie" | "uitgave" | "themanummer" | "aflevering"
            ) || text::starts_uppercase(second) && !text::is_all_caps(second))
    })
}

pub(crate) fn article_texts(article: &Article) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    // A title taken from the standfirst would count its words twice.
    let title_in_standfirst = article
        .standfirst
        .as_deref()
        .is_some_and(|standfirst| standfirst.contains(article.title.trim_end_matches(['…', ' '])));
    if !title_in_standfirst {
        texts.push(&article.title);
    }
    if let Some(subtitle) = &article.subtitle {
        texts.push(subtitle);
    }
    if let Some(standfirst) = &article.standfirst {
        texts.push(standfirst);
    }
    texts.extend(
        article
            .paragraphs
            .iter()
            .map(|paragraph| paragraph.text.as_str()),
    );
    texts
}

pub(crate) fn article_texts_owned(article: &Article) -> Vec<String> {
    article_texts(article)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Name words of people, kept out of key phrases.
pub(crate) fn excluded_phrase_words(book: &PeopleBook) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for entry in &book.entries {
        for word in entry.name.split_whitespace() {
            let key = fold_key(word);
            if !crate::ingest::names::is_particle(word) && !words.contains(&key) {
                words.push(key);
            }
        }
    }
    words
}

pub(crate) fn collect_organisations(
    articles: &mut [Article],
    book: &PeopleBook,
    colophon: Option<&str>,
) -> Vec<Organisation> {
    let mut found: Vec<Organisation> = Vec::new();
    let add = |name: &str, acronym: Option<String>, found: &mut Vec<Organisation>| {
        let (name, split_acronym) = organisations::split_acronym(name);
        let acronym = acronym.or(split_acronym);
        let is_person = book.find(&name).is_some();
        if name.is_empty() || is_person {
            return;
        }
        match found
            .iter_mut()
            .find(|known| fold_key(&known.name) == fold_key(&name))
        {
            Some(known) => {
                if known.acronym.is_none() {
                    known.acronym = acronym;
                }
            }
            None => found.push(Organisation {
                name,
                acronym,
                articles: Vec::new(),
            }),
        }
    };
    for entry in &book.entries {
        for organisation in &entry.organisations {
            add(organisation, None, &mut found);
        }
    }
    let mut texts: Vec<String> = articles.iter().flat_map(article_texts_owned).collect();
    texts.extend(colophon.map(str::to_string));
    for text in &texts {
        for organisation in organisations::find_organisations(text) {
            add(&organisation.name, organisation.acronym, &mut found);
        }
    }
    for organisation in &mut found {
        for article in articles.iter_mut() {
            let named = article_texts(article)
                .iter()
                .any(|text| text.contains(&organisation.name))
                || article
                    .quotes
                    .iter()
                    .any(|quote| quote.text.contains(&organisation.name));
            if named {
                organisation.articles.push(article.id.clone());
                article.organisations.push(organisation.name.clone());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::PeopleBook;
    use crate::ingest::extract_text;
    use crate::ingest::read::IssueMetadata;

    #[test]
    fn a_label_that_names_a_kind_decides_it() {
        use crate::model::ArticleKind;
        assert_eq!(
            super::kind_from_label("INTERVIEW"),
            Some(ArticleKind::Interview)
        );
        assert_eq!(super::kind_from_label("Column"), Some(ArticleKind::Column));
        assert_eq!(super::kind_from_label("VERSLAG"), Some(ArticleKind::Report));
        assert_eq!(
            super::kind_from_label("Redactioneel"),
            Some(ArticleKind::Editorial)
        );
        // A section name is not a kind.
        assert_eq!(super::kind_from_label("VOORAF"), None);
        assert_eq!(super::kind_from_label("HET MOMENT"), None);
    }

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        let issue = extract_text("test.txt", text, &IssueMetadata::default());
        issue
            .quotes()
            .map(|(_, quote)| {
                let speaker = quote
                    .speaker
                    .as_ref()
                    .and_then(|id| issue.person(id))
                    .map(|person| person.name.clone());
                (quote.text.clone(), speaker)
            })
            .collect()
    }

    #[test]
    fn speaker_named_before_the_quote() {
        let found = speakers(
            "Esther Klaster is adviseur. Het gaat er niet om die verschillen weg te poetsen. \
             Klaster: “Aan het begin veel investeren in gezamenlijke taal komt de samenwerking ten goede.”",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.as_deref(), Some("Esther Klaster"));
    }

    #[test]
    fn speaker_named_only_by_a_pronoun() {
        let found = speakers(
            "Volgens Marieke Dekker, directeur van het Noorderpoort, is het werk nooit af. \
             “We beginnen elk jaar opnieuw met de planning van de stages”, zegt ze.",
        );
        assert_eq!(
            found,
            [(
                "We beginnen elk jaar opnieuw met de planning van de stages".to_string(),
                Some("Marieke Dekker".to_string())
            )]
        );
    }

    #[test]
    fn unknown_given_name_found_through_the_role() {
        let found = speakers(
            "Quirijn Bolwerk, lector techniek bij Hogeschool Utrecht, ziet het anders: \
             “Het gaat niet om de regeling maar om de mensen die het samen doen.”",
        );
        assert_eq!(found[0].1.as_deref(), Some("Quirijn Bolwerk"));
        let issue = extract_text(
            "test.txt",
            "Quirijn Bolwerk, lector techniek bij Hogeschool Utrecht, ziet het.",
            &IssueMetadata::default(),
        );
        assert_eq!(
            issue.people[0].roles,
            ["lector techniek bij Hogeschool Utrecht"]
        );
        assert_eq!(issue.people[0].organisations, ["Hogeschool Utrecht"]);
    }

    fn methods(
        text: &str,
    ) -> Vec<(
        Option<String>,
        Option<crate::model::AttributionMethod>,
        Option<String>,
    )> {
        let issue = extract_text("test.txt", text, &IssueMetadata::default());
        issue
            .quotes()
            .map(|(_, quote)| {
                let speaker = quote
                    .speaker
                    .as_ref()
                    .and_then(|id| issue.person(id))
                    .map(|person| person.name.clone());
                (
                    speaker,
                    quote.attribution.map(|attribution| attribution.method),
                    quote.speaker_description.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn surname_after_a_party_role_is_a_person_and_the_speaker() {
        use crate::model::AttributionMethod::SpeechVerb;
        let text = "“De scholen krijgen te weinig geld voor de begeleiding”, zegt CDA-Kamerlid Van der Molen. \
                    Minister Dekkers reageert later.";
        let found = methods(text);
        assert_eq!(
            found,
            [(Some("Van der Molen".to_string()), Some(SpeechVerb), None)]
        );
        let issue = extract_text("test.txt", text, &IssueMetadata::default());
        let person = issue
            .people
            .iter()
            .find(|person| person.name == "Van der Molen")
            .expect("person");
        assert_eq!(person.roles, ["CDA-Kamerlid"]);
    }

    #[test]
    fn an_editorial_speaks_of_the_issue_it_opens() {
        assert!(super::introduces_the_issue(
            "In dit nummer vertellen docenten over hun werk."
        ));
        assert!(super::introduces_the_issue(
            "Deze Dimensies gaat over samenwerking."
        ));
        assert!(!super::introduces_the_issue(
            "Deze school werkt samen met dit bedrijf."
        ));
        assert!(!super::introduces_the_issue("DEZE WEEK IN HET NIEUWS"));
    }

    #[test]
    fn an_interview_with_a_byline_is_an_interview() {
        use crate::model::ArticleKind;
        let answers = [
            "Ik begon hier als stagiair bij de afdeling techniek",
            "Het werk met leerlingen geeft mij elke dag energie",
            "We leren het meest van de bedrijven in de regio",
            "De school moet ruimte geven aan nieuwe ideeën",
            "Samen met de docenten maken we het programma",
        ];
        let mut text = String::from(
            "Werken in de techniek\n\nDoor Anna de Groot\n\n\
             Joris Verbeek is docent bij het Techniekcollege en vertelt over zijn werk.\n\n",
        );
        for answer in answers {
            text.push_str(&format!("“{answer}”, zegt Verbeek.\n\n"));
        }
        let issue = extract_text("test.txt", &text, &IssueMetadata::default());
        assert_eq!(issue.articles.len(), 1);
        let author = issue.person(&issue.articles[0].authors[0]).expect("author");
        assert_eq!(author.name, "Anna de Groot");
        assert_eq!(issue.articles[0].kind, ArticleKind::Interview);
    }

    #[test]
    fn the_interviewee_speaks_the_answers_no_one_is_named_for() {
        use crate::model::AttributionMethod::{Interviewee, Label};
        let answers = [
            "Ik begon hier als stagiair bij de afdeling techniek.",
            "Het werk met leerlingen geeft mij elke dag energie.",
            "We leren het meest van de bedrijven in de regio.",
            "De school moet ruimte geven aan nieuwe ideeën.",
            "Samen met de docenten maken we het programma.",
        ];
        let mut text =
            String::from("Een gesprek met Joris Verbeek en Anna de Groot over de school.\n\n");
        for answer in answers {
            text.push_str(&format!("Verbeek: “{answer}”\n\n"));
        }
        text.push_str(
            "Wat is de volgende stap?\n\n“Een tweede locatie in de stad, met meer ruimte.”",
        );
        let found = methods(&text);
        assert_eq!(found.len(), 6);
        assert!(found[..5].iter().all(|(speaker, method, _)| {
            speaker.as_deref() == Some("Joris Verbeek") && *method == Some(Label)
        }));
        assert_eq!(
            found[5],
            (Some("Joris Verbeek".to_string()), Some(Interviewee), None)
        );
    }

    #[test]
    fn a_pull_quote_without_credit_takes_the_speaker_of_the_words_it_repeats() {
        use crate::model::{AttributionMethod::Repeated, QuoteKind};
        let text = "Een lange regel met tekst die de kolom vult, zegt hij vandaag.\n\n\
                    “Wie samen leert, blijft langer bij de les en haalt vaker een diploma”, zegt \n\n\
                    docent Karel Smit van het Noordercollege, die het project leidt.\n\n\
                    “Wie samen leert, \n\nblijft langer bij \n\nde les en haalt \n\nvaker een diploma”\n\n\
                    De volgende lange regel met tekst die de kolom ook helemaal vult.";
        let issue = extract_text("test.txt", text, &IssueMetadata::default());
        let pull = issue
            .quotes()
            .map(|(_, quote)| quote)
            .find(|quote| quote.kind == QuoteKind::Pull)
            .expect("a pull quote");
        let speaker = pull.speaker.as_ref().and_then(|id| issue.person(id));
        assert_eq!(
            speaker.map(|person| person.name.as_str()),
            Some("Karel Smit")
        );
        assert_eq!(pull.attribution.map(|a| a.method), Some(Repeated));
    }

    #[test]
    fn a_portrait_of_one_person_quotes_that_person() {
        use crate::model::AttributionMethod::OnlyPerson;
        let text = "Wat telt in de klas\n\n\
                    Karel Smit is vicevoorzitter van de Lerarenbond. We spraken hem over toetsen. \
                    ‘Een cijfer zegt weinig over wat een leerling echt kan en wil leren.’\n\n\
                    Wat moet er anders?\n\n\
                    ‘Minder toetsen en meer gesprekken met de leerling zelf over het werk.’";
        let found = methods(text);
        assert_eq!(
            found,
            [
                (Some("Karel Smit".to_string()), Some(OnlyPerson), None),
                (Some("Karel Smit".to_string()), Some(OnlyPerson), None)
            ]
        );
        let issue = extract_text("test.txt", text, &IssueMetadata::default());
        assert_eq!(issue.articles[0].title, "Wat telt in de klas");
        assert_eq!(issue.people[0].roles, ["vicevoorzitter van de Lerarenbond"]);
    }

    #[test]
    fn a_quote_of_someone_unnamed_is_not_the_only_persons() {
        let found = speakers(
            "Karel Smit leidt de school al tien jaar en ziet het aantal leerlingen groeien. \
             Een ouder op het plein zei het zo: ‘We kiezen deze school om de kleine klassen.’",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn labels_of_an_interview_resolve_by_given_name() {
        use crate::model::AttributionMethod::Label;
        let found = methods(
            "We spraken met Joris Verbeek en Anna de Groot over hun werk.\n\n\
             Joris: “Ik begon hier drie jaar geleden als stagiair bij de afdeling.”\n\n\
             Anna: “Voor mij was het de eerste baan na mijn studie in Delft.”",
        );
        assert_eq!(
            found,
            [
                (Some("Joris Verbeek".to_string()), Some(Label), None),
                (Some("Anna de Groot".to_string()), Some(Label), None)
            ]
        );
    }

    #[test]
    fn a_quote_continued_in_the_next_paragraph_keeps_its_speaker() {
        use crate::model::AttributionMethod::{Continuation, SpeechVerb};
        let found = methods(
            "“We hebben de roosters helemaal omgegooid”, vertelt Fenna Wolters. Het was een lange zomer.\n\n\
             “Nu begint elke dag met een half uur lezen in de klas.”",
        );
        assert_eq!(
            found,
            [
                (Some("Fenna Wolters".to_string()), Some(SpeechVerb), None),
                (Some("Fenna Wolters".to_string()), Some(Continuation), None)
            ]
        );
    }

    #[test]
    fn a_pronoun_goes_to_the_nearest_person_of_its_gender() {
        use crate::model::AttributionMethod::Pronoun;
        // The text shows Ilse is "ze" and Bram is "hij"; "zegt ze" skips Bram, named last.
        let found = methods(
            "Directeur Ilse Kramer leidt de school sinds maart. Ze kent elk kind bij naam. \
             Docent Bram Hoekstra geeft er gym. Hij is er al twintig jaar. \
             “Het gebouw is veel te klein voor zoveel leerlingen”, zegt ze.",
        );
        assert_eq!(
            found,
            [(Some("Ilse Kramer".to_string()), Some(Pronoun), None)]
        );
    }

    #[test]
    fn a_role_noun_goes_to_the_person_holding_the_role() {
        use crate::model::AttributionMethod::RoleNoun;
        let found = methods(
            "We spraken met onderzoeker en hoogleraar Mirjam Sneek. Er is ook een rapport. \
             “Dat het werkt, is nooit aangetoond in een echte klas”, aldus de hoogleraar.",
        );
        assert_eq!(
            found,
            [(Some("Mirjam Sneek".to_string()), Some(RoleNoun), None)]
        );
    }

    #[test]
    fn an_unnamed_speaker_keeps_the_description() {
        use crate::model::AttributionMethod::SpeechVerb;
        let found = methods(
            "“We onderzoeken wat er precies is misgegaan bij de inschrijving”, zegt een woordvoerder van de gemeente.",
        );
        assert_eq!(
            found,
            [(
                None,
                Some(SpeechVerb),
                Some("een woordvoerder van de gemeente".to_string())
            )]
        );
    }

    #[test]
    fn a_credit_line_under_a_quote_names_its_speaker() {
        use crate::model::AttributionMethod::CreditLine;
        let found = methods(
            "Tessa Brouwer, coördinator bij het roc, maakt de roosters.\n\n\
             “Een goed rooster is een rooster dat niemand merkt.”\n\n\
             — Tessa, planner bij het roc",
        );
        assert_eq!(
            found,
            [(Some("Tessa Brouwer".to_string()), Some(CreditLine), None)]
        );
    }

    #[test]
    fn a_pupil_by_age_and_first_name_speaks_after_a_colon() {
        use crate::model::AttributionMethod::SpeechVerb;
        let found = methods(
            "Op deze school krijgen de leerlingen geen huiswerk meer. Daan (14) vertelt: ‘Ik heb nu veel meer tijd voor sport.’",
        );
        assert_eq!(found, [(Some("Daan".to_string()), Some(SpeechVerb), None)]);
    }

    #[test]
    fn a_given_name_known_first_becomes_the_full_name() {
        // A caption names "Joris" before the text gives the full name: one person.
        let mut book = PeopleBook::default();
        let caption = book.add("Joris", None).expect("a name");
        let full = book.add("Joris van Dijk", None).expect("a name");
        assert_eq!(caption, full);
        assert_eq!(book.entries[full].name, "Joris van Dijk");
        assert_eq!(book.add("Van Dijk", None), Some(full));
    }

    #[test]
    fn quote_of_an_unnamed_speaker_has_no_speaker() {
        let found = speakers(
            "Jan Jansen leidt het project. Een docent die achteraan zat, riep tijdens de bijeenkomst: \
             ‘Dat hebben we toch al eens geprobeerd!’",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn an_html_article_page_is_extracted_like_text() {
        let html = r#"<html><head><meta name="dimensies:series" content="Dimensies">
            <meta name="dimensies:number" content="33"><meta name="dimensies:year" content="2019"></head>
            <body><article><div class="label">HET MOMENT</div><h1>Elkaar vinden en niet meer loslaten</h1>
            <p class="standfirst">Een gesprek met Jan Jansen, projectleider bij KW1C, over de regio.</p>
            <p>De regio is een ding, zegt men.<sup>1</sup></p><h2>Aan elkaar knopen</h2>
            <p>“Een regionaal verband is niet iets wat à la minute kan functioneren,” zegt Jansen.</p>
            <blockquote>“Hoe breng je de leerling verder in plaats van concurrerend?”</blockquote>
            <ol class="footnotes"><li>Zie ook Dimensies 32, maart 2018. https://ecbo.nl/d32.pdf</li></ol>
            </article></body></html>"#;
        let document = crate::ingest::read::read_html("moment.html", html);
        let issue = crate::ingest::extract_issue(&document, &IssueMetadata::default());
        assert_eq!(
            (issue.series.as_deref(), issue.number, issue.year),
            (Some("Dimensies"), Some(33), Some(2019))
        );
        assert_eq!(issue.articles.len(), 1);
        let article = &issue.articles[0];
        assert_eq!(article.title, "Elkaar vinden en niet meer loslaten");
        assert_eq!(article.section.as_deref(), Some("HET MOMENT"));
        assert_eq!(article.subheadings, ["Aan elkaar knopen"]);
        assert_eq!(article.paragraphs.len(), 2);
        assert_eq!(
            article.paragraphs[0].text,
            "De regio is een ding, zegt men."
        );
        let jansen = issue
            .people
            .iter()
            .find(|person| person.name == "Jan Jansen")
            .expect("Jan Jansen");
        assert_eq!(jansen.roles, ["projectleider bij KW1C"]);
        let inline = article
            .quotes
            .iter()
            .find(|quote| quote.kind == crate::model::QuoteKind::Inline)
            .unwrap();
        assert_eq!(inline.speaker, Some(jansen.id.clone()));
        assert!(
            article
                .quotes
                .iter()
                .any(|quote| quote.kind == crate::model::QuoteKind::Pull)
        );
        let note = &article.footnotes[0];
        assert_eq!(note.urls, ["https://ecbo.nl/d32.pdf"]);
        assert_eq!(note.cites.as_ref().map(|cites| cites.number), Some(32));
        assert_eq!(
            note.marker.as_ref().map(|marker| marker.word.as_str()),
            Some("men")
        );
    }

    #[test]
    fn a_byline_of_titles_only_is_not_a_person() {
        // Regression: an HTML byline "Dr." named nobody and crashed the name index.
        let html = r#"<html><body><article><p class="byline">Dr.</p><h1>Titel</h1>
            <p>Jan Jansen zegt: “Dit is een citaat dat lang genoeg is om mee te tellen.”</p></article></body></html>"#;
        let document = crate::ingest::read::read_html("byline.html", html);
        let issue = crate::ingest::extract_issue(&document, &IssueMetadata::default());
        assert!(issue.people.iter().all(|person| !person.name.is_empty()));
        assert_eq!(
            issue.articles[0].authors,
            Vec::<crate::model::PersonId>::new()
        );
    }

    #[test]
    fn footnote_numbers_may_start_again_in_each_article() {
        let text = "Het eerste artikel gaat over de regio en over het woord1 dat een noot heeft.\n\n\
                    1  Zie https://example.org/eerste\n\n\
                    Joost Franssen\n\nProgrammamanager\n\n\
                    Het tweede artikel gaat over stages en over een ander begrip1 met een eigen noot.\n\n\
                    1  Zie https://example.org/tweede";
        let issue = extract_text("noten.txt", text, &IssueMetadata::default());
        let notes: Vec<(usize, &str, &str)> = issue
            .articles
            .iter()
            .enumerate()
            .flat_map(|(index, article)| {
                article.footnotes.iter().map(move |note| {
                    (
                        index,
                        note.urls[0].as_str(),
                        note.marker
                            .as_ref()
                            .map_or("", |marker| marker.word.as_str()),
                    )
                })
            })
            .collect();
        assert_eq!(
            notes,
            [
                (0, "https://example.org/eerste", "woord"),
                (1, "https://example.org/tweede", "begrip")
            ]
        );
    }

    #[test]
    fn pages_are_recorded_when_the_source_has_them() {
        let text = "Eerste pagina met tekst die doorloopt tot het einde van de regel.\n\u{c}Jan Jansen, projectleider bij het ROC, \
                    zegt: “Dit is een citaat van meer dan acht woorden lang hier.”";
        let issue = extract_text("pages.txt", text, &IssueMetadata::default());
        let (_, quote) = issue.quotes().next().expect("a quote");
        assert_eq!(quote.span.page, Some(2));
    }
}
