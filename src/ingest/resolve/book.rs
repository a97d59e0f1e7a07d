//! The people book: every person of the issue with roles, organisations and mentions, from
//! bylines, captions, credit lines, contributor lists, references and the running text; the
//! name forms (full name, surname, given name) by which the text refers to each.

use std::collections::HashMap;

use crate::ingest::extract::{attribution, organisations, people};
use crate::ingest::resolve::WorkArticle;
use crate::ingest::resolve::notes::NoteWork;
use crate::ingest::segment::{NameBlock, SegmentedIssue};
use crate::model::{Article, ArticleId, Mention, Person, PersonId, slug};
use crate::text::{self, fold_key};

/// A person being collected.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonEntry {
    pub(crate) name: String,
    pub(crate) honorific: Option<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) organisations: Vec<String>,
    pub(crate) contributor: bool,
    pub(crate) cited: bool,
    pub(crate) mentions: Vec<Mention>,
}

/// The people of an issue with lookup by name and surname.
#[derive(Debug, Default)]
pub(crate) struct PeopleBook {
    pub(crate) entries: Vec<PersonEntry>,
}

impl PeopleBook {
    pub(crate) fn id(&self, index: usize) -> PersonId {
        PersonId::from_name(&self.entries[index].name)
    }

    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let key = slug(name);
        self.entries
            .iter()
            .position(|entry| slug(&entry.name) == key)
    }

    /// Adds a person (or finds them); `None` when `name` has no letters to name anyone by (a
    /// byline holding only "Dr.").
    pub(crate) fn add(&mut self, name: &str, honorific: Option<&str>) -> Option<usize> {
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
    /// known alone ("Laurens Woudenberg" after "Woudenberg"), or whose given name was ("Sander van
    /// Thillo" after "Sander"), renames that person.
    pub(crate) fn merge(&mut self, name: &str) -> Option<usize> {
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
                // Known by surname, or by given name alone ("Sander" from a pull quote's credit
                // before "Sander van Thillo" is named in full).
                entry_words.len() < words.len()
                    && (entry_words == surname
                        || entry_words.len() == 1 && words.last() == entry_words.last()
                        || entry_words.len() == 1 && words.first() == entry_words.first())
            })
            .collect();
        if known.len() != 1 {
            return None;
        }
        self.entries[known[0]].name = name.to_string();
        Some(known[0])
    }

    pub(crate) fn add_role(&mut self, index: usize, role: &str) {
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

    pub(crate) fn add_organisation(&mut self, index: usize, organisation: &str) {
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
    pub(crate) fn name_forms(&self) -> Vec<(usize, Vec<String>, bool)> {
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

    pub(crate) fn into_people(self, articles: &[Article]) -> Vec<Person> {
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

pub(crate) fn collect_people(
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
    let corroboration = Corroboration::new(&all_texts);
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
            collect_people_in_text(book, text, &corroboration);
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
    // Roles stated as work or with "is", with a pronoun or a name as subject: "Nu werkt ze
    // als …", "Smit is lector …".
    for (position, text) in all_texts.iter().enumerate() {
        let statements = people::works_as_roles(text)
            .into_iter()
            .chain(people::is_a_roles(text));
        for (subject, offset, role) in statements {
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

/// What the whole issue says about names that only their shape speaks for: how often each is
/// announced, and (cached) whether a word of it is used alone as a speaker. It reads the
/// issue's texts once: their tokens and the full names in them are kept for
/// [`collect_people_in_text`].
pub(crate) struct Corroboration<'a> {
    tokenized: people::TokenizedTexts<'a>,
    names: HashMap<&'a str, Vec<people::NameMatch>>,
    announced: HashMap<String, usize>,
    used_as_speaker: std::cell::RefCell<HashMap<(String, bool), bool>>,
}

impl<'a> Corroboration<'a> {
    /// Reads the issue's texts once.
    pub(crate) fn new(texts: &[&'a str]) -> Self {
        let tokenized = people::TokenizedTexts::new(texts);
        let mut names: HashMap<&'a str, Vec<people::NameMatch>> = HashMap::new();
        let mut announced: HashMap<String, usize> = HashMap::new();
        for (index, text) in texts.iter().enumerate() {
            let found_names = tokenized.full_names(index);
            for found in &found_names {
                if found.shape_only {
                    *announced.entry(found.name.clone()).or_default() += 1;
                }
            }
            names.insert(text, found_names);
        }
        Corroboration {
            tokenized,
            names,
            announced,
            used_as_speaker: std::cell::RefCell::new(HashMap::new()),
        }
    }

    /// Returns the full names in `text` ([`people::find_full_names`]), read once for the
    /// issue's texts.
    fn full_names(&self, text: &str) -> Vec<people::NameMatch> {
        match self.names.get(text) {
            Some(found) => found.clone(),
            None => people::find_full_names(text),
        }
    }

    fn used_as_speaker(&self, word: &str, verb_after: bool) -> bool {
        let key = (word.to_string(), verb_after);
        if let Some(known) = self.used_as_speaker.borrow().get(&key) {
            return *known;
        }
        let used = self.tokenized.used_as_speaker(word, verb_after);
        self.used_as_speaker.borrow_mut().insert(key, used);
        used
    }

    /// Returns whether the issue corroborates a name found by its shape only: a surname
    /// announced twice, or a given name or surname used alone as a speaker.
    fn corroborates(&self, name: &str) -> bool {
        let words: Vec<&str> = name.split_whitespace().collect();
        let single = words.len() == 1 || surname_words(name).len() == words.len();
        let announced_twice = single && self.announced.get(name).copied().unwrap_or(0) >= 2;
        announced_twice
            || !single
                && words
                    .first()
                    .is_some_and(|given| self.used_as_speaker(given, true))
            || words
                .last()
                .is_some_and(|surname| self.used_as_speaker(surname, false))
    }
}

pub(crate) fn collect_people_in_text(
    book: &mut PeopleBook,
    text: &str,
    corroboration: &Corroboration<'_>,
) {
    for found in corroboration.full_names(text) {
        if found.shape_only && !corroboration.corroborates(&found.name) {
            continue;
        }
        let Some(index) = book.add(&found.name, found.honorific.as_deref()) else {
            continue;
        };
        let after = people::after_age(&text[found.end..]);
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
pub(crate) fn surname_words(name: &str) -> Vec<String> {
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
pub(crate) fn is_sentence_start(text: &str, start: usize) -> bool {
    let before = text[..start]
        .trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, '“' | '‘' | '"' | '('));
    before.is_empty() || before.ends_with(['.', '?', '!', ':', '”', '’'])
}

/// Finds every mention of the book's people in `text`: (person, byte start, byte end).
pub(crate) fn mentions_in(
    forms: &[(usize, Vec<String>, bool)],
    text: &str,
) -> Vec<(usize, usize, usize)> {
    let tokens = text::words(text);
    let keys: Vec<std::borrow::Cow<'_, str>> = tokens
        .iter()
        .map(|token| text::fold_key_cow(token.text))
        .collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let matched =
            forms
                .iter()
                .filter(|(_, form, _)| !form.is_empty())
                .find(|(_, form, surname_only)| {
                    let fits = keys.len() >= index + form.len()
                        && keys[index..index + form.len()]
                            .iter()
                            .zip(form)
                            .all(|(key, word)| key.as_ref() == word.as_str());
                    // The checks below look at the neighbours: only worth it for a form here.
                    if !fits {
                        return false;
                    }
                    if !surname_only {
                        return true;
                    }
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
                    capitalised && !longer_name && !longer_after
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

pub(crate) fn find_all_mentions(
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

/// Resolves a name as written ("Jansen", "Van Helmond", "Jan Jansen") to a person, given the
/// book's name forms (computed once per issue, not per quote).
pub(crate) fn resolve_written(
    forms: &[(usize, Vec<String>, bool)],
    written: &str,
) -> Option<usize> {
    let words: Vec<String> = written.split_whitespace().map(fold_key).collect();
    forms
        .iter()
        .find(|(_, form, _)| *form == words)
        .map(|(index, _, _)| *index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_name_renames_the_person_known_by_given_name_alone() {
        let mut book = PeopleBook::default();
        let sander = book.add("Sander", None);
        let full = book.add("Sander van Thillo", None);
        assert_eq!(sander, full);
        assert_eq!(book.entries.len(), 1);
        assert_eq!(book.entries[0].name, "Sander van Thillo");
        // A given name shared by two people names neither of them alone.
        let mut shared = PeopleBook::default();
        shared.add("Mark", None);
        shared.add("Mark Janssen", None);
        shared.add("Mark de Vries", None);
        assert_eq!(shared.entries.len(), 2);
    }
}
