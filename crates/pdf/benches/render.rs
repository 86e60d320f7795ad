//! How long rendering takes: a two-page letter and a document of about 40 pages, in the profile
//! `cargo bench` builds (release). Each round starts with typst's memo cache emptied, as
//! every letter of a day differs, except one that renders the same letter again. Prints its
//! figures; asserts nothing about time.
//!
//! `nice -n 19 cargo bench -p redress-pdf` (`-- 50` for fifty rounds instead of twenty).

// A benchmark's setup may unwrap: a failure is reported, not handled.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../tests/sample/mod.rs"]
mod sample;

use std::time::{Duration, Instant};

use redress_documents::Document;

fn main() {
    let rounds: usize = std::env::args().skip(1).find_map(|arg| arg.parse().ok()).unwrap_or(20);
    let first = Instant::now();
    redress_pdf::render(&sample::letter()).unwrap();
    println!("first render in the process (parses the fonts and the layout): {:.1} ms", ms(first.elapsed()));
    measure("two-page letter", &sample::letter(), rounds, Cache::Cold);
    measure("two-page letter, the same again", &sample::letter(), rounds, Cache::Warm);
    measure("two-page letter, large print", &Document { large_print: true, ..sample::letter() }, rounds, Cache::Cold);
    measure("long document (a case file's timeline)", &sample::long_document(), rounds.div_ceil(4), Cache::Cold);
}

/// Whether typst may reuse what it memoised from the rounds before.
#[derive(PartialEq)]
enum Cache {
    /// Emptied before each round: every letter of a day differs (fonts stay parsed).
    Cold,
    /// Kept: the same document rendered again (a preview refreshed), mostly from the cache.
    Warm,
}

fn measure(name: &str, document: &Document, rounds: usize, cache: Cache) {
    let mut times = Vec::with_capacity(rounds);
    let mut pdf = Vec::new();
    for _ in 0..rounds {
        if cache == Cache::Cold {
            typst::comemo::evict(0);
        }
        let start = Instant::now();
        pdf = redress_pdf::render(document).unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    println!(
        "{name}: {pages} pages, {} KiB; {rounds} rounds: median {:.1} ms, fastest {:.1} ms, slowest {:.1} ms ({:.1} ms a page)",
        pdf.len() / 1024,
        ms(times[rounds / 2]),
        ms(times[0]),
        ms(times[rounds - 1]),
        ms(times[rounds / 2]) / pages as f64,
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
