//! Relay conventions: global ids, opaque cursors, connections with `edges`, `nodes`, `pageInfo`
//! and `totalCount`, and the `first` argument capped at [`MAX_FIRST`].
//!
//! Global ids are `base64url("Type:internal-id")`. Cursors of catalog listings carry the item's
//! list key, so they survive the ingest of other issues; cursors of ranked results carry an
//! offset.

use async_graphql::connection::PageInfo;
use async_graphql::{ErrorExtensions, OutputType, SimpleObject};

use crate::api::types::{
    ArticleNode, FootnoteNode, IssueNode, PersonNode, QuoteNode, SearchHitNode,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Largest page a client may ask for.
pub const MAX_FIRST: i32 = 100;
/// Page size when `first` is not given.
pub const DEFAULT_FIRST: i32 = 20;

/// Returns a GraphQL error the user caused, with `extensions.code = "BAD_USER_INPUT"`.
pub fn user_error(message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message)
        .extend_with(|_, extensions| extensions.set("code", "BAD_USER_INPUT"))
}

/// Validates `first`: 1 to [`MAX_FIRST`], [`DEFAULT_FIRST`] when absent.
pub fn page_size(first: Option<i32>) -> async_graphql::Result<usize> {
    let first = first.unwrap_or(DEFAULT_FIRST);
    if !(1..=MAX_FIRST).contains(&first) {
        return Err(user_error(format!(
            "`first` must be between 1 and {MAX_FIRST} (got {first})"
        )));
    }
    Ok(usize::try_from(first).unwrap_or(1))
}

/// The object types with global ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeType {
    /// An issue.
    Issue,
    /// An article.
    Article,
    /// A quote.
    Quote,
    /// A footnote.
    Footnote,
    /// A person.
    Person,
    /// A theme (its internal id is the query).
    Theme,
}

impl NodeType {
    fn name(self) -> &'static str {
        match self {
            NodeType::Issue => "Issue",
            NodeType::Article => "Article",
            NodeType::Quote => "Quote",
            NodeType::Footnote => "Footnote",
            NodeType::Person => "Person",
            NodeType::Theme => "Theme",
        }
    }
}

/// Returns the global id of an object.
pub fn global_id(node_type: NodeType, internal: &str) -> async_graphql::ID {
    async_graphql::ID(crate::cite::global_id(node_type.name(), internal))
}

/// Decodes a global id into its type and internal id.
pub fn decode_global_id(id: &str) -> Option<(NodeType, String)> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim_end_matches('=')).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (name, internal) = text.split_once(':')?;
    let node_type = [
        NodeType::Issue,
        NodeType::Article,
        NodeType::Quote,
        NodeType::Footnote,
        NodeType::Person,
        NodeType::Theme,
    ]
    .into_iter()
    .find(|node_type| node_type.name() == name)?;
    Some((node_type, internal.to_string()))
}

/// A position in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// After the item with this list key.
    Key(String),
    /// After this many items of a ranked list.
    Offset(usize),
}

impl Cursor {
    /// Encodes the cursor as an opaque string.
    pub fn encode(&self) -> String {
        let raw = match self {
            Cursor::Key(key) => format!("k:{key}"),
            Cursor::Offset(offset) => format!("o:{offset}"),
        };
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Decodes `after`; a cursor that is not one of ours is the user's error.
    pub fn decode(after: Option<&str>) -> async_graphql::Result<Option<Cursor>> {
        Cursor::decode_argument("after", after)
    }

    /// Decodes the cursor argument `name` (`after` or `before`).
    pub fn decode_argument(
        name: &str,
        after: Option<&str>,
    ) -> async_graphql::Result<Option<Cursor>> {
        let Some(after) = after else {
            return Ok(None);
        };
        let invalid = || user_error(format!("`{name}` is not a valid cursor: {after:?}"));
        let bytes = URL_SAFE_NO_PAD.decode(after).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        if let Some(key) = text.strip_prefix("k:") {
            return Ok(Some(Cursor::Key(key.to_string())));
        }
        if let Some(offset) = text.strip_prefix("o:") {
            return offset
                .parse()
                .map(|offset| Some(Cursor::Offset(offset)))
                .map_err(|_| invalid());
        }
        Err(invalid())
    }
}

/// An item of a page with its cursor.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(concrete(name = "IssueEdge", params(IssueNode)))]
#[graphql(concrete(name = "ArticleEdge", params(ArticleNode)))]
#[graphql(concrete(name = "QuoteEdge", params(QuoteNode)))]
#[graphql(concrete(name = "FootnoteEdge", params(FootnoteNode)))]
#[graphql(concrete(name = "PersonEdge", params(PersonNode)))]
#[graphql(concrete(name = "SearchHitEdge", params(SearchHitNode)))]
pub struct Edge<T: OutputType> {
    /// Opaque position of the item: pass it as `after` to continue after it.
    pub cursor: String,
    /// The item.
    pub node: T,
}

impl<T: OutputType> Edge<T> {
    /// Pairs an item with its cursor.
    pub fn new(cursor: String, node: T) -> Self {
        Edge { cursor, node }
    }
}

/// A page of a list (a Relay connection): the items with their cursors, where the page is, and
/// how many items the whole list has.
#[derive(SimpleObject)]
#[graphql(concrete(name = "IssueConnection", params(IssueNode)))]
#[graphql(concrete(name = "ArticleConnection", params(ArticleNode)))]
#[graphql(concrete(name = "QuoteConnection", params(QuoteNode)))]
#[graphql(concrete(name = "FootnoteConnection", params(FootnoteNode)))]
#[graphql(concrete(name = "PersonConnection", params(PersonNode)))]
pub struct Connection<T: OutputType>
where
    Edge<T>: OutputType,
{
    /// Number of items in the whole list, over all pages.
    pub total_count: usize,
    /// Where this page is.
    pub page_info: PageInfo,
    /// The items with their cursors.
    pub edges: Vec<Edge<T>>,
    /// The items.
    pub nodes: Vec<T>,
}

fn connection_of<T: OutputType + Clone>(
    total_count: usize,
    has_previous_page: bool,
    has_next_page: bool,
    edges: Vec<Edge<T>>,
) -> Connection<T>
where
    Edge<T>: OutputType,
{
    Connection {
        total_count,
        page_info: PageInfo {
            has_previous_page,
            has_next_page,
            start_cursor: edges.first().map(|edge| edge.cursor.clone()),
            end_cursor: edges.last().map(|edge| edge.cursor.clone()),
        },
        nodes: edges.iter().map(|edge| edge.node.clone()).collect(),
        edges,
    }
}

/// The paging arguments of a connection, as the Relay cursor connections spec has them:
/// `first` after `after`, or `last` before `before`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageArgs {
    /// At most this many items from the start of the window.
    pub first: Option<usize>,
    /// At most this many items from the end of the window.
    pub last: Option<usize>,
    /// The window starts after this item.
    pub after: Option<Cursor>,
    /// The window ends before this item.
    pub before: Option<Cursor>,
}

fn count_argument(name: &str, value: Option<i32>) -> async_graphql::Result<Option<usize>> {
    match value {
        None => Ok(None),
        Some(count) if (1..=MAX_FIRST).contains(&count) => Ok(usize::try_from(count).ok()),
        Some(count) => Err(user_error(format!(
            "`{name}` must be between 1 and {MAX_FIRST} (got {count})"
        ))),
    }
}

impl PageArgs {
    /// Validates the arguments: counts from 1 to [`MAX_FIRST`], not `first` and `last`
    /// together; `first` is [`DEFAULT_FIRST`] when neither is given.
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<PageArgs> {
        let mut first = count_argument("first", first)?;
        let last = count_argument("last", last)?;
        if first.is_some() && last.is_some() {
            return Err(user_error(
                "give `first` (with `after`) or `last` (with `before`), not both",
            ));
        }
        if first.is_none() && last.is_none() {
            first = usize::try_from(DEFAULT_FIRST).ok();
        }
        Ok(PageArgs {
            first,
            last,
            after: Cursor::decode_argument("after", after.as_deref())?,
            before: Cursor::decode_argument("before", before.as_deref())?,
        })
    }

    /// The arguments of `first` items after `after` (for callers without backward paging).
    pub fn forward(first: usize, after: Option<Cursor>) -> PageArgs {
        PageArgs {
            first: Some(first),
            last: None,
            after,
            before: None,
        }
    }

    /// The largest number of items the page can hold.
    pub fn count(&self) -> usize {
        self.first.or(self.last).unwrap_or(1)
    }

    /// Returns the items `[start, end)` of the page, given where the cursors point: the window
    /// is `[after_start, before_end)`, cut to its first `first` or its last `last` items.
    pub fn window(&self, total: usize, after_start: usize, before_end: usize) -> (usize, usize) {
        let mut start = after_start.min(total);
        let mut end = before_end.min(total).max(start);
        if let Some(first) = self.first {
            end = end.min(start + first);
        }
        if let Some(last) = self.last {
            start = start.max(end.saturating_sub(last));
        }
        (start, end)
    }

    /// The page of a ranked list of `total` items, cursors being offsets (the cursor of the
    /// item at index `i` is `Offset(i + 1)`); a key cursor is the user's error.
    pub fn offset_window(&self, total: usize) -> async_graphql::Result<(usize, usize)> {
        let after_start = match &self.after {
            None => 0,
            Some(Cursor::Offset(offset)) => *offset,
            Some(Cursor::Key(_)) => return Err(user_error("`after` is a cursor of another list")),
        };
        let before_end = match &self.before {
            None => total,
            Some(Cursor::Offset(offset)) => offset.saturating_sub(1),
            Some(Cursor::Key(_)) => {
                return Err(user_error("`before` is a cursor of another list"));
            }
        };
        Ok(self.window(total, after_start, before_end))
    }
}

/// Pages a list sorted by list key (ascending, or descending when `descending`).
pub fn page_by_key<T: OutputType + Clone>(
    items: Vec<(String, T)>,
    args: &PageArgs,
    descending: bool,
) -> async_graphql::Result<Connection<T>>
where
    Edge<T>: OutputType,
{
    let total = items.len();
    // Whether an item's key comes before the cursor's key in list order (or is it).
    let position_after = |key: &str| {
        items.partition_point(|(item_key, _)| {
            if descending {
                item_key.as_str() >= key
            } else {
                item_key.as_str() <= key
            }
        })
    };
    let position_of = |key: &str| {
        items.partition_point(|(item_key, _)| {
            if descending {
                item_key.as_str() > key
            } else {
                item_key.as_str() < key
            }
        })
    };
    let after_start = match &args.after {
        None => 0,
        Some(Cursor::Key(key)) => position_after(key),
        Some(Cursor::Offset(offset)) => *offset,
    };
    let before_end = match &args.before {
        None => total,
        Some(Cursor::Key(key)) => position_of(key),
        Some(Cursor::Offset(offset)) => offset.saturating_sub(1),
    };
    let (start, end) = args.window(total, after_start, before_end);
    let edges = items
        .into_iter()
        .skip(start)
        .take(end - start)
        .map(|(key, node)| Edge::new(Cursor::Key(key).encode(), node))
        .collect();
    Ok(connection_of(total, start > 0, end < total, edges))
}

/// Pages a ranked list by offset.
pub fn page_by_offset<T: OutputType + Clone>(
    items: Vec<T>,
    args: &PageArgs,
) -> async_graphql::Result<Connection<T>>
where
    Edge<T>: OutputType,
{
    let total = items.len();
    let (start, end) = args.offset_window(total)?;
    let edges = items
        .into_iter()
        .enumerate()
        .skip(start)
        .take(end - start)
        .map(|(index, node)| Edge::new(Cursor::Offset(index + 1).encode(), node))
        .collect();
    Ok(connection_of(total, start > 0, end < total, edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip() {
        let id = global_id(NodeType::Quote, "dimensies-2019-regio/q12");
        assert_eq!(
            decode_global_id(&id),
            Some((NodeType::Quote, "dimensies-2019-regio/q12".to_string()))
        );
        assert_eq!(decode_global_id("not base64 !"), None);
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = Cursor::Key("0001/00002".to_string());
        assert_eq!(
            Cursor::decode(Some(&cursor.encode())).unwrap(),
            Some(cursor)
        );
        assert!(Cursor::decode(Some("nonsense")).is_err());
    }

    fn args(first: Option<i32>, last: Option<i32>) -> PageArgs {
        PageArgs::new(first, None, last, None).unwrap()
    }

    #[test]
    fn windows_cut_first_or_last_of_the_cursors_range() {
        assert_eq!(args(Some(3), None).window(10, 0, 10), (0, 3));
        assert_eq!(args(Some(3), None).window(10, 8, 10), (8, 10));
        assert_eq!(args(None, Some(3)).window(10, 0, 10), (7, 10));
        assert_eq!(args(None, Some(3)).window(10, 0, 2), (0, 2));
        assert_eq!(args(None, Some(2)).window(10, 4, 2), (4, 4));
        assert!(PageArgs::new(Some(1), None, Some(1), None).is_err());
        assert_eq!(
            PageArgs::new(None, None, None, None).unwrap().first,
            Some(20)
        );
    }

    #[test]
    fn first_is_capped() {
        assert!(page_size(Some(101)).is_err());
        assert!(page_size(Some(0)).is_err());
        assert_eq!(page_size(None).unwrap(), 20);
    }
}
