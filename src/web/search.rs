//! The search page (`/?q=…&soort=…&pagina=…`) and, without a query, the home page.
//!
//! One box. The results come grouped by kind — citaten (as quote cards), artikelen (one per
//! article, its best passage as the snippet), personen, voetnoten — each with its count; a kind's
//! tab (`soort=citaten`) lists all of that kind, 20 a page. Facets say where the hits are
//! (issues, years, people). A word the archive does not know is searched as its nearest
//! spelling and the page says so ("Bedoelde u: …?"). Every list comes from
//! [`ArchiveIndex::search`](crate::index::ArchiveIndex::search) with the same requests the
//! GraphQL `search` field makes.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use crate::api::AppState;
use crate::catalog::Catalog;
use crate::catalog::filter::Filter;
use crate::index::search::{
    FacetSelection, HitKind, MAX_RESULT_WINDOW, SearchHit, SearchRequest, SearchResults,
};
use crate::web::article::{Link, kind_in_dutch};
use crate::web::quote::{QuoteCard, card};
use crate::web::{PageError, href, html, issue_label, render};

/// Hits on one page of a kind's tab.
pub const PAGE_SIZE: usize = 20;

/// Reads URL parameters leniently: a malformed query string counts as none.
pub fn parameters(raw: Option<&str>) -> HashMap<String, String> {
    raw.and_then(|raw| serde_urlencoded::from_str::<Vec<(String, String)>>(raw).ok())
        .map(|pairs| pairs.into_iter().collect())
        .unwrap_or_default()
}

/// The facets a search is narrowed to: an issue (`nummer=`), a year (`jaar=`), a person
/// (`persoon=`). They become a [`Filter`] that the catalog resolves into the index's
/// [`SearchFilter`](crate::index::search::SearchFilter), as the GraphQL `filter` argument does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refinement {
    /// An issue key.
    pub issue: Option<String>,
    /// A year of publication.
    pub year: Option<i32>,
    /// A person key.
    pub person: Option<String>,
}

impl Refinement {
    /// Reads the refinement from URL parameters; empty or unreadable values are left out.
    pub fn from_parameters(parameters: &HashMap<String, String>) -> Refinement {
        let text = |name: &str| {
            parameters
                .get(name)
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        Refinement {
            issue: text("nummer"),
            year: text("jaar").and_then(|year| year.parse().ok()),
            person: text("persoon"),
        }
    }

    /// Returns the catalog filter this refinement asks for.
    pub fn filter(&self) -> Filter {
        Filter {
            issues: self.issue.iter().cloned().collect(),
            years: self.year.map(|year| (year, year)),
            person: self.person.clone(),
            ..Filter::default()
        }
    }

    /// Returns whether it narrows nothing.
    pub fn is_empty(&self) -> bool {
        *self == Refinement::default()
    }

    /// Returns the search link of `query` with this refinement, a tab and a page.
    pub fn href(&self, query: &str, tab: Option<Tab>, page: Option<usize>) -> String {
        let year = self.year.map(|year| year.to_string()).unwrap_or_default();
        let page = page.map(|page| page.to_string()).unwrap_or_default();
        href::search(&[
            ("q", query),
            ("soort", tab.map_or("", Tab::parameter)),
            ("nummer", self.issue.as_deref().unwrap_or("")),
            ("jaar", &year),
            ("persoon", self.person.as_deref().unwrap_or("")),
            ("pagina", &page),
        ])
    }
}

/// A kind of result, as the page's tabs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Articles (whole articles and their paragraphs, one hit per article).
    Articles,
    /// Quotes.
    Quotes,
    /// People.
    People,
    /// Footnotes.
    Notes,
}

impl Tab {
    /// Every tab, in page order: who said what first.
    pub const ALL: [Tab; 4] = [Tab::Quotes, Tab::Articles, Tab::People, Tab::Notes];

    /// The value of `soort=`.
    pub fn parameter(self) -> &'static str {
        match self {
            Tab::Articles => "artikelen",
            Tab::Quotes => "citaten",
            Tab::People => "personen",
            Tab::Notes => "voetnoten",
        }
    }

    /// The heading.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Articles => "Artikelen",
            Tab::Quotes => "Citaten",
            Tab::People => "Personen",
            Tab::Notes => "Voetnoten",
        }
    }

    /// Reads `soort=`.
    pub fn parse(value: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|tab| tab.parameter() == value)
    }

    fn kinds(self) -> Vec<HitKind> {
        match self {
            Tab::Articles => vec![HitKind::Article, HitKind::Paragraph],
            Tab::Quotes => vec![HitKind::Quote],
            Tab::People => vec![HitKind::Person],
            Tab::Notes => vec![HitKind::Footnote],
        }
    }

    /// How many hits the overview (all kinds) shows.
    fn overview_size(self) -> usize {
        match self {
            Tab::Articles => 8,
            Tab::Quotes => 5,
            Tab::People => 5,
            Tab::Notes => 3,
        }
    }

    /// The request for this tab: articles one hit each, the rest every matching item.
    pub fn request(
        self,
        query: &str,
        offset: usize,
        limit: usize,
        snippets: bool,
    ) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            kinds: self.kinds(),
            offset,
            limit,
            snippets,
            group_by_article: self == Tab::Articles,
            facets: FacetSelection::NONE,
        }
    }
}

/// A hit that is not a quote, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitView {
    /// The heading (article title, person's name, "Voetnoot 2 bij …").
    pub title: String,
    /// Where the heading links.
    pub href: String,
    /// A line under the heading (section and kind, roles).
    pub detail: String,
    /// The snippet as HTML (only `<mark>` kept).
    pub snippet_html: String,
    /// The issue it is in.
    pub issue: Option<Link>,
}

/// One kind's results.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Which kind.
    pub tab: Tab,
    /// Its heading.
    pub label: &'static str,
    /// Hits in all.
    pub total: usize,
    /// The link to all of this kind.
    pub href: String,
    /// Quote cards (the quote tab).
    pub cards: Vec<QuoteCard>,
    /// Other hits.
    pub hits: Vec<HitView>,
}

/// A facet value with its count and link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetLink {
    /// What it is called.
    pub label: String,
    /// How many hits have it.
    pub count: u64,
    /// The search narrowed to it, or, when it is chosen, widened again.
    pub href: String,
    /// Whether the search is narrowed to it.
    pub selected: bool,
}

/// A chosen facet, shown with a link that removes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// What kind of facet ("Nummer", "Jaar", "Persoon").
    pub facet: &'static str,
    /// Its value as shown.
    pub label: String,
    /// The search without it.
    pub remove_href: String,
}

/// A spelling help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The query with the corrections.
    pub corrected: String,
    /// A search for the corrected query.
    pub href: String,
    /// Words the archive does not know, searched as their correction instead.
    pub replaced: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    query: String,
    current: Option<Tab>,
    tabs: Vec<(Link, usize, bool)>,
    all_href: String,
    groups: Vec<Group>,
    suggestion: Option<Suggestion>,
    dropped: Vec<String>,
    issues: Vec<FacetLink>,
    years: Vec<FacetLink>,
    people: Vec<FacetLink>,
    chosen: Vec<Chosen>,
    total: usize,
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    theme_href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    query: String,
    issues: Vec<(Link, String, usize)>,
    counts: crate::catalog::CatalogCounts,
    examples: Vec<Link>,
    theme_example: Link,
}

/// `GET /`: the home page, or the results of `q`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let parameters = parameters(raw.as_deref());
    let query = parameters
        .get("q")
        .map(|query| query.trim().to_string())
        .unwrap_or_default();
    let catalog = crate::web::catalog(&state).await?;
    if query.is_empty() {
        return Ok(render(&home(&catalog)));
    }
    let current = parameters.get("soort").and_then(|value| Tab::parse(value));
    let refinement = Refinement::from_parameters(&parameters);
    let search_filter = catalog
        .resolve(&refinement.filter())
        .search_filter(&catalog);
    let page_number = parameters
        .get("pagina")
        .and_then(|value| value.parse::<usize>().ok())
        .filter(|&number| number >= 1)
        .unwrap_or(1)
        .min(MAX_RESULT_WINDOW / PAGE_SIZE);

    // The overview request carries the facets and the spelling help of the whole query.
    let overview = crate::web::run_search(
        &state,
        SearchRequest {
            query: query.clone(),
            kinds: Vec::new(),
            offset: 0,
            limit: 1,
            snippets: false,
            group_by_article: true,
            facets: FacetSelection {
                kinds: false,
                ..FacetSelection::ALL
            },
        },
        search_filter.clone(),
    )
    .await?;
    let mut groups = Vec::new();
    for tab in Tab::ALL {
        let request = match current {
            None => tab.request(&query, 0, tab.overview_size(), true),
            Some(shown) if shown == tab => {
                tab.request(&query, (page_number - 1) * PAGE_SIZE, PAGE_SIZE, true)
            }
            Some(_) => tab.request(&query, 0, 1, false),
        };
        let shows_hits = request.snippets;
        let results = crate::web::run_search(&state, request, search_filter.clone()).await?;
        groups.push(group(
            &catalog,
            &query,
            tab,
            &results,
            shows_hits,
            state.public_url(),
            &refinement,
        ));
    }
    let tabs = groups
        .iter()
        .map(|group| {
            (
                Link {
                    text: group.label.to_string(),
                    href: group.href.clone(),
                },
                group.total,
                current == Some(group.tab),
            )
        })
        .collect();
    let total: usize = groups.iter().map(|group| group.total).sum();
    let (pages, previous, next) = match current.and_then(|tab| groups.iter().find(|g| g.tab == tab))
    {
        Some(shown) => {
            let pages = shown
                .total
                .div_ceil(PAGE_SIZE)
                .clamp(1, MAX_RESULT_WINDOW / PAGE_SIZE);
            let link = |number: usize| refinement.href(&query, Some(shown.tab), Some(number));
            (
                pages,
                (page_number > 1).then(|| link(page_number - 1)),
                (page_number < pages).then(|| link(page_number + 1)),
            )
        }
        None => (1, None, None),
    };
    let groups: Vec<Group> = groups
        .into_iter()
        .filter(|group| current.is_none_or(|tab| tab == group.tab))
        .collect();
    let page = SearchPage {
        current,
        tabs,
        all_href: refinement.href(&query, None, None),
        groups,
        suggestion: suggestion(&overview, &refinement, current),
        dropped: overview.dropped_terms.clone(),
        issues: overview
            .facets
            .issues
            .iter()
            .filter_map(|facet| {
                let issue = catalog.issue(&facet.value)?;
                let selected = refinement.issue.as_deref() == Some(facet.value.as_str());
                let toggled = Refinement {
                    issue: (!selected).then(|| facet.value.clone()),
                    ..refinement.clone()
                };
                Some(FacetLink {
                    label: issue_label(issue),
                    count: facet.count,
                    href: toggled.href(&query, current, None),
                    selected,
                })
            })
            .collect(),
        years: overview
            .facets
            .years
            .iter()
            .filter_map(|facet| {
                let year: i32 = facet.value.parse().ok()?;
                let selected = refinement.year == Some(year);
                let toggled = Refinement {
                    year: (!selected).then_some(year),
                    ..refinement.clone()
                };
                Some(FacetLink {
                    label: facet.value.clone(),
                    count: facet.count,
                    href: toggled.href(&query, current, None),
                    selected,
                })
            })
            .collect(),
        people: overview
            .facets
            .people
            .iter()
            .filter_map(|facet| {
                let person = catalog.person(&facet.value)?;
                let selected = refinement.person.as_deref() == Some(facet.value.as_str());
                let toggled = Refinement {
                    person: (!selected).then(|| facet.value.clone()),
                    ..refinement.clone()
                };
                Some(FacetLink {
                    label: person.name.clone(),
                    count: facet.count,
                    href: toggled.href(&query, current, None),
                    selected,
                })
            })
            .take(10)
            .collect(),
        chosen: chosen(&catalog, &query, current, &refinement),
        total,
        page: page_number,
        pages,
        previous,
        next,
        theme_href: href::theme(&query),
        query,
    };
    Ok(render(&page))
}

/// Returns the chosen facets, each with the search without it.
fn chosen(
    catalog: &Catalog,
    query: &str,
    tab: Option<Tab>,
    refinement: &Refinement,
) -> Vec<Chosen> {
    let mut chosen = Vec::new();
    if let Some(id) = &refinement.issue {
        chosen.push(Chosen {
            facet: "Nummer",
            label: catalog.issue(id).map_or_else(|| id.clone(), issue_label),
            remove_href: Refinement {
                issue: None,
                ..refinement.clone()
            }
            .href(query, tab, None),
        });
    }
    if let Some(year) = refinement.year {
        chosen.push(Chosen {
            facet: "Jaar",
            label: year.to_string(),
            remove_href: Refinement {
                year: None,
                ..refinement.clone()
            }
            .href(query, tab, None),
        });
    }
    if let Some(id) = &refinement.person {
        chosen.push(Chosen {
            facet: "Persoon",
            label: catalog
                .person(id)
                .map_or_else(|| id.clone(), |person| person.name.clone()),
            remove_href: Refinement {
                person: None,
                ..refinement.clone()
            }
            .href(query, tab, None),
        });
    }
    chosen
}

/// Returns the spelling help of a search: "Bedoelde u: …?".
fn suggestion(
    results: &SearchResults,
    refinement: &Refinement,
    tab: Option<Tab>,
) -> Option<Suggestion> {
    let corrected = results.corrected_query.clone()?;
    let replaced = results
        .corrections
        .iter()
        .filter(|correction| correction.replaced)
        .map(|correction| (correction.original.clone(), correction.correction.clone()))
        .collect();
    Some(Suggestion {
        href: refinement.href(&corrected, tab, None),
        corrected,
        replaced,
    })
}

fn group(
    catalog: &Catalog,
    query: &str,
    tab: Tab,
    results: &SearchResults,
    shows: bool,
    public_url: Option<&str>,
    refinement: &Refinement,
) -> Group {
    let mut cards = Vec::new();
    let mut hits = Vec::new();
    if shows {
        for hit in &results.hits {
            if hit.kind == HitKind::Quote {
                if let Some((issue, article, quote)) = catalog.quote(&hit.id) {
                    cards.push(card(
                        catalog,
                        (issue, article, quote),
                        Some(&hit.snippet),
                        public_url,
                    ));
                }
            } else if let Some(view) = hit_view(catalog, hit) {
                hits.push(view);
            }
        }
    }
    Group {
        tab,
        label: tab.label(),
        total: results.total,
        href: refinement.href(query, Some(tab), None),
        cards,
        hits,
    }
}

/// Returns how a hit that is not a quote is shown; `None` when its item left the catalog.
fn hit_view(catalog: &Catalog, hit: &SearchHit) -> Option<HitView> {
    let snippet_html = html::marked_snippet(&hit.snippet);
    match hit.kind {
        HitKind::Person => {
            let person = catalog.person(&hit.id)?;
            let issue = person
                .issues
                .first()
                .and_then(|id| catalog.issue(id.as_str()));
            Some(HitView {
                title: person.name.clone(),
                href: href::person(&hit.id),
                detail: person.roles.join("; "),
                snippet_html,
                issue: issue.map(|issue| Link {
                    text: issue_label(issue),
                    href: href::issue(issue.id.as_str()),
                }),
            })
        }
        HitKind::Article | HitKind::Paragraph | HitKind::Footnote | HitKind::Quote => {
            let (issue, article) = catalog.article(hit.article_id.as_deref()?)?;
            let (title, anchor) = match hit.kind {
                HitKind::Footnote => {
                    let note = catalog.footnote(&hit.id).map(|(_, _, note)| note.number);
                    (
                        format!(
                            "Voetnoot {} bij “{}”",
                            note.map(|number| number.to_string()).unwrap_or_default(),
                            article.title
                        ),
                        note.map(|number| format!("#noot-{number}"))
                            .unwrap_or_default(),
                    )
                }
                HitKind::Paragraph => (
                    article.title.clone(),
                    hit.id
                        .rsplit_once("/p")
                        .map(|(_, number)| format!("#alinea-{number}"))
                        .unwrap_or_default(),
                ),
                _ => (article.title.clone(), String::new()),
            };
            let mut detail = vec![kind_in_dutch(article.kind).to_string()];
            if let Some(section) = &article.section {
                detail.insert(0, section.clone());
            }
            Some(HitView {
                title,
                href: format!("{}{anchor}", href::article(article.id.as_str())),
                detail: detail.join(" · "),
                snippet_html,
                issue: Some(Link {
                    text: issue_label(issue),
                    href: href::issue(issue.id.as_str()),
                }),
            })
        }
    }
}

fn home(catalog: &Catalog) -> HomePage {
    let issues = catalog
        .issues()
        .iter()
        .map(|issue| {
            (
                Link {
                    text: issue_label(issue),
                    href: href::issue(issue.id.as_str()),
                },
                issue.title.clone(),
                issue.articles.len(),
            )
        })
        .collect();
    let examples = ["regionale samenwerking", "\"leven lang leren\"", "stage"]
        .into_iter()
        .map(|example| Link {
            text: example.to_string(),
            href: href::search(&[("q", example)]),
        })
        .collect();
    HomePage {
        query: String::new(),
        issues,
        counts: catalog.counts(),
        examples,
        theme_example: Link {
            text: "regionale samenwerking".to_string(),
            href: href::theme("regionale samenwerking"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read_leniently() {
        let read = parameters(Some("q=regio%27s+samen&soort=citaten"));
        assert_eq!(read.get("q").map(String::as_str), Some("regio's samen"));
        assert_eq!(
            read.get("soort").and_then(|s| Tab::parse(s)),
            Some(Tab::Quotes)
        );
        assert!(
            parameters(Some("q=%ZZ"))
                .get("q")
                .is_none_or(|q| !q.is_empty())
        );
        assert!(parameters(None).is_empty());
    }

    #[test]
    fn refinements_come_from_the_url_and_go_back_into_links() {
        let read = parameters(Some(
            "q=regio&nummer=dimensies-2019&jaar=2019&persoon=&soort=x",
        ));
        let refinement = Refinement::from_parameters(&read);
        assert_eq!(refinement.issue.as_deref(), Some("dimensies-2019"));
        assert_eq!(refinement.year, Some(2019));
        assert_eq!(refinement.person, None, "an empty value narrows nothing");
        assert_eq!(refinement.filter().years, Some((2019, 2019)));
        assert_eq!(
            refinement.href("regio", Some(Tab::Quotes), Some(2)),
            "/?q=regio&soort=citaten&nummer=dimensies-2019&jaar=2019&pagina=2"
        );
        assert!(Refinement::from_parameters(&parameters(Some("jaar=twee"))).is_empty());
    }

    #[test]
    fn only_the_article_tab_groups_by_article() {
        assert!(Tab::Articles.request("x", 0, 1, false).group_by_article);
        assert!(!Tab::Quotes.request("x", 0, 1, false).group_by_article);
        assert_eq!(
            Tab::Notes.request("x", 20, 20, true).kinds,
            [HitKind::Footnote]
        );
    }
}
