//! How long the staff pages take to render at the server, with the demo data: a benchmark
//! that prints figures, never a timed test (issue 4: every page under 50 ms at the server).
//!
//! ```text
//! cargo bench -p redress-web --bench render
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p redress-web --bench render
//! REDRESS_BENCH_HOMES=5000 cargo bench -p redress-web --bench render
//! REDRESS_BENCH_HOMES=5000 REDRESS_BENCH_RESIDENTS=120000 cargo bench -p redress-web --bench render
//! ```
//!
//! It makes the default demo (500 homes, two years and the current one; `REDRESS_BENCH_HOMES`
//! for another size) in a fresh SQLite database, and in PostgreSQL too when
//! `REDRESS_TEST_DATABASE_URL` is set; with `REDRESS_BENCH_RESIDENTS`, adds that many more
//! residents of the landlord in bulk (`redress_storage::testing::bulk_residents`: a register
//! the size of the largest landlords', thousands sharing a surname or a street), and measures
//! the pages again; signs in as the demo complaints officer; then sends
//! each page's request through the router (as the page tests do, without a socket) a few
//! times to warm up and [`RUNS`] times measured, and prints min, median, 95th percentile and
//! max per page beside the target. Nothing is asserted: figures depend on the machine.

// A benchmark: a failed unwrap is a setup that could not be made, with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stdout, clippy::print_stderr)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use jiff::civil::time;
use redress_app::{App, FixedClock, Role};
use redress_demo::{DEFAULT_HOMES, DEFAULT_SEED, DEFAULT_YEARS, DEMO_PASSWORD, DemoOptions, demo_email};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_storage::Backend;
use redress_storage::testing::TestDatabase;
use redress_storage::testing::bulk;
use redress_storage::testing::bulk_residents;
use redress_web::AppState;
use tower::ServiceExt;

/// Requests before measuring: caches, pools and lazily built things warm up.
const WARM_UP: usize = 5;
/// Requests measured per page.
const RUNS: usize = 50;
/// The target of issue 4, per page at the server.
const TARGET: Duration = Duration::from_millis(50);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(async {
        let homes = std::env::var("REDRESS_BENCH_HOMES").ok().and_then(|h| h.parse().ok()).unwrap_or(DEFAULT_HOMES);
        let mut backends = vec![Backend::Sqlite];
        if std::env::var_os(redress_storage::testing::DATABASE_URL_VAR).is_some() {
            backends.push(Backend::Postgres);
        }
        let residents = std::env::var("REDRESS_BENCH_RESIDENTS").ok().and_then(|r| r.parse().ok()).unwrap_or(0);
        for backend in backends {
            bench(backend, homes, residents).await;
        }
    });
}

async fn bench(backend: Backend, homes: u32, residents: usize) {
    let test_db = TestDatabase::migrated(backend).await.expect("a fresh database");
    let db = test_db.database().clone();
    let calendar = WorkingCalendar::england_and_wales();
    // Seen from a fixed day, so that every run makes the same demo.
    let end = jiff::civil::date(2026, 11, 23);
    let options = DemoOptions { homes, years: DEFAULT_YEARS, seed: DEFAULT_SEED, end };
    let started = Instant::now();
    let summary = redress_demo::generate(&db, calendar.clone(), &options, &mut |_| {}).await.expect("the demo is made");
    eprintln!(
        "{backend:?}: demo of {} homes and {} complaints made in {:.1?}",
        summary.homes,
        summary.complaints,
        started.elapsed()
    );
    let now = end.to_datetime(time(10, 0, 0, 0)).to_zoned(london::zone().unwrap()).unwrap().timestamp();
    let app = App::new(db.clone(), calendar, Arc::new(FixedClock::new(now))).unwrap();
    let site = Site { router: redress_web::router(AppState::new(app)), cookie: String::new() };
    let site = site.signed_in(&demo_email(Role::ComplaintsOfficer, false)).await;
    measure(&site, backend, &format!("{} homes, {} complaints", summary.homes, summary.complaints)).await;
    if residents > 0 {
        let started = Instant::now();
        let landlord = db.list_organisations().await.unwrap().into_iter().find(|o| o.parent_id.is_none()).unwrap();
        bulk_residents::insert_residents(&db, &landlord.id, "bulk", residents, now).await.unwrap();
        bulk::analyze(&db).await.unwrap();
        eprintln!("{backend:?}: {residents} more residents added in {:.1?}", started.elapsed());
        let of = format!("{} homes, {} complaints and {residents} more residents", summary.homes, summary.complaints);
        measure(&site, backend, &of).await;
    }
}

/// Measures every page and prints the figures, for the database described by `of`.
async fn measure(site: &Site, backend: Backend, of: &str) {
    let found = site.get("/cases/new?q=smith").await;
    let resident = found
        .split(r#"href="/cases/new?resident="#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a resident named Smith")
        .to_owned();
    let list = site.get("/cases").await;
    let case = list
        .split(r#"href="/cases/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|id| !id.is_empty() && *id != "new")
        .expect("a case on the first page")
        .to_owned();
    // The second page is after the first page's last case (keyset paging).
    let page_2 = list
        .split(r#"" rel="next""#)
        .next()
        .and_then(|before| before.rsplit(r#"href=""#).next())
        .map(|href| href.replace("&#38;", "&"))
        .expect("a link to the second page");
    let pages = [
        ("Home", "/".to_owned()),
        ("My work", "/my-work".to_owned()),
        ("Open remedies and actions", "/work".to_owned()),
        ("Case list, first page", "/cases".to_owned()),
        ("Case list, page 2", page_2),
        ("Case list, filtered", "/cases?status=investigating&stage=1&channel=email".to_owned()),
        ("Case list, received in 2025", "/cases?received_from-day=1&received_from-month=1&received_from-year=2025&received_to-day=31&received_to-month=12&received_to-year=2025".to_owned()),
        ("Case list, search by name", "/cases?search=smith".to_owned()),
        ("Case list, search by reference", "/cases?search=CMP-2025-00001".to_owned()),
        ("CSV export, every case", "/cases.csv".to_owned()),
        ("A case", format!("/cases/{case}")),
        ("Log a complaint: the search", "/cases/new".to_owned()),
        ("Log a complaint: a surname", "/cases/new?q=smith".to_owned()),
        ("Log a complaint: name and street", "/cases/new?q=smith+acacia".to_owned()),
        ("Log a complaint: the form", format!("/cases/new?resident={resident}")),
    ];
    println!();
    println!("{backend:?}, {of}, {RUNS} runs each (target: under {} ms)", TARGET.as_millis());
    println!("{:<32} {:>9} {:>9} {:>9} {:>9}  target", "page", "min ms", "median", "p95", "max");
    for (name, path) in pages {
        for _ in 0..WARM_UP {
            site.get(&path).await;
        }
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            site.get(&path).await;
            times.push(started.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let p95 = times[(times.len() * 95).div_ceil(100) - 1];
        let verdict = if p95 < TARGET { "met" } else { "MISSED" };
        println!(
            "{name:<32} {:>9.2} {:>9.2} {:>9.2} {:>9.2}  {verdict} (p95 < {} ms)",
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(p95),
            ms(times[times.len() - 1]),
            TARGET.as_millis()
        );
    }
}

/// The router and a signed-in session.
struct Site {
    router: Router,
    cookie: String,
}

impl Site {
    /// Signs in through the sign-in form, as a browser would.
    async fn signed_in(mut self, email: &str) -> Site {
        let form = format!("email={}&password={}", email.replace('@', "%40"), DEMO_PASSWORD);
        let request = Request::builder()
            .method(Method::POST)
            .uri("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(form))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "signing in as {email}");
        let set = response.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap();
        self.cookie = set.split(';').next().unwrap().to_owned();
        self
    }

    /// `GET path`, read whole; a page that is not 200 stops the benchmark.
    async fn get(&self, path: &str) -> String {
        let request = Request::builder().uri(path).header(header::COOKIE, &self.cookie).body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(status, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&body));
        String::from_utf8(body.to_vec()).unwrap()
    }
}
