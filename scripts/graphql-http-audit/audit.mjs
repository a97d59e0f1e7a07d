#!/usr/bin/env node
// GraphQL-over-HTTP conformance audit of a running dimensies server, using the
// server audits that ship with the `graphql-http` package (the reference
// implementation of the GraphQL over HTTP spec).
//
//   cd scripts/graphql-http-audit && npm ci
//   node audit.mjs [URL]            # default http://127.0.0.1:8000/graphql
//
// Prints one line per audit:
//   ok    <id> <name>
//   FAIL  <id> MUST ...    -- reason   (a spec requirement: makes the exit code 1)
//   warn  <id> SHOULD ...  -- reason   (a recommendation: reported, not fatal)
//   note  <id> MAY ...     -- reason   (optional behaviour: reported, not fatal)
// then a summary line.
//
// Exit codes: 0 all MUST audits pass; 1 at least one MUST audit fails;
// 2 the server could not be reached at all (every request failed) or bad usage.
//
// Environment: AUDIT_TIMEOUT_MS per-request timeout (default 10000).

import { serverAudits } from 'graphql-http';

const DEFAULT_URL = 'http://127.0.0.1:8000/graphql';
const url = process.argv[2] ?? DEFAULT_URL;
const timeoutMs = Number(process.env.AUDIT_TIMEOUT_MS ?? 10000);

try {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
} catch {
  console.error(`usage: node audit.mjs [URL]   (got ${JSON.stringify(url)}, want e.g. ${DEFAULT_URL})`);
  process.exit(2);
}

// global fetch with a per-request timeout, so a hanging server cannot hang the audit.
const fetchFn = (input, init = {}) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });

/** Human-readable reason for a thrown (non-assertion) error, e.g. a refused connection. */
function describeError(err) {
  if (err?.name === 'TimeoutError') return `request timed out after ${timeoutMs} ms`;
  const cause = err?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  const detail = cause?.message ?? cause?.errors?.map((e) => e.message).join('; ');
  let msg = `request failed: ${err?.message ?? String(err)}`;
  if (detail) msg += ` (${detail})`;
  else if (code) msg += ` (${code})`;
  return msg;
}

/** Status, content-type and the start of the body of the response an audit failed on. */
async function describeResponse(res) {
  if (!res || typeof res.status !== 'number') return '';
  let body = '';
  try {
    body = (await res.clone().text()).replace(/\s+/g, ' ').trim();
    if (body.length > 160) body = `${body.slice(0, 160)}…`;
  } catch {
    // body already consumed: leave it out
  }
  const ct = res.headers?.get('content-type') ?? '(none)';
  return ` [HTTP ${res.status}, content-type: ${ct}${body ? `, body: ${body}` : ''}]`;
}

const level = (name) => name.split(' ', 1)[0]; // 'MUST' | 'SHOULD' | 'MAY'
const TAG = { MUST: 'FAIL', SHOULD: 'warn', MAY: 'note' };

const audits = serverAudits({ url, fetchFn });
const counts = { ok: 0, MUST: 0, SHOULD: 0, MAY: 0 };
const totals = { MUST: 0, SHOULD: 0, MAY: 0 };
let unreachable = 0;

console.log(`graphql-http server audit of ${url} (${audits.length} audits)`);

// Sequential on purpose: stable output order, and gentle on a debug build.
for (const { id, name, fn } of audits) {
  const lvl = level(name);
  totals[lvl] = (totals[lvl] ?? 0) + 1;
  let reason = null;
  let response = null;
  try {
    const result = await fn();
    if (result.status !== 'ok') {
      reason = result.reason;
      response = result.response;
    }
  } catch (err) {
    // graphql-http treats anything that is not an assertion failure (e.g. a
    // network error) as fatal; count it as a failure of this audit instead.
    reason = describeError(err);
    unreachable++;
  }
  if (reason === null) {
    counts.ok++;
    console.log(`ok    ${id} ${name}`);
  } else {
    counts[lvl] = (counts[lvl] ?? 0) + 1;
    console.log(`${(TAG[lvl] ?? 'FAIL').padEnd(5)} ${id} ${name} -- ${reason}${await describeResponse(response)}`);
  }
}

console.log(
  `summary: ${counts.ok}/${audits.length} ok; ` +
    `MUST ${counts.MUST} failed of ${totals.MUST}, ` +
    `SHOULD ${counts.SHOULD} warnings of ${totals.SHOULD}, ` +
    `MAY ${counts.MAY} notices of ${totals.MAY}`,
);

if (unreachable === audits.length) {
  console.error(`error: could not reach ${url}; is the server running?`);
  process.exit(2);
}
if (counts.MUST > 0) {
  console.error(`error: ${counts.MUST} MUST audit(s) failed: the server does not conform to GraphQL over HTTP`);
  process.exit(1);
}
process.exit(0);
