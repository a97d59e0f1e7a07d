//! The `orderBy:` argument of connections: a field and a direction, checked against the
//! fields each list can be ordered by.

use async_graphql::{Enum, InputObject};

use crate::api::relay::user_error;

/// What a list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum OrderField {
    /// How well an item matches `query` (lists with a query, and search).
    Relevance,
    /// The date of publication, then reading order.
    Date,
    /// The title, alphabetically (issues, articles).
    Title,
    /// The surname, then the full name (people).
    Name,
}

/// Which way a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum OrderDirection {
    /// Smallest first: oldest, A to Z, least relevant.
    Asc,
    /// Largest first: newest, Z to A, most relevant.
    Desc,
}

/// How to order a list.
#[derive(Debug, Clone, Copy, InputObject)]
pub struct OrderBy {
    /// What to order by.
    pub field: OrderField,
    /// Which way (default: `DESC` for `RELEVANCE` and `DATE`, `ASC` for `TITLE` and `NAME`).
    pub direction: Option<OrderDirection>,
}

/// An order a list can use: the field and whether it runs from largest to smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    /// The field.
    pub field: OrderField,
    /// Largest first.
    pub descending: bool,
}

fn field_name(field: OrderField) -> &'static str {
    match field {
        OrderField::Relevance => "RELEVANCE",
        OrderField::Date => "DATE",
        OrderField::Title => "TITLE",
        OrderField::Name => "NAME",
    }
}

/// Checks `order_by` against the fields `allowed` for `list`; without it, the list's
/// `default` order.
pub fn resolve_order(
    order_by: Option<OrderBy>,
    allowed: &[OrderField],
    default: Order,
    list: &str,
) -> async_graphql::Result<Order> {
    let Some(order_by) = order_by else {
        return Ok(default);
    };
    if !allowed.contains(&order_by.field) {
        let names: Vec<&str> = allowed.iter().map(|field| field_name(*field)).collect();
        return Err(user_error(format!(
            "`{list}` cannot be ordered by {}: use {}",
            field_name(order_by.field),
            names.join(" or ")
        )));
    }
    let descending = match order_by.direction {
        Some(direction) => direction == OrderDirection::Desc,
        None => matches!(order_by.field, OrderField::Relevance | OrderField::Date),
    };
    Ok(Order {
        field: order_by.field,
        descending,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWEST: Order = Order {
        field: OrderField::Date,
        descending: true,
    };

    #[test]
    fn directions_default_by_field_and_unknown_fields_are_refused() {
        let title = OrderBy {
            field: OrderField::Title,
            direction: None,
        };
        assert_eq!(
            resolve_order(
                Some(title),
                &[OrderField::Date, OrderField::Title],
                NEWEST,
                "articles"
            )
            .unwrap(),
            Order {
                field: OrderField::Title,
                descending: false
            }
        );
        let name = OrderBy {
            field: OrderField::Name,
            direction: Some(OrderDirection::Desc),
        };
        let refused = resolve_order(Some(name), &[OrderField::Date], NEWEST, "footnotes");
        assert_eq!(
            refused.unwrap_err().message,
            "`footnotes` cannot be ordered by NAME: use DATE"
        );
        assert_eq!(
            resolve_order(None, &[OrderField::Date], NEWEST, "footnotes").unwrap(),
            NEWEST
        );
    }
}
