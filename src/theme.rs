//! A theme followed across the archive ("regionale samenwerking"): which issues discuss it and
//! how much, in which articles and quotes, and which people and organisations speak about it.
//!
//! [`theme_request`] is the search a theme runs; [`ThemeReport::from_results`] is a pure
//! function from its results and the catalog to the report. The GraphQL `theme` field and the
//! theme web page (`/thema?q=`) both call these two, so they always agree.

use std::collections::HashMap;

use crate::catalog::Catalog;
use crate::index::search::{FacetSelection, HitKind, SearchRequest, SearchResults};

/// Most hits a theme considers.
pub const MAX_THEME_MATCHES: usize = 10_000;

/// Returns the search a theme runs: every matching article, paragraph, quote and footnote
/// (not grouped by article, no snippets), counted per issue (the timeline).
pub fn theme_request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        kinds: vec![
            HitKind::Article,
            HitKind::Paragraph,
            HitKind::Quote,
            HitKind::Footnote,
        ],
        offset: 0,
        limit: MAX_THEME_MATCHES,
        snippets: false,
        group_by_article: false,
        facets: FacetSelection {
            issues: true,
            ..FacetSelection::NONE
        },
    }
}

/// What the archive says about a theme. Every id in it is in the catalog it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeReport {
    /// The theme as asked.
    pub query: String,
    /// Matching articles, paragraphs, quotes and footnotes in all.
    pub total: usize,
    /// Matches per issue id, oldest issue first; issues without a match are left out.
    pub issues: Vec<(String, u64)>,
    /// Article ids, most relevant first (the sum of the scores of their matching parts).
    pub articles: Vec<String>,
    /// Quote ids, most relevant first.
    pub quotes: Vec<String>,
    /// Person ids with their matching quotes plus matching paragraphs naming them, most first.
    pub people: Vec<(String, u64)>,
    /// Organisations of those people, with the sum of their people's counts, most first.
    pub organisations: Vec<(String, u64)>,
}

impl ThemeReport {
    /// Builds the report from the results of [`theme_request`].
    pub fn from_results(query: &str, results: &SearchResults, catalog: &Catalog) -> ThemeReport {
        let mut article_scores: HashMap<String, f32> = HashMap::new();
        let mut quotes = Vec::new();
        let mut people: HashMap<String, u64> = HashMap::new();
        for hit in &results.hits {
            if let Some(article) = &hit.article_id
                && matches!(hit.kind, HitKind::Article | HitKind::Paragraph)
            {
                *article_scores.entry(article.clone()).or_default() += hit.score;
            }
            if hit.kind == HitKind::Quote && catalog.quote(&hit.id).is_some() {
                quotes.push(hit.id.clone());
            }
            if matches!(hit.kind, HitKind::Quote | HitKind::Paragraph) {
                for person in &hit.person_ids {
                    *people.entry(person.clone()).or_default() += 1;
                }
            }
        }
        let mut articles: Vec<(String, f32)> = article_scores
            .into_iter()
            .filter(|(id, _)| catalog.article(id).is_some())
            .collect();
        articles.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut people: Vec<(String, u64)> = people
            .into_iter()
            .filter(|(id, _)| catalog.person(id).is_some())
            .collect();
        people.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let organisations = organisations_of(&people, catalog);
        let mut issues: Vec<(String, u64)> = results
            .facets
            .issues
            .iter()
            .filter(|facet| catalog.issue(&facet.value).is_some())
            .map(|facet| (facet.value.clone(), facet.count))
            .collect();
        issues.sort_by_key(|(id, _)| oldest_first_key(catalog, id));
        ThemeReport {
            query: query.to_string(),
            total: results.total,
            issues,
            articles: articles.into_iter().map(|(id, _)| id).collect(),
            quotes,
            people,
            organisations,
        }
    }

    /// Returns one point per issue of the archive, oldest first: the issue id and its number of
    /// matches (0 for an issue that does not discuss the theme). A timeline's data.
    pub fn timeline(&self, catalog: &Catalog) -> Vec<(String, u64)> {
        let counts: HashMap<&str, u64> = self
            .issues
            .iter()
            .map(|(id, count)| (id.as_str(), *count))
            .collect();
        let mut points: Vec<(String, u64)> = catalog
            .issues()
            .iter()
            .map(|issue| {
                let count = counts.get(issue.id.as_str()).copied().unwrap_or(0);
                (issue.id.to_string(), count)
            })
            .collect();
        points.sort_by_key(|(id, _)| oldest_first_key(catalog, id));
        points
    }
}

/// Sort key of an issue on a timeline: year, month, number, id.
fn oldest_first_key(
    catalog: &Catalog,
    id: &str,
) -> (Option<i32>, Option<u32>, Option<u32>, String) {
    let issue = catalog.issue(id);
    (
        issue.and_then(|issue| issue.year),
        issue.and_then(|issue| issue.month),
        issue.and_then(|issue| issue.number),
        id.to_string(),
    )
}

/// Sums the counts of people per organisation they are affiliated with (names compared without
/// case or accents, written as first seen).
fn organisations_of(people: &[(String, u64)], catalog: &Catalog) -> Vec<(String, u64)> {
    let mut totals: Vec<(String, u64)> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (id, count) in people {
        let Some(person) = catalog.person(id) else {
            continue;
        };
        for organisation in &person.organisations {
            let key = crate::text::fold_key(organisation);
            let position = *positions.entry(key).or_insert_with(|| {
                totals.push((organisation.clone(), 0));
                totals.len() - 1
            });
            totals[position].1 += count;
        }
    }
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::search::{FacetCount, Facets, SearchHit};
    use crate::ingest::read::IssueMetadata;

    fn catalog() -> Catalog {
        let text = "Samenwerking in de regio is lastig, zegt iedereen.\n\n\
            “Regionale samenwerking vraagt geduld,” zegt Jan Jansen, adviseur bij Common Eye.\n\n\
            “Samenwerken doe je samen,” zegt Esther Klaster, adviseur bij Common Eye.";
        let older = IssueMetadata {
            year: Some(2018),
            series: Some("Dimensies".to_string()),
            ..IssueMetadata::default()
        };
        let newer = IssueMetadata {
            year: Some(2020),
            ..older.clone()
        };
        Catalog::build(vec![
            crate::ingest::extract_text("nieuw-2020.txt", text, &newer),
            crate::ingest::extract_text("oud-2018.txt", text, &older),
        ])
    }

    fn hit(kind: HitKind, id: &str, article: &str, people: &[&str], score: f32) -> SearchHit {
        SearchHit {
            kind,
            id: id.to_string(),
            score,
            snippet: String::new(),
            article_id: Some(article.to_string()),
            issue_ids: vec![id.split('/').next().unwrap_or("").to_string()],
            person_ids: people.iter().map(|person| person.to_string()).collect(),
            matched_terms: Vec::new(),
        }
    }

    #[test]
    fn report_counts_people_their_organisations_and_every_issue_on_the_timeline() {
        let catalog = catalog();
        let quote_ids: Vec<String> = catalog
            .quotes()
            .filter(|(_, issue, _, _)| issue.id.as_str() == "oud-2018")
            .map(|(_, _, _, quote)| quote.id.to_string())
            .collect();
        assert_eq!(quote_ids.len(), 2, "{quote_ids:?}");
        let results = SearchResults {
            total: 3,
            hits: vec![
                hit(
                    HitKind::Quote,
                    &quote_ids[0],
                    "oud-2018/a1",
                    &["jan-jansen"],
                    2.0,
                ),
                hit(
                    HitKind::Quote,
                    &quote_ids[1],
                    "oud-2018/a1",
                    &["esther-klaster"],
                    1.0,
                ),
                hit(
                    HitKind::Paragraph,
                    "oud-2018/a1/p1",
                    "oud-2018/a1",
                    &["jan-jansen"],
                    1.0,
                ),
                hit(
                    HitKind::Quote,
                    "oud-2018/q99",
                    "oud-2018/a1",
                    &["niemand"],
                    1.0,
                ),
            ],
            facets: Facets {
                issues: vec![FacetCount {
                    value: "oud-2018".to_string(),
                    count: 3,
                }],
                ..Facets::default()
            },
            dropped_terms: Vec::new(),
            corrections: Vec::new(),
            corrected_query: None,
        };
        let report = ThemeReport::from_results("regionale samenwerking", &results, &catalog);
        assert_eq!(
            report.quotes, quote_ids,
            "a quote not in the catalog is left out"
        );
        assert_eq!(
            report.people,
            [
                ("jan-jansen".to_string(), 2),
                ("esther-klaster".to_string(), 1)
            ]
        );
        assert_eq!(report.organisations, [("Common Eye".to_string(), 3)]);
        assert_eq!(report.articles, ["oud-2018/a1"]);
        assert_eq!(
            report.timeline(&catalog),
            [("oud-2018".to_string(), 3), ("nieuw-2020".to_string(), 0)]
        );
    }

    #[test]
    fn the_request_lists_every_part_without_grouping() {
        let request = theme_request("onderzoekscultuur");
        assert!(!request.group_by_article);
        assert!(!request.kinds.contains(&HitKind::Person));
        assert_eq!(request.limit, MAX_THEME_MATCHES);
    }
}
