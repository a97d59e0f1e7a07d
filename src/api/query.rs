//! The query root: listings from the catalog snapshot, full-text matching from the index.
//!
//! Index work is synchronous and CPU-bound, so it runs on the blocking pool
//! (`tokio::task::spawn_blocking`), never on the async threads.

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{Context, ID, Lookahead, Object};
use tracing::error;

use crate::api::filter::{FilterInput, to_filter};
use crate::api::order::{Order, OrderBy, OrderField, resolve_order};
use crate::api::relay::{
    self, Connection, Cursor, Edge, PageArgs, page_by_key, page_by_offset, user_error,
};
use crate::api::types::{
    ArticleNode, FacetCountValue, FootnoteNode, HitKindValue, IssueNode, Node, PersonNode,
    QuoteNode, SearchConnection, SearchFacets, SearchHitNode, SpellingCorrectionValue, ThemeIssue,
    ThemeOrganisation, ThemePerson, resolve_node,
};
use crate::catalog::Catalog;
use crate::index::search::{
    FacetCount, FacetSelection, HitKind, SearchFilter, SearchRequest, SearchResults,
};
use crate::index::{ArchiveIndex, IndexError};
use crate::theme::{ThemeReport, theme_request};

/// Most hits a theme or a filtered listing considers.
const MAX_MATCHES: usize = 10_000;

/// Most hits `search` orders otherwise than best first.
const MAX_ORDERED_HITS: usize = 1_000;

/// Orders ranked hits: `DATE` by their issue's date (newest first when descending; the rank
/// decides among hits of one issue), `RELEVANCE` ascending worst first.
fn order_hits(hits: &mut Vec<crate::index::search::SearchHit>, order: Order, catalog: &Catalog) {
    match order.field {
        OrderField::Date => {
            let mut keyed: Vec<(String, usize)> = hits
                .iter()
                .enumerate()
                .map(|(rank, hit)| {
                    let date = hit
                        .issue_ids
                        .iter()
                        .filter_map(|id| catalog.issue(id))
                        .map(crate::catalog::chronological_key)
                        .max()
                        .unwrap_or_default();
                    (date, rank)
                })
                .collect();
            // The rank decides among hits of one issue.
            keyed.sort_by(|a, b| {
                let by_date = if order.descending {
                    b.0.cmp(&a.0)
                } else {
                    a.0.cmp(&b.0)
                };
                by_date.then(a.1.cmp(&b.1))
            });
            let mut ranked: Vec<Option<crate::index::search::SearchHit>> =
                std::mem::take(hits).into_iter().map(Some).collect();
            *hits = keyed
                .iter()
                .filter_map(|(_, rank)| ranked[*rank].take())
                .collect();
        }
        _ if !order.descending => hits.reverse(),
        _ => {}
    }
}

/// Newest issue first, items in reading order: the catalog's own order.
const NEWEST_FIRST: Order = Order {
    field: OrderField::Date,
    descending: true,
};
/// Best match first.
const MOST_RELEVANT: Order = Order {
    field: OrderField::Relevance,
    descending: true,
};
/// By surname, A to Z.
const BY_NAME: Order = Order {
    field: OrderField::Name,
    descending: false,
};

/// Returns the list key of an item under `order`, from its catalog list key (which sorts newest
/// issue first, then in reading order), its issue and its title: `DATE` ascending puts the
/// oldest issue first (reading order kept), `TITLE` sorts by the folded title.
fn ordered_key(order: Order, list_key: String, issue: &crate::model::Issue, title: &str) -> String {
    match order.field {
        OrderField::Date if !order.descending => {
            format!("{}{list_key}", crate::catalog::chronological_key(issue))
        }
        OrderField::Title => format!("{}\u{1}{list_key}", crate::text::fold_key(title)),
        _ => list_key,
    }
}

/// Sorts keyed items by their key and pages them; `TITLE` and `NAME` run backwards when
/// descending (a `DATE` key already encodes its direction).
fn page_ordered<T: async_graphql::OutputType + Clone>(
    mut items: Vec<(String, T)>,
    page: &PageArgs,
    order: Order,
) -> async_graphql::Result<Connection<T>>
where
    Edge<T>: async_graphql::OutputType,
{
    let descending = order.descending && order.field != OrderField::Date;
    items.sort_by(|a, b| {
        if descending {
            b.0.cmp(&a.0)
        } else {
            a.0.cmp(&b.0)
        }
    });
    page_by_key(items, page, descending)
}

/// The root of all queries.
pub struct QueryRoot;

fn catalog<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<Catalog>> {
    ctx.data::<Arc<Catalog>>()
}

fn index(ctx: &Context<'_>) -> async_graphql::Result<Arc<ArchiveIndex>> {
    ctx.data::<Arc<ArchiveIndex>>().cloned()
}

/// Runs a search on the blocking pool; a bad query is the user's error, anything else is logged
/// and reported without internals.
async fn run_search(
    index: Arc<ArchiveIndex>,
    request: SearchRequest,
    filter: SearchFilter,
) -> async_graphql::Result<SearchResults> {
    let joined =
        tokio::task::spawn_blocking(move || index.search_filtered(&request, &filter)).await;
    match joined {
        Ok(Ok(results)) => Ok(results),
        Ok(Err(IndexError::Query(problem))) => Err(user_error(problem.to_string())),
        Ok(Err(other)) => {
            error!(error = %other, "search failed");
            Err(async_graphql::Error::new(
                "the search failed; please try again",
            ))
        }
        Err(join_error) => {
            error!(error = %join_error, "search task failed");
            Err(async_graphql::Error::new(
                "the search failed; please try again",
            ))
        }
    }
}

/// Every match of `query` among `kinds`, without snippets or facets (listings that need ids).
fn all_matches(query: &str, kinds: Vec<HitKind>) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        kinds,
        offset: 0,
        limit: MAX_MATCHES,
        snippets: false,
        facets: FacetSelection::NONE,
        group_by_article: false,
    }
}

/// What a `search` selection needs computed: snippets when a hit's `snippet` is selected,
/// and each facet only when selected (through fragments too; aliases do not matter).
fn search_selection(look_ahead: &Lookahead<'_>) -> (bool, FacetSelection) {
    let snippets = look_ahead
        .field("edges")
        .field("node")
        .field("snippet")
        .exists()
        || look_ahead.field("nodes").field("snippet").exists();
    let facets = look_ahead.field("facets");
    let selection = FacetSelection {
        kinds: facets.field("kinds").exists(),
        issues: facets.field("issues").exists(),
        years: facets.field("years").exists(),
        people: facets.field("people").exists(),
    };
    (snippets, selection)
}

fn facet_values(counts: &[FacetCount]) -> Vec<FacetCountValue> {
    counts
        .iter()
        .map(|facet| FacetCountValue {
            value: facet.value.clone(),
            count: i32::try_from(facet.count).unwrap_or(i32::MAX),
        })
        .collect()
}

/// The archive: issues, articles, quotes, footnotes and people, full-text search and themes.
#[Object(name = "Query")]
#[expect(
    clippy::too_many_arguments,
    reason = "a GraphQL field takes its arguments as function parameters"
)]
impl QueryRoot {
    /// Any object by its global id: Issue, Article, Quote, Footnote or Person. Null when no
    /// object has that id (any more).
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        node_of(ctx, &id).await
    }

    /// Objects by their global ids, in the order asked (at most 100); null for an id no object
    /// has (any more).
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids (at most 100).")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > relay::MAX_FIRST as usize {
            return Err(user_error(format!(
                "`ids` may hold at most {} ids (got {})",
                relay::MAX_FIRST,
                ids.len()
            )));
        }
        let mut nodes = Vec::with_capacity(ids.len());
        for id in &ids {
            nodes.push(node_of(ctx, id).await?);
        }
        Ok(nodes)
    }

    /// The issue with this key (`Issue.key`, e.g. `dimensies-2019-regio`); null when there is
    /// none.
    async fn issue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The issue's key.")] key: String,
    ) -> async_graphql::Result<Option<IssueNode>> {
        let catalog = catalog(ctx)?;
        Ok(catalog
            .issue(&key)
            .map(|issue| IssueNode::new(catalog, issue.id.as_str())))
    }

    /// The article with this key (`Article.key`, e.g. `dimensies-2019-regio/a3`); null when
    /// there is none.
    async fn article(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The article's key.")] key: String,
    ) -> async_graphql::Result<Option<ArticleNode>> {
        let catalog = catalog(ctx)?;
        Ok(catalog
            .article(&key)
            .map(|(_, article)| ArticleNode::new(catalog, article.id.as_str())))
    }

    /// The person with this key (`Person.key`, e.g. `esther-klaster`); null when there is
    /// none.
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's key.")] key: String,
    ) -> async_graphql::Result<Option<PersonNode>> {
        let catalog = catalog(ctx)?;
        Ok(catalog
            .person(&key)
            .map(|person| PersonNode::new(catalog, person.id.as_str())))
    }

    /// Issues, newest first.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn issues(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
        #[graphql(desc = "How to order the list (DATE or TITLE; default DATE, newest first).")]
        order_by: Option<OrderBy>,
    ) -> async_graphql::Result<Connection<IssueNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let order = resolve_order(
            order_by,
            &[OrderField::Date, OrderField::Title],
            NEWEST_FIRST,
            "issues",
        )?;
        let catalog = catalog(ctx)?;
        let items = catalog
            .issues()
            .iter()
            .map(|issue| {
                let node = IssueNode::new(catalog, issue.id.as_str());
                let key = ordered_key(order, catalog.issue_key(issue), issue, &issue.title);
                (key, node)
            })
            .collect();
        page_ordered(items, &page, order)
    }

    /// Articles, by issue (newest first) and reading order.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn articles(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
        #[graphql(desc = "Only the articles this keeps.")] filter: Option<FilterInput>,
        #[graphql(
            desc = "How to order the list (DATE or TITLE; default DATE, newest issue first, in reading order)."
        )]
        order_by: Option<OrderBy>,
    ) -> async_graphql::Result<Connection<ArticleNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let order = resolve_order(
            order_by,
            &[OrderField::Date, OrderField::Title],
            NEWEST_FIRST,
            "articles",
        )?;
        let catalog = catalog(ctx)?;
        let filter = catalog.resolve(&to_filter(filter.as_ref())?);
        let items = filter
            .articles(catalog)
            .map(|(key, issue, article)| {
                let key = ordered_key(order, key, issue, &article.title);
                (key, ArticleNode::new(catalog, article.id.as_str()))
            })
            .collect();
        page_ordered(items, &page, order)
    }

    /// Quotes: all, or those matching `query` (ranked), or those of `speaker`.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn quotes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
        #[graphql(desc = "Words or \"exact phrases\" in the quote.")] query: Option<String>,
        #[graphql(desc = "The speaker: a person key or id, a full name or a surname (any case).")]
        speaker: Option<String>,
        #[graphql(
            desc = "Only quotes attributed at least this surely (0-1, see `Quote.attribution`); quotes without an attribution are left out when it is given."
        )]
        min_confidence: Option<f64>,
        #[graphql(desc = "Only the quotes this keeps.")] filter: Option<FilterInput>,
        #[graphql(
            desc = "How to order the list (DATE, or RELEVANCE with `query`; default RELEVANCE with `query`, else DATE, newest issue first, in reading order)."
        )]
        order_by: Option<OrderBy>,
    ) -> async_graphql::Result<Connection<QuoteNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let has_query = query
            .as_deref()
            .is_some_and(|query| !query.trim().is_empty());
        let order = resolve_order(
            order_by,
            if has_query {
                &[OrderField::Relevance, OrderField::Date]
            } else {
                &[OrderField::Date]
            },
            if has_query {
                MOST_RELEVANT
            } else {
                NEWEST_FIRST
            },
            "quotes",
        )?;
        let catalog = catalog(ctx)?;
        let filter = catalog.resolve(&to_filter(filter.as_ref())?);
        let speakers: Option<HashSet<String>> = speaker.map(|speaker| {
            let by_global_id = relay::decode_global_id(&speaker)
                .filter(|(node_type, _)| *node_type == relay::NodeType::Person)
                .map(|(_, internal)| internal);
            let written = by_global_id.unwrap_or(speaker);
            catalog
                .find_people(&written)
                .into_iter()
                .map(|person| person.id.to_string())
                .collect()
        });
        let sure_enough = |quote: &crate::model::Quote| match min_confidence {
            None => true,
            Some(minimum) => quote
                .attribution
                .is_some_and(|attribution| f64::from(attribution.confidence) >= minimum),
        };
        let said_by = |quote: &crate::model::Quote| {
            let by_speaker = match &speakers {
                None => true,
                Some(ids) => quote
                    .speaker
                    .as_ref()
                    .is_some_and(|id| ids.contains(id.as_str())),
            };
            by_speaker && sure_enough(quote)
        };
        match query.filter(|query| !query.trim().is_empty()) {
            None => {
                let items = catalog
                    .quotes()
                    .filter(|(_, issue, article, quote)| {
                        said_by(quote) && filter.keeps_quote(catalog, issue, article, quote)
                    })
                    .map(|(key, issue, _, quote)| {
                        let key = ordered_key(order, key, issue, "");
                        (key, QuoteNode::new(catalog, quote.id.as_str()))
                    })
                    .collect();
                page_ordered(items, &page, order)
            }
            Some(query) => {
                let results = run_search(
                    index(ctx)?,
                    all_matches(&query, vec![HitKind::Quote]),
                    filter.search_filter(catalog),
                )
                .await?;
                let kept = results
                    .hits
                    .iter()
                    .filter_map(|hit| catalog.quote(&hit.id))
                    .filter(|(issue, article, quote)| {
                        said_by(quote) && filter.keeps_quote(catalog, issue, article, quote)
                    });
                if order.field == OrderField::Date {
                    let items = kept
                        .filter_map(|(issue, _, quote)| {
                            let key = catalog.quote_key(quote.id.as_str())?;
                            let key = ordered_key(order, key, issue, "");
                            Some((key, QuoteNode::new(catalog, quote.id.as_str())))
                        })
                        .collect();
                    return page_ordered(items, &page, order);
                }
                let mut nodes: Vec<QuoteNode> = kept
                    .map(|(_, _, quote)| QuoteNode::new(catalog, quote.id.as_str()))
                    .collect();
                if !order.descending {
                    nodes.reverse();
                }
                page_by_offset(nodes, &page)
            }
        }
    }

    /// Footnotes, by issue (newest first) and number.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn footnotes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
        #[graphql(desc = "Only the footnotes this keeps.")] filter: Option<FilterInput>,
        #[graphql(desc = "How to order the list (DATE; default newest issue first, by number).")]
        order_by: Option<OrderBy>,
    ) -> async_graphql::Result<Connection<FootnoteNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let order = resolve_order(order_by, &[OrderField::Date], NEWEST_FIRST, "footnotes")?;
        let catalog = catalog(ctx)?;
        let filter = catalog.resolve(&to_filter(filter.as_ref())?);
        let items = catalog
            .footnotes()
            .filter(|(_, issue, article, footnote)| {
                filter.keeps_footnote(catalog, issue, article, footnote)
            })
            .map(|(key, issue, _, footnote)| {
                let key = ordered_key(order, key, issue, "");
                (key, FootnoteNode::new(catalog, footnote.id.as_str()))
            })
            .collect();
        page_ordered(items, &page, order)
    }

    /// People by surname, or those matching `query` by name, role or organisation (ranked).
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
        #[graphql(desc = "Words in the name, role or organisation.")] query: Option<String>,
        #[graphql(desc = "Only the people this keeps.")] filter: Option<FilterInput>,
        #[graphql(
            desc = "How to order the list (NAME, or RELEVANCE with `query`; default RELEVANCE with `query`, else NAME (surname) A to Z)."
        )]
        order_by: Option<OrderBy>,
    ) -> async_graphql::Result<Connection<PersonNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let has_query = query
            .as_deref()
            .is_some_and(|query| !query.trim().is_empty());
        let order = resolve_order(
            order_by,
            if has_query {
                &[OrderField::Relevance, OrderField::Name]
            } else {
                &[OrderField::Name]
            },
            if has_query { MOST_RELEVANT } else { BY_NAME },
            "people",
        )?;
        let catalog = catalog(ctx)?;
        let filter = catalog.resolve(&to_filter(filter.as_ref())?);
        match query.filter(|query| !query.trim().is_empty()) {
            None => {
                let items = catalog
                    .people()
                    .iter()
                    .filter(|person| filter.keeps_person(catalog, person))
                    .map(|person| {
                        let key = format!("{}\u{1}{}", person.sort_key, person.id);
                        (key, PersonNode::new(catalog, person.id.as_str()))
                    })
                    .collect();
                page_ordered(items, &page, order)
            }
            Some(query) => {
                let results = run_search(
                    index(ctx)?,
                    all_matches(&query, vec![HitKind::Person]),
                    filter.search_filter(catalog),
                )
                .await?;
                let kept = results.hits.iter().filter_map(|hit| {
                    catalog
                        .person(&hit.id)
                        .filter(|person| filter.keeps_person(catalog, person))
                });
                if order.field == OrderField::Name {
                    let items = kept
                        .map(|person| {
                            let key = format!("{}\u{1}{}", person.sort_key, person.id);
                            (key, PersonNode::new(catalog, person.id.as_str()))
                        })
                        .collect();
                    return page_ordered(items, &page, order);
                }
                let mut nodes: Vec<PersonNode> = kept
                    .map(|person| PersonNode::new(catalog, person.id.as_str()))
                    .collect();
                if !order.descending {
                    nodes.reverse();
                }
                page_by_offset(nodes, &page)
            }
        }
    }

    /// One ranked list over articles, paragraphs, quotes, footnotes and people, with highlighted
    /// snippets and facet counts. Accepts words, "exact phrases", `-excluded` words and typos.
    /// Hits need any word of the query (and every phrase): those with all the words come
    /// first, then those with the most informative of them; `droppedTerms` names the words
    /// the results do without, `SearchHit.matchedTerms` the words each hit has, and
    /// `correctedQuery` the spelling searched when a word is not in the archive.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to search for.")] query: String,
        #[graphql(desc = "How many hits to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
        #[graphql(desc = "Only hits of these kinds (default: all).")] kinds: Option<
            Vec<HitKindValue>,
        >,
        #[graphql(
            desc = "Whether an article comes back once, as its best hit, with its best paragraph as the snippet (default: true); false lists every matching paragraph, quote and footnote."
        )]
        group_by_article: Option<bool>,
        #[graphql(
            desc = "Only hits this keeps (issues, years, article kinds, a person, an organisation); the facets count the hits kept."
        )]
        filter: Option<FilterInput>,
        #[graphql(
            desc = "How to order the hits: RELEVANCE (default, best first) or DATE (newest issue first; ascending: oldest first); other orders than the best first consider the first 1000 hits."
        )]
        order_by: Option<OrderBy>,
    ) -> async_graphql::Result<SearchConnection> {
        let page = PageArgs::new(first, after, last, before)?;
        let order = resolve_order(
            order_by,
            &[OrderField::Relevance, OrderField::Date],
            MOST_RELEVANT,
            "search",
        )?;
        for cursor in [&page.after, &page.before].into_iter().flatten() {
            match cursor {
                Cursor::Offset(offset) if *offset <= MAX_MATCHES => {}
                Cursor::Offset(_) => {
                    return Err(user_error(format!(
                        "the cursor points past the first {MAX_MATCHES} hits"
                    )));
                }
                Cursor::Key(_) => return Err(user_error("the cursor is of another list")),
            }
        }
        // The best hits first, forwards: the index pages itself. Any other order or backward
        // paging needs the whole (bounded) list.
        let forwards_by_rank =
            order == MOST_RELEVANT && page.last.is_none() && page.before.is_none();
        let (offset, limit) = if forwards_by_rank {
            let offset = match page.after {
                Some(Cursor::Offset(offset)) => offset,
                _ => 0,
            };
            (offset, page.count())
        } else {
            (0, MAX_ORDERED_HITS)
        };
        let kinds: Vec<HitKind> = kinds
            .unwrap_or_default()
            .into_iter()
            .map(HitKind::from)
            .collect();
        let catalog = catalog(ctx)?;
        // Compute only what the query selects: snippets and facets cost most of a search.
        let (snippets, facets) = search_selection(&ctx.look_ahead());
        let request = SearchRequest {
            query,
            kinds,
            offset,
            limit,
            snippets,
            facets,
            group_by_article: group_by_article.unwrap_or(true),
        };
        let search_filter = catalog
            .resolve(&to_filter(filter.as_ref())?)
            .search_filter(catalog);
        let hit_query: Arc<str> = Arc::from(request.query.as_str());
        let mut results = run_search(index(ctx)?, request, search_filter).await?;
        let (start, has_previous_page, has_next_page) = if forwards_by_rank {
            let has_next_page = offset + results.hits.len() < results.total;
            (offset, offset > 0, has_next_page)
        } else {
            let mut hits = std::mem::take(&mut results.hits);
            order_hits(&mut hits, order, catalog);
            let (start, end) = page.offset_window(hits.len())?;
            let has_next_page = end < hits.len();
            results.hits = hits.into_iter().skip(start).take(end - start).collect();
            (start, start > 0, has_next_page)
        };
        let offset = start;
        let edges: Vec<Edge<SearchHitNode>> = results
            .hits
            .into_iter()
            .enumerate()
            .map(|(index, hit)| {
                let node = SearchHitNode {
                    catalog: Arc::clone(catalog),
                    hit,
                    query: Arc::clone(&hit_query),
                };
                Edge::new(Cursor::Offset(offset + index + 1).encode(), node)
            })
            .collect();
        let corrections = results
            .corrections
            .iter()
            .map(|correction| SpellingCorrectionValue {
                original: correction.original.clone(),
                correction: correction.correction.clone(),
                replaced: correction.replaced,
            })
            .collect();
        Ok(SearchConnection {
            total_count: results.total,
            dropped_terms: results.dropped_terms,
            corrected_query: results.corrected_query,
            corrections,
            facets: SearchFacets {
                kinds: facet_values(&results.facets.kinds),
                issues: facet_values(&results.facets.issues),
                years: facet_values(&results.facets.years),
                people: facet_values(&results.facets.people),
            },
            page_info: async_graphql::connection::PageInfo {
                has_next_page,
                has_previous_page,
                start_cursor: edges.first().map(|edge| edge.cursor.clone()),
                end_cursor: edges.last().map(|edge| edge.cursor.clone()),
            },
            nodes: edges.iter().map(|edge| edge.node.clone()).collect(),
            edges,
        })
    }

    /// A theme followed across the archive ("regionale samenwerking"): where it is discussed,
    /// per issue and year, in which articles and quotes, and by whom.
    async fn theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The theme, as search words.")] query: String,
    ) -> async_graphql::Result<Theme> {
        theme_of(ctx, &query).await
    }
}

async fn theme_of(ctx: &Context<'_>, query: &str) -> async_graphql::Result<Theme> {
    let catalog = Arc::clone(catalog(ctx)?);
    let results = run_search(index(ctx)?, theme_request(query), SearchFilter::default()).await?;
    let report = ThemeReport::from_results(query, &results, &catalog);
    Ok(Theme { report, catalog })
}

/// Resolves a global id: from the catalog, or (a theme) by running its search.
async fn node_of(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<Node>> {
    let (node_type, internal) = relay::decode_global_id(id)
        .ok_or_else(|| user_error(format!("{:?} is not a valid id", id.as_str())))?;
    if node_type == relay::NodeType::Theme {
        return Ok(Some(Node::Theme(theme_of(ctx, &internal).await?)));
    }
    Ok(resolve_node(catalog(ctx)?, node_type, &internal))
}

/// A theme across the archive: the report of [`crate::theme`] over one catalog snapshot.
#[derive(Clone)]
pub struct Theme {
    report: ThemeReport,
    catalog: Arc<Catalog>,
}

fn hit_count(count: u64) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

/// A theme followed across issues and contributors.
#[Object]
impl Theme {
    /// Global id: `node(id:)` runs the theme again on the archive as it is then.
    pub(crate) async fn id(&self) -> ID {
        relay::global_id(relay::NodeType::Theme, &self.report.query)
    }
    /// The theme as asked.
    async fn query(&self) -> &str {
        &self.report.query
    }
    /// Matching articles, paragraphs, quotes and footnotes in all.
    async fn total_count(&self) -> usize {
        self.report.total
    }
    /// Matches per issue, oldest issue first (a timeline).
    async fn issues(&self) -> Vec<ThemeIssue> {
        self.report
            .issues
            .iter()
            .map(|(id, count)| ThemeIssue {
                issue: IssueNode::new(&self.catalog, id),
                count: hit_count(*count),
            })
            .collect()
    }
    /// Articles discussing the theme, most relevant first.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn articles(
        &self,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<Connection<ArticleNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let nodes = self
            .report
            .articles
            .iter()
            .map(|id| ArticleNode::new(&self.catalog, id))
            .collect();
        page_by_offset(nodes, &page)
    }
    /// Quotes on the theme, most relevant first.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn quotes(
        &self,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<Connection<QuoteNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let nodes = self
            .report
            .quotes
            .iter()
            .map(|id| QuoteNode::new(&self.catalog, id))
            .collect();
        page_by_offset(nodes, &page)
    }
    /// The people most associated with the theme: their matching quotes plus matching
    /// paragraphs naming them.
    #[graphql(
        complexity = "first.unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn people(
        &self,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<ThemePerson>> {
        let first = relay::page_size(first)?;
        Ok(self
            .report
            .people
            .iter()
            .take(first)
            .map(|(id, count)| ThemePerson {
                person: PersonNode::new(&self.catalog, id),
                count: hit_count(*count),
            })
            .collect())
    }
    /// The organisations of the people most associated with the theme, with the sum of their
    /// people's counts.
    #[graphql(
        complexity = "first.unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn organisations(
        &self,
        #[graphql(desc = "How many to return (1-100, default 20).")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<ThemeOrganisation>> {
        let first = relay::page_size(first)?;
        Ok(self
            .report
            .organisations
            .iter()
            .take(first)
            .map(|(name, count)| ThemeOrganisation {
                name: name.clone(),
                count: hit_count(*count),
            })
            .collect())
    }
}
