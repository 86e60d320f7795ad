//! Reporting at national scale (issue 12): the time to compute a reporting year's TSM CH01 and
//! CH02 (`App::tsm_report`, what `redress report tsm` and the TSM page run) and the full
//! dashboard (`App::dashboard`, the reporting year) over a database of N complaints, on SQLite
//! and on PostgreSQL, each next to a baseline measured in the same run: the TSM figures as
//! they were computed before migration 0035 (`App::tsm_report_from_events`: every complaint's
//! events read and the domain's `tsm_figures` run over them). A benchmark that prints figures
//! and asserts none (but says whether the two TSM computations agreed); run by hand.
//!
//! ```text
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!     cargo bench -p redress --bench reporting
//! REDRESS_BENCH_COMPLAINTS=10000,200000,2000000 ... cargo bench -p redress --bench reporting
//! REDRESS_BENCH_SECTOR=1 cargo bench -p redress --bench reporting   # and 1,400 landlords
//! ```
//!
//! For each size in `REDRESS_BENCH_COMPLAINTS` (complaints, comma-separated; default
//! 10000,200000; 2 million takes the import's minutes and some 10 GB of disk a database) and
//! each database (a SQLite file in a temporary folder, under `TMPDIR`; and, when
//! `REDRESS_TEST_DATABASE_URL` is set, a PostgreSQL database of its own, created on that
//! server and dropped at the end), it generates a history with `redress generate history`'s
//! generator (seed 1, 1 April 2022 to 31 March 2026) and imports it with the import's use
//! cases (`App::history_import`, `import_row`, `write_imported`; `IMPORTED_AT_ONCE` a
//! transaction), printing the rows a second; then it computes the figures for 2024/25
//! `REDRESS_BENCH_RUNS` times (default 5) and prints the fastest, the median and the slowest,
//! and the baseline and the dashboard `REDRESS_BENCH_BASELINE_RUNS` times (default 1: each
//! reads every complaint of the year). `REDRESS_BENCH_BASELINE_MAX` (default 200000)
//! complaints is the largest size the baseline and the dashboard are measured at.
//!
//! Two shapes of the same size: every complaint one landlord's (`one landlord`: the most one
//! report can be asked to read, far beyond any real landlord), and, with
//! `REDRESS_BENCH_SECTOR=1`, also the generator's 1,400 landlords of every size (`sector`),
//! whose largest landlord's report is timed, and then every landlord's report one after
//! another (the whole sector's year).

// A benchmark: a failed unwrap is a setup that could not be made, with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stdout, clippy::print_stderr)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use redress_app::{Actor, App, IMPORTED_AT_ONCE, Role, Scope, SystemClock};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::ids::UserId;
use redress_domain::reporting::ReportingYear;
use redress_history::format::HistoryReader;
use redress_history::generate::{self, Landlord, Options};
use redress_storage::{Database, Organisation};
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

const POSTGRES_VAR: &str = "REDRESS_TEST_DATABASE_URL";

fn main() {
    let sizes: Vec<u64> = std::env::var("REDRESS_BENCH_COMPLAINTS")
        .unwrap_or_else(|_| "10000,200000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("REDRESS_BENCH_COMPLAINTS: whole numbers, comma-separated"))
        .collect();
    let runs: usize = std::env::var("REDRESS_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let sector = std::env::var("REDRESS_BENCH_SECTOR").is_ok_and(|s| s == "1");
    let postgres = std::env::var(POSTGRES_VAR).ok().filter(|u| !u.trim().is_empty());
    if postgres.is_none() {
        eprintln!("reporting: PostgreSQL skipped ({POSTGRES_VAR} is not set)");
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    println!("TSM CH01 and CH02 for 2024/25; times in milliseconds (fastest / median / slowest of {runs})");
    println!("{}", load());
    for size in sizes {
        let shapes: &[u32] = if sector { &[1, generate::LANDLORDS] } else { &[1] };
        for &landlords in shapes {
            let shape = if landlords == 1 { "one landlord" } else { "sector" };
            let dir = tempfile::tempdir().unwrap();
            let sqlite = format!("sqlite://{}", dir.path().join("bench.db").display());
            runtime.block_on(measure("SQLite", &sqlite, size, landlords, shape, runs));
            if let Some(admin) = &postgres {
                let name = format!("redress_bench_{}", std::process::id());
                runtime.block_on(on_postgres(admin, &format!("create database {name}")));
                let url = database_url(admin, &name);
                runtime.block_on(measure("PostgreSQL", &url, size, landlords, shape, runs));
                runtime.block_on(on_postgres(admin, &format!("drop database {name} with (force)")));
            }
        }
    }
}

/// Makes the history in a fresh database at `url` and times the reports.
async fn measure(backend: &str, url: &str, size: u64, landlords: u32, shape: &str, runs: usize) {
    let db = Database::connect_alone(url).await.unwrap();
    db.migrate().await.unwrap();
    let app = App::new(db.clone(), WorkingCalendar::england_and_wales(), Arc::new(SystemClock)).unwrap();
    let options = Options {
        complaints: size,
        seed: 1,
        landlords,
        from: jiff::civil::date(2022, 4, 1),
        to: jiff::civil::date(2026, 3, 31),
    };
    let generated = generate::landlords(&options);
    let mut csv = Vec::new();
    generate::write(&options, &generated, &mut csv).unwrap();
    let started = Instant::now();
    let organisations = import(&app, &generated, &csv).await;
    let took = started.elapsed();
    println!(
        "{backend}, {size} complaints, {shape}: imported in {:.1} s ({:.0} a second)",
        took.as_secs_f64(),
        size as f64 / took.as_secs_f64()
    );
    let year = ReportingYear::starting(2024).unwrap();
    let (largest, complaints) =
        generated.iter().zip(&organisations).max_by_key(|(l, _)| l.complaints).map(|(l, o)| (o, l.complaints)).unwrap();
    let mut times = Vec::new();
    let mut report = None;
    for _ in 0..runs {
        let started = Instant::now();
        report = Some(app.tsm_report(largest, year).await.unwrap());
        times.push(started.elapsed());
    }
    let figures = report.unwrap().figures;
    println!(
        "  TSM 2024/25 of {} ({complaints} complaints): {}; CH01 stage 1 {}/{}, CH02 stage 1 {}/{}",
        largest.name,
        spread(&mut times),
        figures.ch01_stage1.numerator,
        figures.ch01_stage1.denominator,
        figures.ch02_stage1.numerator,
        figures.ch02_stage1.denominator,
    );
    let baseline_max: u64 =
        std::env::var("REDRESS_BENCH_BASELINE_MAX").ok().and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let baseline_runs: usize =
        std::env::var("REDRESS_BENCH_BASELINE_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    if size <= baseline_max {
        let mut baseline = Vec::new();
        let mut computed = None;
        for _ in 0..baseline_runs {
            let started = Instant::now();
            computed = Some(app.tsm_report_from_events(largest, year).await.unwrap());
            baseline.push(started.elapsed());
        }
        let agree = computed.is_some_and(|c| c.figures == figures);
        let ratio = median(&mut baseline).as_secs_f64() / median(&mut times).as_secs_f64();
        println!(
            "  baseline (events read, the domain's tsm_figures): {}; {ratio:.0} times the time; the figures {}",
            spread(&mut baseline),
            if agree { "agree" } else { "DIFFER" }
        );
        let actor = Actor {
            user_id: UserId::trusted("bench".into()),
            name: "Benchmark".into(),
            organisation_id: largest.id.clone(),
            role: Role::Admin,
            scope: Scope::landlord(&largest.id),
        };
        let mut dashboard = Vec::new();
        for _ in 0..baseline_runs {
            let started = Instant::now();
            app.dashboard(&actor, Some(&largest.id), year.period()).await.unwrap();
            dashboard.push(started.elapsed());
        }
        let ratio = median(&mut dashboard).as_secs_f64() / median(&mut times).as_secs_f64();
        println!(
            "  dashboard 2024/25 (events read, the domain's metrics): {}; {ratio:.0} times the TSM's",
            spread(&mut dashboard)
        );
    }
    if organisations.len() > 1 {
        let started = Instant::now();
        for organisation in &organisations {
            app.tsm_report(organisation, year).await.unwrap();
        }
        println!("  every landlord's, one after another: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    }
    println!("  {}", load());
    db.close().await;
}

/// Imports `csv` as `redress import complaints` does (without its checking pass), adding the
/// landlords first; returns them in the order generated.
async fn import(app: &App, landlords: &[Landlord], csv: &[u8]) -> Vec<Organisation> {
    let mut organisations = Vec::new();
    for landlord in landlords {
        let organisation = app.organisation_named(&landlord.name).await.unwrap();
        app.record_homes_owned(&organisation.id, ReportingYear::starting(2024).unwrap(), landlord.homes).await.unwrap();
        organisations.push(organisation);
    }
    let mut reader = HistoryReader::new(csv).unwrap();
    let mut current: Option<(String, redress_app::HistoryImport)> = None;
    let mut batch = Vec::new();
    let mut writing: Option<tokio::task::JoinHandle<Result<usize, redress_app::AppError>>> = None;
    while let Some(read) = reader.next_row().unwrap() {
        let read = read.unwrap();
        let name = read.organisation.clone().unwrap();
        if current.as_ref().is_none_or(|(n, _)| *n != name) {
            if let Some((_, import)) = &current
                && !batch.is_empty()
            {
                if let Some(w) = writing.take() {
                    w.await.unwrap().unwrap();
                }
                writing = Some(tokio::spawn(
                    app.clone().write_imported(import.landlord().clone(), std::mem::take(&mut batch)),
                ));
            }
            let organisation = organisations.iter().find(|o| o.name == name).unwrap();
            current = Some((name, app.history_import(organisation).await.unwrap()));
        }
        let (_, import) = current.as_mut().unwrap();
        if let Some(complaint) = app.import_row(import, read.row).await.unwrap() {
            batch.push(complaint);
        }
        if batch.len() >= IMPORTED_AT_ONCE {
            if let Some(w) = writing.take() {
                w.await.unwrap().unwrap();
            }
            writing =
                Some(tokio::spawn(app.clone().write_imported(import.landlord().clone(), std::mem::take(&mut batch))));
        }
    }
    if let Some(w) = writing.take() {
        w.await.unwrap().unwrap();
    }
    if let Some((_, import)) = &current
        && !batch.is_empty()
    {
        app.clone().write_imported(import.landlord().clone(), batch).await.unwrap();
    }
    organisations
}

/// The machine's load average now (Linux), to print next to the figures: the machine may be
/// shared.
fn load() -> String {
    let average = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let parts: Vec<&str> = average.split_whitespace().take(3).collect();
    format!(
        "load average (1, 5, 15 minutes): {}; {} cores",
        parts.join(", "),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    )
}

/// The median of `times`.
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Fastest / median / slowest, in milliseconds.
fn spread(times: &mut [Duration]) -> String {
    times.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1e3;
    format!("{:.1} / {:.1} / {:.1} ms", ms(&times[0]), ms(&times[times.len() / 2]), ms(&times[times.len() - 1]))
}

/// `admin`'s URL naming database `name` instead.
fn database_url(admin: &str, name: &str) -> String {
    let (base, query) = admin.split_once('?').map_or((admin, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &base[..slash],
        _ => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs one statement of ours on the server at `url`.
async fn on_postgres(url: &str, sql: &str) {
    let mut conn = PgConnection::connect(url).await.unwrap();
    conn.execute(AssertSqlSafe(sql.to_owned())).await.unwrap();
    conn.close().await.unwrap();
}
