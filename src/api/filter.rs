//! The `filter:` argument of listings and search: GraphQL input mapped onto
//! [`catalog::filter::Filter`](crate::catalog::filter::Filter), which does the filtering.

use async_graphql::{Enum, InputObject};

use crate::api::relay::{self, NodeType, user_error};
use crate::api::types::ArticleKindValue;
use crate::catalog::filter::{Filter, PersonRole};
use crate::model::ArticleKind;

/// The part a person plays in what `filter: { person }` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "PersonRole")]
pub enum PersonRoleValue {
    /// Speaker, author or named.
    Any,
    /// The person said it.
    Speaker,
    /// The person wrote it.
    Author,
    /// The text names the person.
    Mentioned,
}

/// What to keep of a list or a search; every field given must hold. The values are those of
/// `search { facets }`, so a facet can be clicked into a filter.
#[derive(Debug, Clone, Default, InputObject)]
#[graphql(name = "Filter")]
pub struct FilterInput {
    /// Issues, by key (`dimensies-2019-regio`) or global id; any of them.
    pub issues: Option<Vec<String>>,
    /// One year of publication (the same as `yearFrom` and `yearTo` both that year).
    pub year: Option<i32>,
    /// First year of publication, inclusive.
    pub year_from: Option<i32>,
    /// Last year of publication, inclusive.
    pub year_to: Option<i32>,
    /// Articles of these kinds, and what is in them (people: who appear in one).
    pub article_kinds: Option<Vec<ArticleKindValue>>,
    /// A person: key, global id, full name or surname (any case).
    pub person: Option<String>,
    /// The part the person plays (default `ANY`). In `search`, a role other than `ANY` keeps
    /// the articles (and all in them) in which the person plays it.
    pub person_role: Option<PersonRoleValue>,
    /// An organisation, by (part of) its name, any case: articles naming it or written by its
    /// people, quotes of its people, its people.
    pub organisation: Option<String>,
}

fn internal_key(written: &str, node_type: NodeType) -> String {
    relay::decode_global_id(written)
        .filter(|(decoded_type, _)| *decoded_type == node_type)
        .map(|(_, internal)| internal)
        .unwrap_or_else(|| written.trim().to_string())
}

impl FilterInput {
    /// Maps the input onto the catalog's filter; contradictory years are the user's error.
    pub fn to_filter(&self) -> async_graphql::Result<Filter> {
        let years = match (self.year, self.year_from, self.year_to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(user_error(
                    "give `year` or `yearFrom`/`yearTo` in a filter, not both",
                ));
            }
            (Some(year), None, None) => Some((year, year)),
            (None, None, None) => None,
            (None, from, to) => Some((from.unwrap_or(i32::MIN), to.unwrap_or(i32::MAX))),
        };
        if let Some((from, to)) = years
            && from > to
        {
            return Err(user_error(format!(
                "`yearFrom` ({from}) is after `yearTo` ({to})"
            )));
        }
        Ok(Filter {
            issues: self
                .issues
                .iter()
                .flatten()
                .map(|issue| internal_key(issue, NodeType::Issue))
                .collect(),
            years,
            article_kinds: self
                .article_kinds
                .iter()
                .flatten()
                .map(|kind| ArticleKind::from(*kind))
                .collect(),
            person: self
                .person
                .as_deref()
                .map(|person| internal_key(person, NodeType::Person)),
            person_role: match self.person_role.unwrap_or(PersonRoleValue::Any) {
                PersonRoleValue::Any => PersonRole::Any,
                PersonRoleValue::Speaker => PersonRole::Speaker,
                PersonRoleValue::Author => PersonRole::Author,
                PersonRoleValue::Mentioned => PersonRole::Mentioned,
            },
            organisation: self.organisation.clone(),
        })
    }
}

/// Maps an optional `filter:` argument; absent keeps everything.
pub fn to_filter(input: Option<&FilterInput>) -> async_graphql::Result<Filter> {
    input.map_or_else(|| Ok(Filter::default()), FilterInput::to_filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_means_a_range_of_one_year_and_bad_ranges_are_refused() {
        let input = FilterInput {
            year: Some(2019),
            ..FilterInput::default()
        };
        assert_eq!(input.to_filter().unwrap().years, Some((2019, 2019)));
        let open = FilterInput {
            year_from: Some(2018),
            ..FilterInput::default()
        };
        assert_eq!(open.to_filter().unwrap().years, Some((2018, i32::MAX)));
        let backwards = FilterInput {
            year_from: Some(2020),
            year_to: Some(2019),
            ..FilterInput::default()
        };
        assert!(backwards.to_filter().is_err());
    }

    #[test]
    fn global_ids_become_keys() {
        let id = relay::global_id(NodeType::Issue, "dimensies-2019-regio");
        let input = FilterInput {
            issues: Some(vec![id.to_string(), "andere".to_string()]),
            ..FilterInput::default()
        };
        assert_eq!(
            input.to_filter().unwrap().issues,
            ["dimensies-2019-regio", "andere"]
        );
    }
}
