// A small Relay project over schema.graphql: the search page and the person page of a
// website, with a paginated @connection and @refetchable fragments. relay-compiler validates
// it (scripts/client-check.sh); nothing here runs.
import { graphql } from "relay-runtime";

export const searchPageQuery = graphql`
  query SearchPageQuery($query: String!, $filter: Filter) {
    ...SearchPage_results @arguments(query: $query, filter: $filter)
  }
`;

export const searchResults = graphql`
  fragment SearchPage_results on Query
  @refetchable(queryName: "SearchPageResultsPaginationQuery")
  @argumentDefinitions(
    query: { type: "String!" }
    filter: { type: "Filter" }
    first: { type: "Int", defaultValue: 10 }
    after: { type: "String" }
  ) {
    search(query: $query, filter: $filter, first: $first, after: $after)
      @connection(key: "SearchPage_search", filters: ["query", "filter"]) {
      totalCount
      facets { years { value count } issues { value count } }
      edges { node { id kind snippet article { id title } } }
    }
  }
`;

export const personQuotes = graphql`
  fragment SearchPage_person on Person
  @refetchable(queryName: "SearchPagePersonQuotesPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 5 }
    cursor: { type: "String" }
  ) {
    id
    name
    quotes(first: $count, after: $cursor) @connection(key: "SearchPage_person_quotes") {
      edges { node { id text apa: cite(style: APA) } }
    }
  }
`;

export const themeCard = graphql`
  fragment SearchPage_theme on Theme @refetchable(queryName: "SearchPageThemeRefetchQuery") {
    id
    query
    totalCount
    issues { issue { id title date } count }
  }
`;

export const articlePageQuery = graphql`
  query SearchPageArticleQuery($key: String!) {
    article(key: $key) {
      id
      title
      bibtex: cite(style: BIBTEX)
      quotes { id text }
    }
    person(key: "esther-klaster") { ...SearchPage_person }
    theme(query: "regionale samenwerking") { ...SearchPage_theme }
  }
`;
