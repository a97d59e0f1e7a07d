//! `dimensies`: a searchable archive of Dutch vocational-education research, served as GraphQL.
//!
//! - [`ingest`] reads magazine issues (text extracted from PDF, HTML pages) and extracts articles,
//!   quotes with their speakers, people with roles, footnotes with links: a [`model::Issue`].
//! - [`index`] stores issues in a Tantivy index on disk and searches it.
//! - [`cite`] formats citations of articles and quotes (APA, Chicago, BibTeX, RIS, CSL-JSON).
//! - [`api`] serves the index as GraphQL over HTTP (`api::router`).
//! - [`theme`] follows a theme across the archive (the GraphQL `theme` field and `/thema`).
//! - [`web`] serves the Dutch web pages at `/` (search, quotes, articles, people, themes).
//! - [`cli`] is the `dimensies` command line.

pub mod api;
pub mod catalog;
pub mod cite;
pub mod cli;
pub mod index;
pub mod ingest;
pub mod model;
pub mod text;
pub mod theme;
pub mod vocabulary;
pub mod web;
