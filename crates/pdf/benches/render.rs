//! How long rendering takes: a two-page letter and a document of about 40 pages, in the
//! profile `cargo bench` builds (release). Prints its figures; asserts nothing about time.
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
    measure("two-page letter", &sample::letter(), rounds);
    measure("two-page letter, large print", &Document { large_print: true, ..sample::letter() }, rounds);
    measure("long document (case file timeline)", &sample::long_document(), rounds.div_ceil(4));
}

fn measure(name: &str, document: &Document, rounds: usize) {
    let mut times = Vec::with_capacity(rounds);
    let mut pdf = Vec::new();
    for _ in 0..rounds {
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
