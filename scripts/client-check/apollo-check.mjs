// Apollo Client 4 against a live dimensies server: relayStylePagination pages a search
// without duplicates, a filter drills into a facet, and PersistedQueryLink sends hashes (over
// GET) that the server learns once. Usage: node apollo-check.mjs http://127.0.0.1:PORT/graphql
import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

const uri = process.argv[2];
const sent = [];
const recordingFetch = async (url, options) => {
  const response = await fetch(url, options);
  const body = await response.clone().text();
  sent.push({ method: options?.method ?? "GET", url: String(url), body, status: response.status });
  return response;
};

function client() {
  const persisted = new PersistedQueryLink({
    sha256: (text) => createHash("sha256").update(text).digest("hex"),
    useGETForHashedQueries: true,
  });
  return new ApolloClient({
    link: ApolloLink.from([persisted, new HttpLink({ uri, fetch: recordingFetch })]),
    cache: new InMemoryCache({
      typePolicies: { Query: { fields: { search: relayStylePagination(["query", "filter"]) } } },
    }),
  });
}

const SEARCH = gql`
  query ClientSearch($query: String!, $first: Int!, $after: String, $filter: Filter) {
    search(query: $query, first: $first, after: $after, filter: $filter) {
      totalCount
      facets { years { value count } }
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id kind snippet } }
    }
  }
`;

// Paging: three at a time until the end, every hit once.
const apollo = client();
let result = await apollo.query({ query: SEARCH, variables: { query: "samenwerking", first: 3 } });
const total = result.data.search.totalCount;
assert.ok(total > 3, `expected more than one page, got ${total}`);
while (result.data.search.pageInfo.hasNextPage) {
  // As `fetchMore` does: the next page from the server, merged into the cached list.
  result = await apollo.query({
    query: SEARCH,
    variables: { query: "samenwerking", first: 3, after: result.data.search.pageInfo.endCursor },
    fetchPolicy: "network-only",
  });
}
const cached = apollo.readQuery({ query: SEARCH, variables: { query: "samenwerking", first: 3 } });
const ids = cached.search.edges.map((edge) => edge.node.id);
assert.equal(ids.length, total, "relayStylePagination merged every page");
assert.equal(new Set(ids).size, ids.length, "no hit twice");

// A facet as a filter: the filtered total is the facet's count.
const year = result.data.search.facets.years[0];
const filtered = await apollo.query({
  query: SEARCH,
  variables: { query: "samenwerking", first: 3, filter: { year: Number(year.value) } },
});
assert.ok(filtered.data.search.totalCount <= total);
assert.deepEqual(filtered.data.search.facets.years, [{ __typename: "FacetCount", ...year }]);

// Persisted queries: the first hash was unknown, the query was sent once with it, and a
// second client gets its answer from the hash alone, over GET.
const notFound = sent.filter((request) => request.body.includes("PERSISTED_QUERY_NOT_FOUND"));
assert.ok(notFound.length >= 1, "the server asked for the query once");
assert.ok(notFound.every((request) => request.method === "GET"), "hashes went over GET");
const before = sent.length;
const second = client();
const again = await second.query({ query: SEARCH, variables: { query: "regio", first: 2 } });
assert.ok(again.data.search.edges.length > 0);
const fresh = sent.slice(before);
assert.equal(fresh.length, 1, "one request: the hash was known");
assert.equal(fresh[0].method, "GET");
assert.ok(!fresh[0].url.includes("query=") || fresh[0].url.includes("extensions="));
console.log(
  `apollo-check: ${total} hits paged without duplicates, filter year ${year.value} = ${year.count}, ` +
    `persisted queries: ${notFound.length} not found then known, ${sent.length} requests`,
);
