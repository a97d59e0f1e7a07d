//! The integration tests: one test binary (linking is slow on two cores).
//!
//! - `ingest`: extraction scored against the hand-labelled fixture expectations.
//! - `index`: search behaviour on the fixture index.
//! - `api`: every operation of the client contract, in-process and over a real socket.
//! - `cli`: the command line and the schema golden file.
//! - `html`: a web page of our own, its article out of the boilerplate.
//! - `pdf`: the PDF reader on the real letter and magazine PDFs.
//! - `web`: the web pages over HTTP (status, content, escaping).
//! - `properties`: property tests (proptest) of the normalizer, query parser, cursors, snippets
//!   and readers.
//! - `abuse`: the HTTP handler on malformed bodies, huge variables, deep and wide queries.
//! - `load`: queries keep succeeding while another process ingests into the same index.

mod abuse;
mod api;
mod cli;
mod html;
mod index;
mod ingest;
mod load;
mod pdf;
mod properties;
mod util;
mod web;
