//! The `dimensies` binary: parses the command line and runs it.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the search path allocates many small, short-lived values (terms, hits, GraphQL
/// values), where the system allocator spent 15–18 % of a request's CPU (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dimensies::cli::init_tracing();
    let cli = dimensies::cli::Cli::parse();
    match dimensies::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
