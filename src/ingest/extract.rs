//! Extract and model stages: segmented drafts become a resolved [`Issue`].
//!
//! Drafts carry raw strings; this stage resolves them the way a careful reader does, in order:
//!
//! 1. footnote markers are taken out of the running text and tied to their notes, which get
//!    complete URLs and the issue they cite ([`footnotes`]);
//! 2. people are collected from bylines, signatures, captions, contributor lists, references and
//!    the running text, with the roles and organisations stated with them ([`people`]);
//! 3. every mention of a person — full name, surname, "Van Helmond" — is found;
//! 4. quotes are found and attributed: a speaker named after the quote, in its lead-in, in the
//!    sentence before, or the speaker of the quote it continues; a pronoun ("vervolgt hij") is the
//!    speaker already talking; in an interview the interviewee speaks unless the text says
//!    otherwise; a quote whose speaker the text leaves open has none ([`quotes`]);
//! 5. organisations and key phrases are listed ([`organisations`], [`key_phrases`]).

pub mod attribution;
pub mod footnotes;
pub mod key_phrases;
pub mod organisations;
pub mod people;
pub mod quotes;

use std::collections::HashMap;

use crate::ingest::normalize::{JoinedText, Lexicon, NormalizedDocument};
use crate::ingest::read::IssueMetadata;
use crate::ingest::segment::{ArticleDraft, NameBlock, SegmentedIssue};
use crate::model::{
    Article, ArticleId, ArticleKind, Attribution, AttributionMethod, Footnote, FootnoteId,
    FootnoteMarker, Issue, IssueId, KeyPhrase, Mention, Organisation, Paragraph, Person, PersonId,
    Quote, QuoteId, QuoteKind, SourceSpan, slug,
};
use crate::text::{self, fold_key};

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
    for article in &mut built {
        let texts = article_texts(article);
        article.key_phrases = key_phrases::key_phrases(&texts, &excluded, 10)
            .into_iter()
            .map(|phrase| phrase.phrase)
            .collect();
    }
    let all_texts: Vec<String> = built.iter().flat_map(article_texts_owned).collect();
    let all_refs: Vec<&str> = all_texts.iter().map(String::as_str).collect();
    let issue_phrases: Vec<KeyPhrase> = key_phrases::key_phrases(&all_refs, &excluded, 15);

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
fn set_pages(articles: &mut [Article], document: &NormalizedDocument) {
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

fn issue_id(document: &NormalizedDocument, metadata: &IssueMetadata) -> IssueId {
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
struct WorkArticle<'a> {
    draft: &'a ArticleDraft,
    title: Option<String>,
    subtitle: Option<String>,
    standfirst: Option<JoinedText>,
    paragraphs: Vec<JoinedText>,
}

impl<'a> WorkArticle<'a> {
    fn new(draft: &'a ArticleDraft, lexicon: &Lexicon) -> Self {
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
    fn units(&self) -> Vec<&JoinedText> {
        self.standfirst
            .iter()
            .chain(self.paragraphs.iter())
            .collect()
    }

    fn unit_mut(&mut self, unit: usize) -> &mut JoinedText {
        if let Some(standfirst) = &mut self.standfirst {
            if unit == 0 {
                return standfirst;
            }
            return &mut self.paragraphs[unit - 1];
        }
        &mut self.paragraphs[unit]
    }

    /// Maps a unit index to the paragraph index (`None` for the standfirst).
    fn paragraph_of_unit(&self, unit: usize) -> Option<usize> {
        match self.standfirst {
            Some(_) if unit == 0 => None,
            Some(_) => Some(unit - 1),
            None => Some(unit),
        }
    }
}

/// Converts text printed in capitals to readable case, keeping names and abbreviations.
fn readable_case(text: &str, lexicon: &Lexicon) -> String {
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
fn spelling_of(
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

/// Where a footnote's marker was found: article, unit, offset, line, word.
struct MarkerPlace {
    article: usize,
    unit: usize,
    offset: usize,
    line: u32,
    word: String,
}

/// Removes the footnote markers from the running text and returns where each note's marker was,
/// keyed by the note's position in the issue (numbers may start again in each article).
/// Markers are searched in reading order from the previous one.
fn take_markers(
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

fn search_marker(
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

fn remove_range(joined: &mut JoinedText, start: usize, end: usize) {
    joined.text.replace_range(start..end, "");
    let removed = end - start;
    for (offset, _) in &mut joined.line_starts {
        if *offset > start {
            *offset = offset.saturating_sub(removed).max(start);
        }
    }
}

/// A footnote with the article its marker is in.
struct NoteWork {
    footnote: Footnote,
    article: Option<usize>,
}

fn build_footnotes(
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

/// A person being collected.
#[derive(Debug, Clone, Default)]
struct PersonEntry {
    name: String,
    honorific: Option<String>,
    roles: Vec<String>,
    organisations: Vec<String>,
    contributor: bool,
    cited: bool,
    mentions: Vec<Mention>,
}

/// The people of an issue with lookup by name and surname.
#[derive(Debug, Default)]
struct PeopleBook {
    entries: Vec<PersonEntry>,
}

impl PeopleBook {
    fn id(&self, index: usize) -> PersonId {
        PersonId::from_name(&self.entries[index].name)
    }

    fn find(&self, name: &str) -> Option<usize> {
        let key = slug(name);
        self.entries
            .iter()
            .position(|entry| slug(&entry.name) == key)
    }

    /// Adds a person (or finds them); `None` when `name` has no letters to name anyone by (a
    /// byline holding only "Dr.").
    fn add(&mut self, name: &str, honorific: Option<&str>) -> Option<usize> {
        if slug(name).is_empty() {
            tracing::warn!(name, "a name without letters is not a person");
            return None;
        }
        let index = match self.find(name).or_else(|| self.merge(name)) {
            Some(index) => index,
            None => {
                self.entries.push(PersonEntry {
                    name: name.to_string(),
                    ..PersonEntry::default()
                });
                self.entries.len() - 1
            }
        };
        if let Some(honorific) = honorific {
            self.entries[index]
                .honorific
                .get_or_insert_with(|| honorific.to_string());
        }
        Some(index)
    }

    /// Finds the person a partial or fuller name refers to: a surname or given name alone
    /// ("Woudenberg", "Van Meenen") is the one person known by it; a full name whose surname was
    /// known alone ("Laurens Woudenberg" after "Woudenberg") renames that person.
    fn merge(&mut self, name: &str) -> Option<usize> {
        let words: Vec<String> = name.split_whitespace().map(fold_key).collect();
        let surname = surname_words(name);
        let surname_only = words.len() == 1 || surname.len() == words.len();
        if surname_only {
            let known: Vec<usize> = (0..self.entries.len())
                .filter(|&index| {
                    let entry = &self.entries[index].name;
                    let entry_words: Vec<String> = entry.split_whitespace().map(fold_key).collect();
                    entry_words.len() > words.len()
                        && (surname_words(entry) == words
                            || entry_words.last() == words.last() && words.len() == 1
                            || entry_words.first() == words.first() && words.len() == 1)
                })
                .collect();
            return (known.len() == 1).then(|| known[0]);
        }
        let known: Vec<usize> = (0..self.entries.len())
            .filter(|&index| {
                let entry_words: Vec<String> = self.entries[index]
                    .name
                    .split_whitespace()
                    .map(fold_key)
                    .collect();
                entry_words.len() < words.len()
                    && (entry_words == surname
                        || entry_words.len() == 1 && words.last() == entry_words.last())
            })
            .collect();
        if known.len() != 1 {
            return None;
        }
        self.entries[known[0]].name = name.to_string();
        Some(known[0])
    }

    fn add_role(&mut self, index: usize, role: &str) {
        let role = people::normalize_role_case(role.trim());
        if role.is_empty() {
            return;
        }
        let roles = &mut self.entries[index].roles;
        let key = fold_key(&role);
        if roles.iter().any(|known| fold_key(known).starts_with(&key)) {
            return;
        }
        roles.retain(|known| !key.starts_with(&fold_key(known)));
        roles.push(role);
    }

    fn add_organisation(&mut self, index: usize, organisation: &str) {
        let (name, _) = organisations::split_acronym(organisation);
        let organisations = &mut self.entries[index].organisations;
        if !organisations
            .iter()
            .any(|known| fold_key(known) == fold_key(&name))
        {
            organisations.push(name);
        }
    }

    /// The word sequences (folded) by which each person can be named: the full name, and —
    /// when no one else shares it — the surname with and without particles.
    fn name_forms(&self) -> Vec<(usize, Vec<String>, bool)> {
        let mut forms: Vec<(usize, Vec<String>, bool)> = Vec::new();
        let mut surname_counts: HashMap<Vec<String>, usize> = HashMap::new();
        let mut surname_forms: Vec<(usize, Vec<String>)> = Vec::new();
        for (index, entry) in self.entries.iter().enumerate() {
            let words: Vec<String> = entry.name.split_whitespace().map(fold_key).collect();
            if words.is_empty() {
                continue;
            }
            forms.push((index, words.clone(), false));
            let given_count = entry
                .name
                .split_whitespace()
                .take_while(|word| !crate::ingest::names::is_particle(word))
                .count()
                .min(words.len() - 1);
            let with_particles = words[given_count..].to_vec();
            let bare = vec![words[words.len() - 1].clone()];
            // The given name alone ("vertelt Pauline", "Mark: “…”"), when it is one.
            let first_word = entry.name.split_whitespace().next().unwrap_or_default();
            let has_given_name = given_count > 0
                && !crate::ingest::names::is_initial(first_word)
                && first_word.chars().count() > 1;
            let given = if has_given_name {
                vec![words[0].clone()]
            } else {
                Vec::new()
            };
            for surname in [with_particles, bare, given] {
                if surname.is_empty() {
                    continue;
                }
                if !surname_forms
                    .iter()
                    .any(|(known, form)| *known == index && *form == surname)
                {
                    *surname_counts.entry(surname.clone()).or_default() += 1;
                    surname_forms.push((index, surname));
                }
            }
        }
        for (index, surname) in surname_forms {
            if surname_counts.get(&surname) == Some(&1) {
                forms.push((index, surname, true));
            }
        }
        // Longest forms first, so "Han van Helmond" wins over "Van Helmond".
        forms.sort_by_key(|form| std::cmp::Reverse(form.1.len()));
        forms
    }

    fn into_people(self, articles: &[Article]) -> Vec<Person> {
        let mut people: Vec<Person> = self
            .entries
            .into_iter()
            .map(|entry| Person {
                id: PersonId::from_name(&entry.name),
                name: entry.name,
                honorific: entry.honorific,
                roles: entry.roles,
                organisations: entry.organisations,
                contributor: entry.contributor,
                cited: entry.cited,
                mentions: entry.mentions,
            })
            .collect();
        // Order people by first appearance in the issue.
        let first_seen = |person: &Person| {
            articles
                .iter()
                .position(|article| article.people.contains(&person.id))
                .unwrap_or(usize::MAX)
        };
        people.sort_by_key(|person| {
            (
                first_seen(person),
                person.mentions.first().map_or(u32::MAX, |m| m.line),
            )
        });
        people
    }
}

fn collect_people(
    book: &mut PeopleBook,
    articles: &[WorkArticle<'_>],
    segmented: &SegmentedIssue,
    notes: &[NoteWork],
) {
    let add_block = |book: &mut PeopleBook, block: &NameBlock| {
        let (honorific, name) = people::split_honorific(&block.name);
        let Some(index) = book.add(&name, honorific.as_deref()) else {
            return;
        };
        if let Some(role) = &block.role {
            book.add_role(index, role);
            for organisation in people::organisations_in_role(role) {
                book.add_organisation(index, &organisation);
            }
        }
    };
    let all_texts: Vec<&str> = articles
        .iter()
        .flat_map(|article| article.units().into_iter().map(|unit| unit.text.as_str()))
        .collect();
    for article in articles {
        for block in [&article.draft.byline, &article.draft.signature]
            .into_iter()
            .flatten()
        {
            add_block(book, block);
        }
        for pull in &article.draft.pull_quotes {
            if let Some(caption) = &pull.caption {
                add_block(book, caption);
            }
        }
        let texts = article
            .title
            .iter()
            .chain(article.subtitle.iter())
            .map(String::as_str)
            .chain(article.units().into_iter().map(|unit| unit.text.as_str()));
        for text in texts {
            collect_people_in_text(book, text, &all_texts);
        }
    }
    // Credit lines under pull quotes state a role: "— Sander, DevOps Engineer Team Haven".
    let forms = book.name_forms();
    for text in &all_texts {
        let Some((name, Some(role))) = attribution::credit_line(text) else {
            continue;
        };
        let person = book
            .find(&name)
            .or_else(|| resolve_written(&forms, &name))
            .or_else(|| {
                mentions_in(&forms, &name)
                    .first()
                    .map(|(person, _, _)| *person)
            });
        if let Some(person) = person {
            book.add_role(person, &role);
            for organisation in people::organisations_in_role(&role) {
                book.add_organisation(person, &organisation);
            }
        }
    }
    // Roles stated as work, with a pronoun or a name as subject: "Nu werkt ze als …".
    for (position, text) in all_texts.iter().enumerate() {
        for (subject, offset, role) in people::works_as_roles(text) {
            let person = if attribution::subject_pronoun(&subject).is_some() {
                let here = mentions_in(&forms, &text[..offset])
                    .last()
                    .map(|(person, _, _)| *person);
                here.or_else(|| {
                    all_texts[position.saturating_sub(3)..position]
                        .iter()
                        .rev()
                        .find_map(|earlier| {
                            mentions_in(&forms, earlier)
                                .last()
                                .map(|(person, _, _)| *person)
                        })
                })
            } else {
                resolve_written(&forms, &subject)
            };
            if let Some(person) = person {
                book.add_role(person, &role);
                for organisation in people::organisations_in_role(&role) {
                    book.add_organisation(person, &organisation);
                }
            }
        }
    }
    if let Some(colophon) = &segmented.colophon {
        for name in people::contributor_names(&colophon.text) {
            let (honorific, name) = people::split_honorific(&name);
            if let Some(index) = book.add(&name, honorific.as_deref()) {
                book.entries[index].contributor = true;
            }
        }
    }
    for note in notes {
        for name in people::reference_authors(&note.footnote.text) {
            if let Some(index) = book.add(&name, None) {
                book.entries[index].cited = true;
            }
        }
        for found in people::find_full_names(&note.footnote.text) {
            if let Some(index) = book.add(&found.name, found.honorific.as_deref()) {
                book.entries[index].cited = true;
            }
        }
    }
    // A note linking to a person's own work ("jaapboonstra.nl", "...-Esther-Klaster.pdf")
    // cites that person.
    for entry in &mut book.entries {
        let compact: String = slug(&entry.name).replace('-', "");
        let hyphenated = slug(&entry.name);
        if compact.len() < 4 {
            continue;
        }
        let cited_by_link = notes.iter().any(|note| {
            note.footnote.urls.iter().any(|url| {
                let url = fold_key(url);
                url.contains(&compact) || url.contains(&hyphenated)
            })
        });
        entry.cited |= cited_by_link;
    }
}

fn collect_people_in_text(book: &mut PeopleBook, text: &str, all_texts: &[&str]) {
    for found in people::find_full_names(text) {
        if found.shape_only {
            let words: Vec<&str> = found.name.split_whitespace().collect();
            let single = words.len() == 1 || surname_words(&found.name).len() == words.len();
            let announced_twice = single
                && all_texts
                    .iter()
                    .map(|text| {
                        people::find_full_names(text)
                            .iter()
                            .filter(|other| other.name == found.name)
                            .count()
                    })
                    .sum::<usize>()
                    >= 2;
            let corroborated = announced_twice
                || !single
                    && words
                        .first()
                        .is_some_and(|given| people::used_as_speaker(given, all_texts, true))
                || words
                    .last()
                    .is_some_and(|surname| people::used_as_speaker(surname, all_texts, false));
            if !corroborated {
                continue;
            }
        }
        let Some(index) = book.add(&found.name, found.honorific.as_deref()) else {
            continue;
        };
        let after = &text[found.end..];
        for role in people::parse_roles(after) {
            book.add_role(index, &role.text);
            for organisation in role.organisations {
                book.add_organisation(index, &organisation);
            }
        }
        if let Some(role) = people::caption_role(text, after) {
            book.add_role(index, &role);
        }
        if let Some(organisation) = people::affiliation_after_name(after) {
            book.add_organisation(index, &organisation);
        }
        if let Some(role) = people::role_before(&text[..found.start]) {
            book.add_role(index, &role);
        }
    }
}

/// The surname of a full name with its particles, folded ("Han van Helmond" → ["van",
/// "helmond"]; "Van der Hul" → all three words).
fn surname_words(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let given_count = words
        .iter()
        .take_while(|word| !crate::ingest::names::is_particle(word))
        .count()
        .min(words.len() - 1);
    words[given_count..]
        .iter()
        .map(|word| fold_key(word))
        .collect()
}

/// Returns whether the word at byte `start` begins a sentence.
fn is_sentence_start(text: &str, start: usize) -> bool {
    let before = text[..start]
        .trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, '“' | '‘' | '"' | '('));
    before.is_empty() || before.ends_with(['.', '?', '!', ':', '”', '’'])
}

/// Finds every mention of the book's people in `text`: (person, byte start, byte end).
fn mentions_in(forms: &[(usize, Vec<String>, bool)], text: &str) -> Vec<(usize, usize, usize)> {
    let tokens = text::words(text);
    let keys: Vec<String> = tokens.iter().map(|token| fold_key(token.text)).collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let matched =
            forms
                .iter()
                .filter(|(_, form, _)| !form.is_empty())
                .find(|(_, form, surname_only)| {
                    let fits = keys.len() >= index + form.len()
                        && keys[index..index + form.len()] == form[..];
                    // A surname alone is a mention only when written with a capital ("Jansen",
                    // "Van Helmond"), and not as part of a longer name ("Han van Helmond").
                    let capitalised = text::starts_uppercase(tokens[index].text);
                    let longer_name = index > 0
                        && text::starts_uppercase(tokens[index - 1].text)
                        && text[tokens[index - 1].end..tokens[index].start]
                            .trim()
                            .is_empty()
                        && !text::is_all_caps(tokens[index - 1].text)
                        && !crate::vocabulary::is_stopword(tokens[index - 1].text)
                        && !is_sentence_start(text, tokens[index - 1].start);
                    let end = index + form.len();
                    let longer_after = end < tokens.len()
                        && text::starts_uppercase(tokens[end].text)
                        && text[tokens[end - 1].end..tokens[end].start]
                            .trim()
                            .is_empty()
                        && !text::is_all_caps(tokens[end].text)
                        && !crate::vocabulary::is_stopword(tokens[end].text);
                    fits && (!surname_only || (capitalised && !longer_name && !longer_after))
                });
        match matched {
            Some((person, form, _)) => {
                let end = tokens[index + form.len() - 1].end;
                found.push((*person, tokens[index].start, end));
                index += form.len();
            }
            None => index += 1,
        }
    }
    found
}

fn find_all_mentions(
    book: &PeopleBook,
    articles: &[WorkArticle<'_>],
    article_ids: &[ArticleId],
    segmented: &SegmentedIssue,
    notes: &[NoteWork],
) -> Vec<(usize, Mention)> {
    let forms = book.name_forms();
    let mut mentions = Vec::new();
    let record = |article: Option<usize>,
                  text: &str,
                  line_of: &dyn Fn(usize) -> u32,
                  mentions: &mut Vec<(usize, Mention)>| {
        for (person, start, end) in mentions_in(&forms, text) {
            mentions.push((
                person,
                Mention {
                    article: article.map(|index| article_ids[index].clone()),
                    text: text[start..end].to_string(),
                    line: line_of(start),
                },
            ));
        }
    };
    for (index, article) in articles.iter().enumerate() {
        let draft = article.draft;
        for block in [&draft.byline, &draft.signature].into_iter().flatten() {
            let line = block.first_line;
            record(Some(index), &block.name, &|_| line, &mut mentions);
        }
        for pull in &draft.pull_quotes {
            if let Some(caption) = &pull.caption {
                let line = caption.first_line;
                record(Some(index), &caption.name, &|_| line, &mut mentions);
            }
        }
        for unit in article.units() {
            record(
                Some(index),
                &unit.text,
                &|offset| unit.line_at(offset),
                &mut mentions,
            );
        }
    }
    if let Some(colophon) = &segmented.colophon {
        record(
            None,
            &colophon.text,
            &|offset| colophon.line_at(offset),
            &mut mentions,
        );
    }
    for note in notes {
        let line = note.footnote.span.first_line;
        let article = note.article;
        record(article, &note.footnote.text, &|_| line, &mut mentions);
    }
    mentions
}

/// A quote before ids are assigned.
struct QuoteDraft {
    text: String,
    kind: QuoteKind,
    speaker: Option<usize>,
    description: Option<String>,
    method: Option<AttributionMethod>,
    paragraph: Option<usize>,
    span: SourceSpan,
    lead_words: usize,
}

/// Counts the content words (not function words) of a lead-in.
fn content_word_count(text: &str) -> usize {
    text::words(text)
        .iter()
        .filter(|word| {
            !crate::vocabulary::is_stopword(word.text)
                && !word.text.chars().all(|ch| ch.is_ascii_digit())
        })
        .count()
}

/// Who a sieve decided on: a person, or a description of an unnamed speaker.
#[derive(Debug, Clone, Default, PartialEq)]
struct Decision {
    speaker: Option<usize>,
    description: Option<String>,
}

impl Decision {
    fn is_some(&self) -> bool {
        self.speaker.is_some() || self.description.is_some()
    }
}

/// The mentions of people in an article's paragraphs, the genders the text shows and the
/// roles of the people: what the sieves resolve speaker phrases against.
struct ArticleMentions<'a> {
    forms: &'a [(usize, Vec<String>, bool)],
    book: &'a PeopleBook,
    genders: &'a HashMap<usize, attribution::Gender>,
    /// Per paragraph: (person, byte start, byte end), in reading order.
    mentions: Vec<Vec<(usize, usize, usize)>>,
}

impl ArticleMentions<'_> {
    /// Resolves a speaker phrase. `before` is where the search for a pronoun's or a role noun's
    /// person starts going back; mentions from `skip_from` to `before` (the reporting sentence
    /// itself) are not candidates.
    fn resolve(
        &self,
        phrase: &attribution::SpeakerPhrase,
        before: quotes::Position,
        skip_from: quotes::Position,
    ) -> Decision {
        use attribution::SpeakerPhrase;
        match phrase {
            SpeakerPhrase::Name(written) => {
                let words: Vec<&str> = written.split_whitespace().collect();
                // "Rust Mark": a name run may start with a word that is no part of the name.
                let by_suffix = || {
                    (1..words.len())
                        .find_map(|skip| resolve_written(self.forms, &words[skip..].join(" ")))
                };
                let person = mentions_in(self.forms, written)
                    .first()
                    .map(|(person, _, _)| *person)
                    .or_else(|| resolve_written(self.forms, written))
                    .or_else(by_suffix);
                Decision {
                    speaker: person,
                    description: person.is_none().then(|| written.clone()),
                }
            }
            SpeakerPhrase::Pronoun(gender) => Decision {
                speaker: self.nearest_before(before, skip_from, |person| {
                    self.genders
                        .get(&person)
                        .is_none_or(|known| known == gender)
                }),
                description: None,
            },
            SpeakerPhrase::RoleNoun(noun) => {
                let holds_role = |person: usize| {
                    self.book.entries[person].roles.iter().any(|role| {
                        text::words(role)
                            .iter()
                            .any(|word| word.text.to_lowercase().ends_with(noun.as_str()))
                    })
                };
                let person = self.nearest_before(before, skip_from, holds_role);
                Decision {
                    speaker: person,
                    description: person.is_none().then(|| format!("de {noun}")),
                }
            }
            SpeakerPhrase::Description(description) => Decision {
                speaker: None,
                description: Some(description.clone()),
            },
        }
    }

    /// The person mentioned nearest before `before` (within three paragraphs) that `fits`,
    /// skipping mentions from `skip_from` on.
    fn nearest_before(
        &self,
        before: quotes::Position,
        skip_from: quotes::Position,
        fits: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let limit = skip_from.min(before);
        let lowest = limit.0.saturating_sub(3);
        for paragraph in (lowest..=limit.0).rev() {
            let Some(mentions) = self.mentions.get(paragraph) else {
                continue;
            };
            for (person, start, _) in mentions.iter().rev() {
                if paragraph == limit.0 && *start >= limit.1 {
                    continue;
                }
                if fits(*person) {
                    return Some(*person);
                }
            }
        }
        None
    }

    /// The distinct people mentioned in a piece of text.
    fn people_in(&self, text: &str) -> Vec<usize> {
        let mut people: Vec<usize> = Vec::new();
        for (person, _, _) in mentions_in(self.forms, text) {
            if !people.contains(&person) {
                people.push(person);
            }
        }
        people
    }
}

/// The sentences of a text with their byte starts: a sentence ends at ".", "?" or "!" followed
/// by a space and a capital or an opening quote mark.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (position, (index, ch)) in chars.iter().enumerate() {
        if !matches!(ch, '.' | '?' | '!') {
            continue;
        }
        let next = chars.get(position + 1).map(|(_, next)| *next);
        let after_next = chars.get(position + 2).map(|(_, next)| *next);
        let boundary = next.is_some_and(char::is_whitespace)
            && after_next
                .is_some_and(|ch| ch.is_uppercase() || matches!(ch, '“' | '‘' | '"' | '\''));
        if boundary {
            let end = index + ch.len_utf8();
            found.push((start, &text[start..end]));
            start = chars
                .get(position + 2)
                .map_or(text.len(), |(offset, _)| *offset);
        }
    }
    if start < text.len() {
        found.push((start, &text[start..]));
    }
    found
}

/// The gender the text shows for each person: a sentence naming one person followed by a
/// sentence that opens with "Hij" or "Ze"/"Zij" and names no one.
fn genders_shown(
    forms: &[(usize, Vec<String>, bool)],
    texts: &[&str],
) -> HashMap<usize, attribution::Gender> {
    let mut votes: HashMap<usize, (usize, usize)> = HashMap::new();
    for text in texts {
        let split = sentences(text);
        for pair in split.windows(2) {
            let named: Vec<usize> = {
                let mut people: Vec<usize> = Vec::new();
                for (person, _, _) in mentions_in(forms, pair[0].1) {
                    if !people.contains(&person) {
                        people.push(person);
                    }
                }
                people
            };
            if named.len() != 1 || !mentions_in(forms, pair[1].1).is_empty() {
                continue;
            }
            let first_word = pair[1].1.split_whitespace().next().unwrap_or_default();
            if !text::starts_uppercase(first_word) {
                continue;
            }
            let entry = votes.entry(named[0]).or_default();
            match attribution::subject_pronoun(first_word) {
                Some(attribution::Gender::Male) => entry.0 += 1,
                Some(attribution::Gender::Female) => entry.1 += 1,
                None => {}
            }
        }
    }
    votes
        .into_iter()
        .filter_map(|(person, (male, female))| match male.cmp(&female) {
            std::cmp::Ordering::Greater => Some((person, attribution::Gender::Male)),
            std::cmp::Ordering::Less => Some((person, attribution::Gender::Female)),
            std::cmp::Ordering::Equal => None,
        })
        .collect()
}

/// The method a resolved phrase stands for: a pronoun or a role noun names its own method.
fn method_of(
    phrase: &attribution::SpeakerPhrase,
    otherwise: AttributionMethod,
) -> AttributionMethod {
    match phrase {
        attribution::SpeakerPhrase::Pronoun(_) => AttributionMethod::Pronoun,
        attribution::SpeakerPhrase::RoleNoun(_) => AttributionMethod::RoleNoun,
        _ => otherwise,
    }
}

/// The text right after the closing mark of a quote ending at `end`.
fn text_after_quote<'a>(paragraphs: &[&'a str], end: quotes::Position) -> &'a str {
    let paragraph = paragraphs[end.0];
    let after_mark = paragraph[end.1..]
        .char_indices()
        .nth(1)
        .map_or(paragraph.len(), |(index, _)| end.1 + index);
    &paragraph[after_mark..]
}

/// Attributes the inline quotes of an article with the sieves, most precise first: a speech
/// verb after the quote, a lead-in (label, colon, speech verb), a credit line, the quote it
/// continues, the sentence before, and in an interview the interviewee.
fn attribute_quotes(
    article: &WorkArticle<'_>,
    book: &PeopleBook,
    forms: &[(usize, Vec<String>, bool)],
    genders: &HashMap<usize, attribution::Gender>,
) -> Vec<QuoteDraft> {
    let paragraphs: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let context = ArticleMentions {
        forms,
        book,
        genders,
        mentions: paragraphs
            .iter()
            .map(|paragraph| mentions_in(forms, paragraph))
            .collect(),
    };
    let mut drafts: Vec<QuoteDraft> = Vec::new();
    let mut previous: Option<(quotes::Position, Decision)> = None;
    for found in quotes::find_quotes(&paragraphs) {
        let lead = quotes::lead_in(&paragraphs, found.start);
        let after = text_after_quote(&paragraphs, found.end);
        let after_clause = attribution::clause_after(after);
        let lead_start = (found.start.0, found.start.1.saturating_sub(lead.len() + 1));
        // The first reading of the lead-in that names a person, else a speech verb's
        // description of an unnamed speaker ("Een docent die achteraan zat, riep:").
        let readings = attribution::lead_in_clause(lead);
        let lead_decision = readings
            .iter()
            .map(|(phrase, label)| {
                (
                    context.resolve(phrase, lead_start, lead_start),
                    phrase,
                    *label,
                )
            })
            .find(|(decision, _, _)| decision.speaker.is_some())
            .or_else(|| {
                readings
                    .iter()
                    .filter(|(phrase, _)| {
                        matches!(phrase, attribution::SpeakerPhrase::Description(_))
                    })
                    .map(|(phrase, label)| {
                        (
                            context.resolve(phrase, lead_start, lead_start),
                            phrase,
                            *label,
                        )
                    })
                    .next()
            });
        let attributed = after_clause.is_some()
            || lead_decision.as_ref().is_some_and(|(decision, _, label)| {
                *label
                    || decision.speaker.is_some()
                        && text::words(lead)
                            .iter()
                            .any(|word| crate::vocabulary::is_speech_verb(word.text))
            });
        if !quotes::is_speech(&found.text, lead, attributed) {
            continue;
        }
        // A lead-in with no colon, comma or speech verb before a quote that opens a sentence is
        // a heading the text glued to the paragraph, not narration introducing the quote.
        let glued_heading = !lead.trim_end().ends_with([':', ',', '—', '–'])
            && found.text.starts_with(char::is_uppercase);
        let lead_words = if glued_heading {
            0
        } else {
            content_word_count(lead)
        };
        let mut decision = Decision::default();
        let mut method = None;
        // 1. A speech verb right after the quote ("”, zegt Jansen.", "”, denkt hij.").
        if let Some(phrase) = &after_clause {
            decision = context.resolve(phrase, found.start, lead_start);
            method = Some(method_of(phrase, AttributionMethod::SpeechVerb));
        }
        // 1a. A credit line right after the quote ("” — Tessa, planner").
        if !decision.is_some()
            && after.trim_start().starts_with(['—', '–'])
            && let Some((name, _)) = attribution::credit_line(after)
        {
            let resolved = context.resolve(
                &attribution::SpeakerPhrase::Name(name),
                found.start,
                found.start,
            );
            if resolved.speaker.is_some() {
                decision = resolved;
                method = Some(AttributionMethod::CreditLine);
            }
        }
        // 1b. The sentence the quote sits in goes on to name one person ("”, staat in het
        //     verslag dat Jansen schreef.").
        if !decision.is_some() && after.trim_start().starts_with([',', '”', '’']) {
            let clause_end = after.find(['.', '?', '!']).unwrap_or(after.len());
            let named = context.people_in(&after[..clause_end]);
            if named.len() == 1 {
                decision.speaker = Some(named[0]);
                method = Some(AttributionMethod::Mention);
            }
        }
        // 2. A lead-in: a label ("Mark:"), a colon or a speech verb before the quote.
        if !decision.is_some()
            && let Some((resolved, phrase, label)) = &lead_decision
        {
            decision = resolved.clone();
            method = Some(if *label {
                AttributionMethod::Label
            } else {
                method_of(phrase, AttributionMethod::SpeechVerb)
            });
        }
        // 3. A credit line under a quote printed as a paragraph of its own.
        let whole_paragraph = found.start.1 <= 3
            && found.start.0 == found.end.0
            && paragraphs[found.end.0].len() - found.end.1 <= 4;
        if !decision.is_some()
            && whole_paragraph
            && let Some(next) = paragraphs.get(found.end.0 + 1)
            && let Some((name, _)) = attribution::credit_line(next)
        {
            let resolved = context.resolve(
                &attribution::SpeakerPhrase::Name(name),
                found.start,
                found.start,
            );
            if resolved.speaker.is_some() {
                decision = resolved;
                method = Some(AttributionMethod::CreditLine);
            }
        }
        // 4. The quote goes on from the previous one, with no one else named in between.
        let introduced_by_other = lead_words >= 3;
        if !decision.is_some() && !introduced_by_other {
            let continued = previous.as_ref().filter(|(end, previous_decision)| {
                let close = found.start.0 <= end.0 + 1;
                let between = quotes::text_between(&paragraphs, *end, found.start);
                let others = context
                    .people_in(&between)
                    .into_iter()
                    .any(|person| Some(person) != previous_decision.speaker);
                close && !others && previous_decision.is_some()
            });
            if let Some((_, previous_decision)) = continued {
                decision = previous_decision.clone();
                method = Some(AttributionMethod::Continuation);
            }
        }
        // 5. The sentence before reports speech or opens with a pronoun ("…, zegt ze.",
        //    "Hij geeft les."), or names exactly one person.
        if !decision.is_some() && !introduced_by_other {
            let (sentence, sentence_start) = sentence_before(&paragraphs, found.start);
            if let Some(phrase) = attribution::reporting_clause(sentence) {
                let resolved = context.resolve(&phrase, sentence_start, sentence_start);
                if resolved.speaker.is_some() {
                    decision = resolved;
                    method = Some(method_of(&phrase, AttributionMethod::SpeechVerb));
                }
            }
            if !decision.is_some() {
                let before = context.people_in(sentence);
                if before.len() == 1 {
                    decision.speaker = Some(before[0]);
                    method = Some(AttributionMethod::Mention);
                }
            }
        }
        let first_line = article.paragraphs[found.start.0].line_at(found.start.1);
        let last_line = article.paragraphs[found.end.0].line_at(found.end.1.saturating_sub(1));
        drafts.push(QuoteDraft {
            text: found.text.clone(),
            kind: QuoteKind::Inline,
            speaker: decision.speaker,
            description: decision.description.clone(),
            method: decision.is_some().then_some(method).flatten(),
            paragraph: Some(found.start.0),
            span: SourceSpan {
                first_line,
                last_line: last_line.max(first_line),
                page: None,
            },
            lead_words,
        });
        if decision.is_some() {
            previous = Some((found.end, decision));
        }
    }
    // 6. In an interview one person does most of the talking: quotes that open without a
    //    lead-in naming someone else are theirs.
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for draft in &drafts {
        if let Some(speaker) = draft.speaker {
            *counts.entry(speaker).or_default() += 1;
        }
    }
    let attributed: usize = counts.values().sum();
    if let Some((&dominant, &count)) = counts.iter().max_by_key(|(_, count)| **count)
        && count >= 5
        && count * 10 >= attributed * 8
    {
        for draft in drafts.iter_mut().filter(|draft| {
            draft.speaker.is_none() && draft.description.is_none() && draft.lead_words == 0
        }) {
            draft.speaker = Some(dominant);
            draft.method = Some(AttributionMethod::Interviewee);
        }
    }
    drafts
}

/// The sentence before the one a quote opens in, and where it starts: within the paragraph,
/// else the last sentence of the paragraph before.
fn sentence_before<'a>(
    paragraphs: &[&'a str],
    start: quotes::Position,
) -> (&'a str, quotes::Position) {
    let sentence = quotes::previous_sentence(paragraphs, start);
    if !sentence.is_empty() {
        let offset = paragraphs[start.0].find(sentence).unwrap_or(0);
        return (sentence, (start.0, offset));
    }
    let lead = quotes::lead_in(paragraphs, start);
    if !lead.is_empty() || start.0 == 0 {
        return ("", start);
    }
    let previous = paragraphs[start.0 - 1];
    match sentences(previous).last() {
        Some((offset, sentence)) => (sentence, (start.0 - 1, *offset)),
        None => ("", start),
    }
}

/// Resolves a name as written ("Jansen", "Van Helmond", "Jan Jansen") to a person, given the
/// book's name forms (computed once per issue, not per quote).
fn resolve_written(forms: &[(usize, Vec<String>, bool)], written: &str) -> Option<usize> {
    let words: Vec<String> = written.split_whitespace().map(fold_key).collect();
    forms
        .iter()
        .find(|(_, form, _)| *form == words)
        .map(|(index, _, _)| *index)
}

fn strip_quote_marks(text: &str) -> &str {
    text.trim()
        .trim_start_matches(['“', '‘', '"', '„', '«'])
        .trim_end_matches(['”', '’', '"', '“', '»'])
        .trim()
}

/// Pull quotes, attributed by their caption or by the inline quote they repeat.
fn pull_quotes(
    article: &WorkArticle<'_>,
    book: &PeopleBook,
    forms: &[(usize, Vec<String>, bool)],
    inline: &[QuoteDraft],
) -> Vec<QuoteDraft> {
    article
        .draft
        .pull_quotes
        .iter()
        .map(|pull| {
            let text = strip_quote_marks(&pull.text.text).to_string();
            let from_caption = pull.caption.as_ref().and_then(|caption| {
                let (_, name) = people::split_honorific(&caption.name);
                book.find(&name)
                    .or_else(|| resolve_written(forms, &name))
                    .or_else(|| {
                        mentions_in(forms, &name)
                            .first()
                            .map(|(person, _, _)| *person)
                    })
            });
            let from_inline = || {
                inline
                    .iter()
                    .map(|quote| (word_overlap(&text, &quote.text), quote.speaker))
                    .filter(|(overlap, speaker)| *overlap >= 0.5 && speaker.is_some())
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .and_then(|(_, speaker)| speaker)
            };
            let (speaker, method) = match from_caption {
                Some(person) => (Some(person), Some(AttributionMethod::CreditLine)),
                None => {
                    let repeated = from_inline();
                    (repeated, repeated.map(|_| AttributionMethod::Repeated))
                }
            };
            QuoteDraft {
                speaker,
                description: None,
                method,
                kind: QuoteKind::Pull,
                paragraph: None,
                span: SourceSpan {
                    first_line: pull.text.first_line(),
                    last_line: pull.text.last_line(),
                    page: None,
                },
                text,
                lead_words: 0,
            }
        })
        .collect()
}

/// Share of the pull quote's content words that the inline quote also has.
fn word_overlap(pull: &str, inline: &str) -> f64 {
    let content = |text: &str| -> Vec<String> {
        text::words(text)
            .iter()
            .filter(|word| !crate::vocabulary::is_stopword(word.text))
            .map(|word| fold_key(word.text))
            .collect()
    };
    let pull_words = content(pull);
    if pull_words.is_empty() {
        return 0.0;
    }
    let inline_words = content(inline);
    let shared = pull_words
        .iter()
        .filter(|word| inline_words.contains(word))
        .count();
    shared as f64 / pull_words.len() as f64
}

fn first_sentence(text: &str) -> &str {
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

fn title_from_text(text: &str) -> String {
    let sentence = strip_quote_marks(first_sentence(text));
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() > 16 {
        format!("{} …", words[..12].join(" "))
    } else {
        sentence.to_string()
    }
}

fn assemble_article(
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
const EVENT_WORDS: &[&str] = &[
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

/// Decides each article's kind from its shape: byline or signature, who is quoted, footnotes.
fn classify_articles(articles: &mut [Article]) {
    for (position, article) in articles.iter_mut().enumerate() {
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
        article.kind = if dominant >= 5 && dominant * 10 >= attributed * 7 && !signed {
            ArticleKind::Interview
        } else if signed && position == 0 {
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

fn article_texts(article: &Article) -> Vec<&str> {
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

fn article_texts_owned(article: &Article) -> Vec<String> {
    article_texts(article)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Name words of people, kept out of key phrases.
fn excluded_phrase_words(book: &PeopleBook) -> Vec<String> {
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

fn collect_organisations(
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
    use crate::ingest::extract_text;
    use crate::ingest::read::IssueMetadata;

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
