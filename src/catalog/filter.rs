//! Filters over the catalog: issue, year range, article kind, person (in a role) and
//! organisation, as the facets of a search offer them.
//!
//! A [`Filter`] says what a user asked for; [`Catalog::resolve`] turns it into a
//! [`ResolvedFilter`] (people found by key, name or surname) that decides for each issue,
//! article, quote, footnote and person whether it is kept, and that makes the
//! [`SearchFilter`] the index applies, so a search and a listing keep the same records.
//!
//! ```
//! # use dimensies::catalog::{Catalog, filter::{Filter, PersonRole}};
//! let catalog = Catalog::build(Vec::new());
//! let filter = Filter { years: Some((2018, 2019)), ..Filter::default() };
//! assert_eq!(catalog.resolve(&filter).articles(&catalog).count(), 0);
//! ```

use std::collections::HashSet;

use crate::catalog::{Catalog, PersonRecord};
use crate::index::search::{SearchFilter, SearchScope};
use crate::model::{Article, ArticleKind, Footnote, Issue, Quote};
use crate::text::fold_key;

/// The part a person plays in what a filter keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PersonRole {
    /// Any part: speaker, author or named.
    #[default]
    Any,
    /// The person said it (quotes; articles and footnotes with a quote of theirs).
    Speaker,
    /// The person wrote it (articles and what is in them).
    Author,
    /// The text names the person (articles and what is in them).
    Mentioned,
}

/// What to keep; every field given must hold, an empty field keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Issue keys; a record of any of them is kept.
    pub issues: Vec<String>,
    /// Years of publication, inclusive.
    pub years: Option<(i32, i32)>,
    /// Article kinds: records in articles of these kinds (people: who appear in one).
    pub article_kinds: Vec<ArticleKind>,
    /// A person as a user writes them: key, full name or surname (any case).
    pub person: Option<String>,
    /// The part the person plays.
    pub person_role: PersonRole,
    /// An organisation, by (part of) its name, any case: articles naming it, quotes of people
    /// affiliated with it, people affiliated with it.
    pub organisation: Option<String>,
}

/// A filter resolved against one catalog.
#[derive(Debug, Clone)]
pub struct ResolvedFilter {
    filter: Filter,
    /// Keys of the people the filter's person fits (`None`: no person asked for).
    people: Option<HashSet<String>>,
    /// The organisation, folded.
    organisation: Option<String>,
}

impl Catalog {
    /// Resolves a filter against this catalog.
    pub fn resolve(&self, filter: &Filter) -> ResolvedFilter {
        let people = filter.person.as_ref().map(|written| {
            self.find_people(written)
                .into_iter()
                .map(|person| person.id.to_string())
                .collect()
        });
        ResolvedFilter {
            filter: filter.clone(),
            people,
            organisation: filter
                .organisation
                .as_deref()
                .map(fold_key)
                .filter(|name| !name.trim().is_empty()),
        }
    }
}

fn names_organisation(names: &[String], folded: &str) -> bool {
    names.iter().any(|name| fold_key(name).contains(folded))
}

impl ResolvedFilter {
    /// Returns whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.filter == Filter::default()
    }

    /// Whether the issue is one of the filter's issues and years.
    pub fn keeps_issue(&self, issue: &Issue) -> bool {
        let by_key = self.filter.issues.is_empty()
            || self
                .filter
                .issues
                .iter()
                .any(|key| key == issue.id.as_str());
        let by_year = match self.filter.years {
            None => true,
            Some((from, to)) => issue.year.is_some_and(|year| from <= year && year <= to),
        };
        by_key && by_year
    }

    fn is_person(&self, catalog: &Catalog, id: &str) -> bool {
        self.people
            .as_ref()
            .is_some_and(|people| people.contains(id))
            && { catalog.person(id).is_some() }
    }

    fn person_is_affiliated(&self, catalog: &Catalog, id: &str, folded: &str) -> bool {
        catalog
            .person(id)
            .is_some_and(|person| names_organisation(&person.organisations, folded))
    }

    /// Whether the article is of one of the filter's kinds.
    fn keeps_kind(&self, article: &Article) -> bool {
        self.filter.article_kinds.is_empty() || self.filter.article_kinds.contains(&article.kind)
    }

    /// Whether the article's own conditions hold (kind, organisation), leaving the person out.
    fn keeps_article_apart_from_person(
        &self,
        catalog: &Catalog,
        issue: &Issue,
        article: &Article,
    ) -> bool {
        if !self.keeps_issue(issue) {
            return false;
        }
        if !self.keeps_kind(article) {
            return false;
        }
        match &self.organisation {
            None => true,
            Some(folded) => {
                names_organisation(&article.organisations, folded)
                    || article
                        .authors
                        .iter()
                        .any(|id| self.person_is_affiliated(catalog, id.as_str(), folded))
            }
        }
    }

    /// Whether the person plays the filter's part in the article.
    fn person_in_article(&self, catalog: &Catalog, article: &Article) -> bool {
        if self.people.is_none() {
            return true;
        }
        let authored = || {
            article
                .authors
                .iter()
                .any(|id| self.is_person(catalog, id.as_str()))
        };
        let spoke = || {
            article.quotes.iter().any(|quote| {
                quote
                    .speaker
                    .as_ref()
                    .is_some_and(|id| self.is_person(catalog, id.as_str()))
            })
        };
        let named = || {
            article
                .people
                .iter()
                .any(|id| self.is_person(catalog, id.as_str()))
        };
        match self.filter.person_role {
            PersonRole::Any => authored() || spoke() || named(),
            PersonRole::Speaker => spoke(),
            PersonRole::Author => authored(),
            PersonRole::Mentioned => named(),
        }
    }

    /// Whether the filter keeps the article.
    pub fn keeps_article(&self, catalog: &Catalog, issue: &Issue, article: &Article) -> bool {
        self.keeps_article_apart_from_person(catalog, issue, article)
            && self.person_in_article(catalog, article)
    }

    /// Whether the filter keeps the quote: its article's issue and kind; the person as its
    /// speaker (role any or speaker) or in its article's role; the organisation the speaker's
    /// (what people of an organisation said, not every quote near its name).
    pub fn keeps_quote(
        &self,
        catalog: &Catalog,
        issue: &Issue,
        article: &Article,
        quote: &Quote,
    ) -> bool {
        if !self.keeps_issue(issue) {
            return false;
        }
        if !self.keeps_kind(article) {
            return false;
        }
        if let Some(folded) = &self.organisation {
            let by_speaker = quote
                .speaker
                .as_ref()
                .is_some_and(|id| self.person_is_affiliated(catalog, id.as_str(), folded));
            if !by_speaker {
                return false;
            }
        }
        if self.people.is_none() {
            return true;
        }
        match self.filter.person_role {
            PersonRole::Any | PersonRole::Speaker => quote
                .speaker
                .as_ref()
                .is_some_and(|id| self.is_person(catalog, id.as_str())),
            PersonRole::Author | PersonRole::Mentioned => self.person_in_article(catalog, article),
        }
    }

    /// Whether the filter keeps the footnote (as it keeps its article).
    pub fn keeps_footnote(
        &self,
        catalog: &Catalog,
        issue: &Issue,
        article: &Article,
        _footnote: &Footnote,
    ) -> bool {
        self.keeps_article(catalog, issue, article)
    }

    /// Whether the filter keeps the person: named in a kept issue (and an article of a kept
    /// kind), affiliated with the organisation, the person asked for.
    pub fn keeps_person(&self, catalog: &Catalog, person: &PersonRecord) -> bool {
        let in_issue = person.issues.iter().any(|id| {
            catalog
                .issue(id.as_str())
                .is_some_and(|issue| self.keeps_issue(issue))
        });
        if !in_issue {
            return false;
        }
        if !self.filter.article_kinds.is_empty() {
            let in_kind = person.articles.iter().any(|id| {
                catalog
                    .article(id.as_str())
                    .is_some_and(|(issue, article)| {
                        self.keeps_issue(issue) && self.filter.article_kinds.contains(&article.kind)
                    })
            });
            if !in_kind {
                return false;
            }
        }
        if let Some(folded) = &self.organisation
            && !names_organisation(&person.organisations, folded)
        {
            return false;
        }
        match &self.people {
            None => true,
            Some(people) => people.contains(person.id.as_str()),
        }
    }

    /// The articles kept, in catalog order, with their list keys.
    pub fn articles<'c>(
        &'c self,
        catalog: &'c Catalog,
    ) -> impl Iterator<Item = (String, &'c Issue, &'c Article)> + 'c {
        catalog
            .articles()
            .filter(move |(_, issue, article)| self.keeps_article(catalog, issue, article))
    }

    /// The search filter that keeps the same records in the index: issues and years as terms,
    /// the person as a person of the record, and, when the article's kind, the organisation or
    /// the person's role decide, the articles and people kept as a scope.
    pub fn search_filter(&self, catalog: &Catalog) -> SearchFilter {
        let mut search = SearchFilter {
            issue_ids: self.filter.issues.clone(),
            years: self.filter.years,
            ..SearchFilter::default()
        };
        if let Some(people) = &self.people {
            let mut ids: Vec<String> = people.iter().cloned().collect();
            ids.sort();
            if ids.is_empty() {
                // Nobody fits the name: keep nothing.
                search.within = Some(SearchScope::default());
                return search;
            }
            search.person_ids = ids;
        }
        let scoped = !self.filter.article_kinds.is_empty()
            || self.organisation.is_some()
            || (self.people.is_some() && self.filter.person_role != PersonRole::Any);
        if scoped {
            let article_ids = self
                .articles(catalog)
                .map(|(_, _, article)| article.id.to_string())
                .collect();
            let person_ids = catalog
                .people()
                .iter()
                .filter(|person| self.keeps_person(catalog, person))
                .map(|person| person.id.to_string())
                .collect();
            search.within = Some(SearchScope {
                article_ids,
                person_ids,
            });
        }
        search
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

    const STAGES: &str = "Stages in de regio\n\n\
        “Een regionaal verband groeit langzaam,” zegt Jan Jansen.\n\n\
        Esther Klaster, adviseur bij Common Eye: “Leren met en van elkaar is waardevol.”";

    fn catalog() -> Catalog {
        Catalog::build(vec![
            issue("a-2018.txt", 2018, STAGES),
            issue("b-2020.txt", 2020, STAGES),
        ])
    }

    #[test]
    fn years_keep_the_issues_published_in_them() {
        let catalog = catalog();
        let filter = catalog.resolve(&Filter {
            years: Some((2019, 2021)),
            ..Filter::default()
        });
        let issues: Vec<&str> = catalog
            .issues()
            .iter()
            .filter(|issue| filter.keeps_issue(issue))
            .map(|issue| issue.id.as_str())
            .collect();
        assert_eq!(issues, ["b-2020"]);
        assert_eq!(
            filter.search_filter(&catalog),
            SearchFilter {
                years: Some((2019, 2021)),
                ..SearchFilter::default()
            }
        );
    }

    #[test]
    fn a_speaker_keeps_their_quotes_only() {
        let catalog = catalog();
        let filter = catalog.resolve(&Filter {
            person: Some("klaster".to_string()),
            issues: vec!["a-2018".to_string()],
            ..Filter::default()
        });
        let texts: Vec<&str> = catalog
            .quotes()
            .filter(|(_, issue, article, quote)| {
                filter.keeps_quote(&catalog, issue, article, quote)
            })
            .map(|(_, _, _, quote)| quote.text.as_str())
            .collect();
        assert_eq!(texts, ["Leren met en van elkaar is waardevol."]);
    }

    #[test]
    fn an_organisation_keeps_its_people_and_their_quotes() {
        let catalog = catalog();
        let filter = catalog.resolve(&Filter {
            organisation: Some("common eye".to_string()),
            ..Filter::default()
        });
        let people: Vec<&str> = catalog
            .people()
            .iter()
            .filter(|person| filter.keeps_person(&catalog, person))
            .map(|person| person.name.as_str())
            .collect();
        assert_eq!(people, ["Esther Klaster"]);
        let quotes = catalog
            .quotes()
            .filter(|(_, issue, article, quote)| {
                filter.keeps_quote(&catalog, issue, article, quote)
            })
            .count();
        assert_eq!(quotes, 2);
        let scope = filter.search_filter(&catalog).within.unwrap();
        assert_eq!(scope.person_ids, ["esther-klaster"]);
    }

    #[test]
    fn an_unknown_person_keeps_nothing_in_search() {
        let catalog = catalog();
        let filter = catalog.resolve(&Filter {
            person: Some("Niemand".to_string()),
            ..Filter::default()
        });
        assert_eq!(
            filter.search_filter(&catalog).within,
            Some(SearchScope::default())
        );
        assert_eq!(filter.articles(&catalog).count(), 0);
    }
}
