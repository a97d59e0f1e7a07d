//! The catalog: an in-memory read model of every issue in the archive, with lookups by id and
//! people merged across issues.
//!
//! Built from [`model::Issue`](crate::model::Issue)s (as stored in the index) by a pure function;
//! the API answers listings and `node(id:)` from it and leaves full-text matching to the index.
//!
//! Every listing has a fixed order and every item a *list key*: a string that sorts in that
//! order. Pagination cursors carry list keys, so a cursor still points at the right place after
//! other issues are added or replaced.
//!
//! The paragraphs are most of an archive's bytes and only an article's own text, page and
//! citation need them. A catalog built over an [`IssueStore`] ([`Catalog::build_over_store`],
//! what the server uses) keeps the [`compact`] form of each issue (no paragraphs, no mentions),
//! and reads an article's paragraphs from the store when asked
//! ([`Catalog::article_with_text`]), keeping the last few issues read. A catalog built from
//! whole issues ([`Catalog::build`]) keeps everything.

pub mod filter;
pub mod snapshot;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::model::{Article, ArticleId, Footnote, Issue, IssueId, Person, PersonId, Quote};
use crate::text::fold_key;

/// A person merged over all issues that name them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRecord {
    /// Archive-wide id.
    pub id: PersonId,
    /// Full name.
    pub name: String,
    /// Academic title.
    pub honorific: Option<String>,
    /// Roles as stated, over all issues (most recent issue first).
    pub roles: Vec<String>,
    /// Organisations, over all issues.
    pub organisations: Vec<String>,
    /// Issues naming the person (catalog order).
    pub issues: Vec<IssueId>,
    /// Articles naming, quoting or written by the person.
    pub articles: Vec<ArticleId>,
    /// Quotes the person said.
    pub quotes: Vec<(IssueId, usize, usize)>,
    /// Issues the person contributed to.
    pub contributed_to: Vec<IssueId>,
    /// Sort key: surname, then full name.
    pub sort_key: String,
}

/// Positions of an article: (issue index, article index).
pub type ArticlePosition = (usize, usize);
/// Positions of a quote or footnote: (issue index, article index, item index).
pub type ItemPosition = (usize, usize, usize);

/// Reads whole stored issues, with their paragraphs, for a catalog that does not keep them.
pub trait IssueStore: Send + Sync {
    /// Returns the stored issue `id`, as it was when the catalog was built from the store.
    fn load_issue(&self, id: &IssueId) -> Result<Issue, TextError>;
}

/// The text of an article could not be read from the store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the text of issue {issue} cannot be read: {message}")]
pub struct TextError {
    /// The issue.
    pub issue: String,
    /// What went wrong.
    pub message: String,
}

/// How many whole issues a catalog over a store keeps after reading them (an article page
/// reads one; its neighbours are often asked for next).
const RECENT_ISSUES: usize = 16;

/// Where the catalog's paragraphs are.
#[derive(Clone, Default)]
enum ParagraphTexts {
    /// In the catalog's own issues.
    #[default]
    Kept,
    /// Not kept: read from the store when asked.
    Stored(Arc<StoredTexts>),
}

struct StoredTexts {
    store: Box<dyn IssueStore>,
    /// The issues read last, the most recent at the back.
    recent: Mutex<VecDeque<Arc<Issue>>>,
}

impl std::fmt::Debug for ParagraphTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParagraphTexts::Kept => f.write_str("Kept"),
            ParagraphTexts::Stored(_) => f.write_str("Stored"),
        }
    }
}

impl StoredTexts {
    fn issue(&self, id: &IssueId) -> Result<Arc<Issue>, TextError> {
        // A panic while holding the lock leaves the cache usable: it holds only read issues.
        let lock = || {
            self.recent
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        {
            let mut recent = lock();
            if let Some(position) = recent.iter().position(|issue| &issue.id == id) {
                let issue = recent
                    .remove(position)
                    .expect("the position was just found");
                recent.push_back(Arc::clone(&issue));
                return Ok(issue);
            }
        }
        // Read outside the lock: other requests need not wait for this one.
        let issue = Arc::new(self.store.load_issue(id)?);
        let mut recent = lock();
        if !recent.iter().any(|known| &known.id == id) {
            if recent.len() >= RECENT_ISSUES {
                recent.pop_front();
            }
            recent.push_back(Arc::clone(&issue));
        }
        Ok(issue)
    }
}

/// An article with its paragraphs (see [`Catalog::article_with_text`]).
#[derive(Debug)]
pub enum ArticleWithText<'c> {
    /// The catalog's own article: the catalog keeps the texts.
    Kept(&'c Article),
    /// Read from the store: the article at `position` of `issue`.
    Loaded {
        /// The whole issue as stored.
        issue: Arc<Issue>,
        /// The article's position in the issue.
        position: usize,
    },
}

impl std::ops::Deref for ArticleWithText<'_> {
    type Target = Article;

    fn deref(&self) -> &Article {
        match self {
            ArticleWithText::Kept(article) => article,
            ArticleWithText::Loaded { issue, position } => &issue.articles[*position],
        }
    }
}

/// Returns what a catalog over a store keeps of `issue`: everything but its articles'
/// paragraphs, its people's mentions and its organisations' lists of articles. Only the index
/// writer reads the mentions and nothing reads the organisations' articles from a catalog;
/// the paragraphs come from the store ([`Catalog::article_with_text`]).
pub fn compact(mut issue: Issue) -> Issue {
    for article in &mut issue.articles {
        article.paragraphs = Vec::new();
    }
    for person in &mut issue.people {
        person.mentions = Vec::new();
    }
    for organisation in &mut issue.organisations {
        organisation.articles = Vec::new();
    }
    issue
}

/// All issues with lookups.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    issues: Vec<Issue>,
    texts: ParagraphTexts,
    issue_positions: HashMap<String, usize>,
    article_positions: HashMap<String, ArticlePosition>,
    quote_positions: HashMap<String, ItemPosition>,
    footnote_positions: HashMap<String, ItemPosition>,
    people: Vec<PersonRecord>,
    person_positions: HashMap<String, usize>,
    articles_in_order: Vec<ArticlePosition>,
    quotes_in_order: Vec<ItemPosition>,
    footnotes_in_order: Vec<ItemPosition>,
}

/// Returns the sort key of an issue: newest first, then by number, then id.
fn issue_sort_key(issue: &Issue) -> String {
    let year = issue.year.unwrap_or(0).clamp(0, 9999);
    let month = issue.month.unwrap_or(0).min(99);
    let number = issue.number.unwrap_or(0).min(999_999);
    format!(
        "{:04}{:02}{:06}:{}",
        9999 - year,
        99 - month,
        999_999 - number,
        issue.id
    )
}

/// Returns the sort key of a person: surname (without particles), then the full name.
pub fn person_sort_key(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let surname = words.last().copied().unwrap_or("");
    format!("{}\u{1}{}", fold_key(surname), fold_key(name))
}

impl Catalog {
    /// Builds a catalog over `store` from its issues (in any order, whole or [`compact`]): it
    /// keeps their compact form, and [`Catalog::article_with_text`] reads the paragraphs from
    /// the store.
    pub fn build_over_store(issues: Vec<Issue>, store: Box<dyn IssueStore>) -> Catalog {
        let issues: Vec<Issue> = issues.into_iter().map(compact).collect();
        let mut catalog = Catalog::build(issues);
        catalog.texts = ParagraphTexts::Stored(Arc::new(StoredTexts {
            store,
            recent: Mutex::new(VecDeque::with_capacity(RECENT_ISSUES)),
        }));
        catalog
    }

    /// Builds the catalog from whole issues (in any order); it keeps them whole.
    pub fn build(mut issues: Vec<Issue>) -> Catalog {
        issues.sort_by_cached_key(issue_sort_key);
        let mut catalog = Catalog::default();
        let articles: usize = issues.iter().map(|issue| issue.articles.len()).sum();
        let quotes: usize = issues.iter().map(|issue| issue.quotes().count()).sum();
        let footnotes: usize = issues.iter().map(|issue| issue.footnotes().count()).sum();
        let named: usize = issues.iter().map(|issue| issue.people.len()).sum();
        catalog.issue_positions.reserve(issues.len());
        catalog.article_positions.reserve(articles);
        catalog.articles_in_order.reserve(articles);
        catalog.quote_positions.reserve(quotes);
        catalog.quotes_in_order.reserve(quotes);
        catalog.footnote_positions.reserve(footnotes);
        catalog.footnotes_in_order.reserve(footnotes);
        let mut people: Vec<PersonRecord> = Vec::new();
        let mut person_positions: HashMap<String, usize> = HashMap::with_capacity(named);
        for (issue_index, issue) in issues.iter().enumerate() {
            catalog
                .issue_positions
                .insert(issue.id.0.clone(), issue_index);
            for person in &issue.people {
                // Looked up before a key is made: most people are already known.
                let position = match person_positions.get(person.id.as_str()) {
                    Some(&position) => position,
                    None => {
                        people.push(new_record(person));
                        person_positions.insert(person.id.0.clone(), people.len() - 1);
                        people.len() - 1
                    }
                };
                merge_person(&mut people[position], person, issue);
            }
            for (article_index, article) in issue.articles.iter().enumerate() {
                let position = (issue_index, article_index);
                catalog
                    .article_positions
                    .insert(article.id.0.clone(), position);
                catalog.articles_in_order.push(position);
                for person_id in &article.people {
                    if let Some(&record) = person_positions.get(person_id.as_str()) {
                        // This article's entries are the last ones: a look at the end is
                        // enough (a person in many articles made `contains` quadratic).
                        let articles = &mut people[record].articles;
                        if articles.last() != Some(&article.id) {
                            articles.push(article.id.clone());
                        }
                    }
                }
                for (quote_index, quote) in article.quotes.iter().enumerate() {
                    let position = (issue_index, article_index, quote_index);
                    catalog.quote_positions.insert(quote.id.0.clone(), position);
                    catalog.quotes_in_order.push(position);
                    if let Some(speaker) = &quote.speaker
                        && let Some(&record) = person_positions.get(speaker.as_str())
                    {
                        people[record]
                            .quotes
                            .push((issue.id.clone(), article_index, quote_index));
                    }
                }
                for (footnote_index, footnote) in article.footnotes.iter().enumerate() {
                    let position = (issue_index, article_index, footnote_index);
                    catalog
                        .footnote_positions
                        .insert(footnote.id.0.clone(), position);
                    catalog.footnotes_in_order.push(position);
                }
            }
        }
        people.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then_with(|| a.id.cmp(&b.id)));
        catalog.person_positions = people
            .iter()
            .enumerate()
            .map(|(index, person)| (person.id.0.clone(), index))
            .collect();
        catalog.people = people;
        catalog.issues = issues;
        catalog
    }

    /// All issues, newest first.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The issue with this id.
    pub fn issue(&self, id: &str) -> Option<&Issue> {
        self.issue_positions
            .get(id)
            .map(|&index| &self.issues[index])
    }

    /// The list key of an issue.
    pub fn issue_key(&self, issue: &Issue) -> String {
        issue_sort_key(issue)
    }

    /// All articles in catalog order, with their list keys.
    pub fn articles(&self) -> impl Iterator<Item = (String, &Issue, &Article)> + '_ {
        self.articles_in_order
            .iter()
            .map(|&(issue_index, article_index)| {
                let issue = &self.issues[issue_index];
                let article = &issue.articles[article_index];
                (item_key(issue, article_index, 0), issue, article)
            })
    }

    /// The article with this id, with its issue. In a catalog over a store it has no
    /// paragraphs: [`Catalog::article_with_text`] reads them (for its text and its pages).
    pub fn article(&self, id: &str) -> Option<(&Issue, &Article)> {
        self.article_positions
            .get(id)
            .map(|&(issue_index, article_index)| {
                let issue = &self.issues[issue_index];
                (issue, &issue.articles[article_index])
            })
    }

    /// The article with this id with its paragraphs, read from the store when the catalog does
    /// not keep them; `Ok(None)` when the catalog has no such article.
    pub fn article_with_text(&self, id: &str) -> Result<Option<ArticleWithText<'_>>, TextError> {
        let Some(&(issue_index, article_index)) = self.article_positions.get(id) else {
            return Ok(None);
        };
        let issue = &self.issues[issue_index];
        let stored = match &self.texts {
            ParagraphTexts::Kept => {
                return Ok(Some(ArticleWithText::Kept(&issue.articles[article_index])));
            }
            ParagraphTexts::Stored(stored) => stored,
        };
        let whole = stored.issue(&issue.id)?;
        let same_article = whole
            .articles
            .get(article_index)
            .is_some_and(|article| article.id.as_str() == id);
        if !same_article {
            return Err(TextError {
                issue: issue.id.to_string(),
                message: format!("the stored issue no longer holds article {id}"),
            });
        }
        Ok(Some(ArticleWithText::Loaded {
            issue: whole,
            position: article_index,
        }))
    }

    /// All quotes in catalog order, with their list keys.
    pub fn quotes(&self) -> impl Iterator<Item = (String, &Issue, &Article, &Quote)> + '_ {
        self.quotes_in_order
            .iter()
            .map(|&(issue_index, article_index, quote_index)| {
                let issue = &self.issues[issue_index];
                let article = &issue.articles[article_index];
                (
                    item_key(issue, article_index, quote_index),
                    issue,
                    article,
                    &article.quotes[quote_index],
                )
            })
    }

    /// The quote with this id, with its article and issue.
    pub fn quote(&self, id: &str) -> Option<(&Issue, &Article, &Quote)> {
        self.quote_positions
            .get(id)
            .map(|&(issue_index, article_index, quote_index)| {
                let issue = &self.issues[issue_index];
                let article = &issue.articles[article_index];
                (issue, article, &article.quotes[quote_index])
            })
    }

    /// The list key of a quote.
    pub fn quote_key(&self, id: &str) -> Option<String> {
        self.quote_positions
            .get(id)
            .map(|&(issue_index, article_index, quote_index)| {
                item_key(&self.issues[issue_index], article_index, quote_index)
            })
    }

    /// All footnotes in catalog order, with their list keys.
    pub fn footnotes(&self) -> impl Iterator<Item = (String, &Issue, &Article, &Footnote)> + '_ {
        self.footnotes_in_order
            .iter()
            .map(|&(issue_index, article_index, footnote_index)| {
                let issue = &self.issues[issue_index];
                let article = &issue.articles[article_index];
                (
                    item_key(issue, article_index, footnote_index),
                    issue,
                    article,
                    &article.footnotes[footnote_index],
                )
            })
    }

    /// The footnote with this id, with its article and issue.
    pub fn footnote(&self, id: &str) -> Option<(&Issue, &Article, &Footnote)> {
        self.footnote_positions
            .get(id)
            .map(|&(issue_index, article_index, footnote_index)| {
                let issue = &self.issues[issue_index];
                let article = &issue.articles[article_index];
                (issue, article, &article.footnotes[footnote_index])
            })
    }

    /// All people, by surname.
    pub fn people(&self) -> &[PersonRecord] {
        &self.people
    }

    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&PersonRecord> {
        self.person_positions
            .get(id)
            .map(|&index| &self.people[index])
    }

    /// Resolves what a user typed as a speaker: a person id, a full name or a surname
    /// (case- and accent-insensitive). Returns every person it fits.
    pub fn find_people(&self, written: &str) -> Vec<&PersonRecord> {
        if let Some(person) = self.person(written.trim()) {
            return vec![person];
        }
        let key = fold_key(written.trim());
        let key = crate::text::squash_whitespace(&key);
        let full: Vec<&PersonRecord> = self
            .people
            .iter()
            .filter(|person| fold_key(&person.name) == key)
            .collect();
        if !full.is_empty() {
            return full;
        }
        self.people
            .iter()
            .filter(|person| {
                let name = fold_key(&person.name);
                name.ends_with(&format!(" {key}")) && !key.is_empty()
            })
            .collect()
    }

    /// Returns the quotes (and their articles) that a person said.
    pub fn quotes_of(&self, person: &PersonRecord) -> Vec<(String, &Issue, &Article, &Quote)> {
        person
            .quotes
            .iter()
            .filter_map(|(issue_id, article_index, quote_index)| {
                let issue = self.issue(issue_id.as_str())?;
                let article = issue.articles.get(*article_index)?;
                let quote = article.quotes.get(*quote_index)?;
                Some((
                    item_key(issue, *article_index, *quote_index),
                    issue,
                    article,
                    quote,
                ))
            })
            .collect()
    }

    /// Counts of what the catalog holds.
    pub fn counts(&self) -> CatalogCounts {
        CatalogCounts {
            issues: self.issues.len(),
            articles: self.articles_in_order.len(),
            quotes: self.quotes_in_order.len(),
            footnotes: self.footnotes_in_order.len(),
            people: self.people.len(),
        }
    }
}

/// Numbers of records per type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CatalogCounts {
    /// Issues.
    pub issues: usize,
    /// Articles.
    pub articles: usize,
    /// Quotes.
    pub quotes: usize,
    /// Footnotes.
    pub footnotes: usize,
    /// People (merged across issues).
    pub people: usize,
}

/// Returns a key that sorts issues oldest first (by year, month, number, id); followed by an
/// item's list key, it orders items oldest issue first and in reading order within an issue
/// (`orderBy: { field: DATE, direction: ASC }`).
pub fn chronological_key(issue: &Issue) -> String {
    format!(
        "{:04}{:02}{:06}:{}\u{1}",
        issue.year.unwrap_or(0).clamp(0, 9999),
        issue.month.unwrap_or(0).min(99),
        issue.number.unwrap_or(0).min(999_999),
        issue.id
    )
}

fn item_key(issue: &Issue, article_index: usize, item_index: usize) -> String {
    // `\u{1}` sorts below every character of an id, so the items of issue "a" stay before those
    // of issue "a-b" (whose id it prefixes), as the issues themselves do.
    format!(
        "{}\u{1}{:05}\u{1}{:06}",
        issue_sort_key(issue),
        article_index,
        item_index
    )
}

fn new_record(person: &Person) -> PersonRecord {
    PersonRecord {
        id: person.id.clone(),
        name: person.name.clone(),
        honorific: None,
        roles: Vec::new(),
        organisations: Vec::new(),
        issues: Vec::new(),
        articles: Vec::new(),
        quotes: Vec::new(),
        contributed_to: Vec::new(),
        sort_key: person_sort_key(&person.name),
    }
}

fn merge_person(record: &mut PersonRecord, person: &Person, issue: &Issue) {
    if record.honorific.is_none() {
        record.honorific.clone_from(&person.honorific);
    }
    for role in &person.roles {
        if !record
            .roles
            .iter()
            .any(|known| fold_key(known) == fold_key(role))
        {
            record.roles.push(role.clone());
        }
    }
    for organisation in &person.organisations {
        if !record
            .organisations
            .iter()
            .any(|known| fold_key(known) == fold_key(organisation))
        {
            record.organisations.push(organisation.clone());
        }
    }
    // Issues are merged one after the other: this issue can only be the last one listed.
    if record.issues.last() != Some(&issue.id) {
        record.issues.push(issue.id.clone());
    }
    if person.contributor && record.contributed_to.last() != Some(&issue.id) {
        record.contributed_to.push(issue.id.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::IssueMetadata;

    fn issue(label: &str, year: i32, text: &str) -> Issue {
        let metadata = IssueMetadata {
            year: Some(year),
            series: Some("Dimensies".to_string()),
            ..IssueMetadata::default()
        };
        crate::ingest::extract_text(label, text, &metadata)
    }

    const TEXT: &str = "De regio is een ding, zegt iedereen vandaag.\n\n\
        “Een regionaal verband is niet iets wat à la minute kan functioneren,” zegt Jan Jansen. \n\n\
        Esther Klaster, adviseur bij Common Eye: “Leren met en van elkaar is waardevol.”";

    #[test]
    fn people_merge_across_issues_and_sort_by_surname() {
        let catalog = Catalog::build(vec![
            issue("a-2018.txt", 2018, TEXT),
            issue("b-2019.txt", 2019, TEXT),
        ]);
        assert_eq!(catalog.issues()[0].id.as_str(), "b-2019");
        let names: Vec<&str> = catalog
            .people()
            .iter()
            .map(|person| person.name.as_str())
            .collect();
        assert_eq!(names, ["Jan Jansen", "Esther Klaster"]);
        let klaster = catalog.person("esther-klaster").unwrap();
        assert_eq!(klaster.issues.len(), 2);
        assert_eq!(klaster.quotes.len(), 2);
        assert_eq!(klaster.roles, ["adviseur bij Common Eye"]);
        assert_eq!(catalog.find_people("klaster").len(), 1);
        assert_eq!(
            catalog.find_people("Esther KLASTER")[0].id.as_str(),
            "esther-klaster"
        );
        assert_eq!(catalog.counts().quotes, 4);
    }

    #[test]
    fn list_keys_follow_list_order_when_one_id_prefixes_another() {
        let catalog = Catalog::build(vec![
            issue("dimensies-2019.txt", 2019, TEXT),
            issue("dimensies-2019-regio.txt", 2019, TEXT),
        ]);
        let ids: Vec<&str> = catalog
            .issues()
            .iter()
            .map(|issue| issue.id.as_str())
            .collect();
        assert_eq!(ids, ["dimensies-2019", "dimensies-2019-regio"]);
        let keys: Vec<String> = catalog.quotes().map(|(key, ..)| key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    /// A store that counts how often an issue is read.
    struct CountingStore {
        issues: Vec<Issue>,
        reads: Arc<std::sync::atomic::AtomicUsize>,
    }

    impl IssueStore for CountingStore {
        fn load_issue(&self, id: &IssueId) -> Result<Issue, TextError> {
            self.reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            self.issues
                .iter()
                .find(|issue| &issue.id == id)
                .cloned()
                .ok_or_else(|| TextError {
                    issue: id.to_string(),
                    message: "not stored".to_string(),
                })
        }
    }

    #[test]
    fn a_catalog_over_a_store_reads_paragraph_texts_when_asked_and_keeps_recent_issues() {
        let whole = vec![
            issue("a-2018.txt", 2018, TEXT),
            issue("b-2019.txt", 2019, TEXT),
        ];
        let reads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let store = CountingStore {
            issues: whole.clone(),
            reads: Arc::clone(&reads),
        };
        let over_store = Catalog::build_over_store(whole.clone(), Box::new(store));
        let kept = Catalog::build(whole);
        let id = kept.articles().next().unwrap().2.id.to_string();
        let (_, listed) = over_store.article(&id).unwrap();
        assert!(listed.paragraphs.is_empty());
        let with_text = over_store.article_with_text(&id).unwrap().unwrap();
        let (_, original) = kept.article(&id).unwrap();
        assert_eq!(&*with_text, original);
        assert!(with_text.text().contains("De regio is een ding"));
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 1);
        over_store.article_with_text(&id).unwrap().unwrap();
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(over_store.article_with_text("c-2020/a1").unwrap().is_none());
        assert_eq!(over_store.people(), kept.people());
        assert_eq!(over_store.counts(), kept.counts());
    }

    #[test]
    fn a_store_that_lost_the_issue_is_an_error_naming_it() {
        let whole = vec![issue("a-2018.txt", 2018, TEXT)];
        let store = CountingStore {
            issues: Vec::new(),
            reads: Arc::default(),
        };
        let catalog = Catalog::build_over_store(whole, Box::new(store));
        let id = catalog.articles().next().unwrap().2.id.to_string();
        let error = catalog.article_with_text(&id).unwrap_err();
        assert_eq!(error.issue, "a-2018");
    }

    #[test]
    fn list_keys_follow_list_order() {
        let catalog = Catalog::build(vec![
            issue("a-2018.txt", 2018, TEXT),
            issue("b-2019.txt", 2019, TEXT),
        ]);
        let keys: Vec<String> = catalog.quotes().map(|(key, ..)| key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}
