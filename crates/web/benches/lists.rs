//! The case list under load on a large database (issue 8, "Lists that scale"): a benchmark
//! that prints figures, never a timed test.
//!
//! ```text
//! cargo bench -p redress-web --bench lists
//! REDRESS_BENCH_COMPLAINTS=50000 cargo bench -p redress-web --bench lists
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p redress-web --bench lists
//! REDRESS_BENCH_KEEP=1 ...   # keep the databases made, to read their plans afterwards
//! ```
//!
//! It makes a landlord with [`RESIDENTS`] residents and five handlers, then
//! `REDRESS_BENCH_COMPLAINTS` complaints (default 200,000) in a fresh SQLite database, in
//! bulk (multi-row inserts of rows and a first event each, in large transactions: see
//! `redress_storage::testing::bulk`), and in PostgreSQL too when `REDRESS_TEST_DATABASE_URL`
//! is set (`REDRESS_BENCH_PG_COMPLAINTS`, default 50,000). Signed in as a complaints officer,
//! [`TASKS`] tasks at once then each ask for the first page of the case list (unfiltered,
//! filtered, and a next page by cursor) [`REQUESTS_PER_TASK`] times through the router, and
//! it prints the median, 99th percentile and the answers that were not 200, and the median
//! of [`ALONE`] requests from one client alone, sent first. With every client always
//! waiting for an answer, the median under load is about [`TASKS`] over the requests per
//! second (Little's law): on a machine whose cores are all busy, it measures the cores.

// A benchmark: a failed unwrap is a setup that could not be made, with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stdout, clippy::print_stderr)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use jiff::civil::{date, time};
use redress_app::{App, FixedClock, NewStaff, Role};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_domain::ids::ResidentId;
use redress_storage::testing::TestDatabase;
use redress_storage::testing::bulk::{self, BulkComplaints};
use redress_storage::{Backend, NewResident, ResidentDetails};
use redress_web::AppState;
use serde_json::json;
use tower::ServiceExt;

/// Concurrent clients.
const TASKS: usize = 64;
/// Requests each client sends per list.
const REQUESTS_PER_TASK: usize = 10;
/// Requests one client alone sends per list, before the others start.
const ALONE: usize = 20;
/// Residents of the landlord.
const RESIDENTS: usize = 2000;
/// The complaints officer's password.
const PASSWORD: &str = "a long benchmark password";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    let size = |var: &str, default: usize| std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    runtime.block_on(async {
        bench(Backend::Sqlite, size("REDRESS_BENCH_COMPLAINTS", 200_000)).await;
        if std::env::var_os(redress_storage::testing::DATABASE_URL_VAR).is_some() {
            bench(Backend::Postgres, size("REDRESS_BENCH_PG_COMPLAINTS", 50_000)).await;
        }
    });
}

async fn bench(backend: Backend, count: usize) {
    let test_db = TestDatabase::migrated(backend).await.expect("a fresh database");
    let db = test_db.database().clone();
    let calendar = WorkingCalendar::england_and_wales();
    let today = date(2026, 11, 23);
    let now = today.to_datetime(time(10, 0, 0, 0)).to_zoned(london::zone().unwrap()).unwrap().timestamp();
    let app = App::new(db.clone(), calendar, Arc::new(FixedClock::new(now))).unwrap();
    let started = Instant::now();
    let landlord = app.organisation_named("Bench Homes").await.unwrap();
    let (_, admin_token) = app.add_user(&landlord, "Ada Admin", Role::Admin).await.unwrap();
    let admin = app.authenticate(&admin_token).await.unwrap().unwrap();
    let email = "officer@bench.example";
    let new = NewStaff {
        name: "Olive Officer".into(),
        role: Role::ComplaintsOfficer,
        email: email.into(),
        password: PASSWORD.into(),
    };
    app.add_staff(&admin, &new).await.unwrap();
    let mut handlers = Vec::new();
    for n in 0..5 {
        let (user, _) = app.add_user(&landlord, &format!("Handler {n}"), Role::Handler).await.unwrap();
        handlers.push(user.id);
    }
    let mut residents = Vec::new();
    for n in 0..RESIDENTS {
        let id: ResidentId = format!("resident-{n:05}").parse().unwrap();
        let details = ResidentDetails {
            name: format!("Resident {n:05}"),
            reference: None,
            email: None,
            phone: None,
            address: Some(format!("{n} Bench Street")),
            preferred_contact_method: None,
            preferred_format: None,
            disabilities: json!([]),
            vulnerabilities: json!([]),
            reasonable_adjustments: json!([]),
            support_review_on: None,
        };
        db.create_resident(&landlord.id, &NewResident { id: id.clone(), details, created_at: now }).await.unwrap();
        residents.push(id);
    }
    let spec = BulkComplaints {
        organisation_id: landlord.id.clone(),
        residents,
        handlers: handlers.clone(),
        count,
        newest: today,
        id_prefix: "bench-".into(),
    };
    let made = Instant::now();
    bulk::insert_complaints(&db, &spec).await.unwrap();
    let inserted = made.elapsed();
    // The planner's statistics, as a database in use has them (PostgreSQL's autovacuum would
    // gather them soon after such a load; SQLite's `PRAGMA optimize` at connection).
    bulk::analyze(&db).await.unwrap();
    eprintln!(
        "{backend:?}: {count} complaints made in {inserted:.1?}, analysed in {:.1?} (set-up {:.1?} in all)",
        made.elapsed() - inserted,
        started.elapsed()
    );

    let (_, officer_token) = app.add_user(&landlord, "Otto Officer", Role::ComplaintsOfficer).await.unwrap();
    let site = Site::signed_in(redress_web::router(AppState::new(app)), email).await;
    let api = Site { router: site.router.clone(), cookie: String::new(), token: Some(officer_token) };
    let first = site.get("/cases").await.1;
    let next = first
        .split(r#"" rel="next""#)
        .next()
        .and_then(|before| before.rsplit(r#"href=""#).next())
        .map(|href| href.replace("&#38;", "&"))
        .expect("a next page");
    let api_next = {
        let body = api.get("/api/v1/complaints?limit=25").await.1;
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        format!("/api/v1/complaints?limit=25&cursor={}", value["next_cursor"].as_str().unwrap())
    };
    let lists = [
        ("API, first page", "/api/v1/complaints?limit=25".to_owned(), &api),
        ("API, next page", api_next, &api),
        ("API, status", "/api/v1/complaints?limit=25&status=investigating".to_owned(), &api),
        ("API, overdue", "/api/v1/complaints?limit=25&overdue=true".to_owned(), &api),
        ("Page, first page", "/cases".to_owned(), &site),
        ("Page, next page (cursor)", next, &site),
        ("Page, status", "/cases?status=investigating".to_owned(), &site),
        ("Page, stage and channel", "/cases?stage=1&channel=email".to_owned(), &site),
        ("Page, category and channel", "/cases?category=repairs&channel=letter".to_owned(), &site),
        ("Page, handler", format!("/cases?handler={}", handlers[0]), &site),
        ("Page, handler and status", format!("/cases?handler={}&status=investigating", handlers[0]), &site),
        ("Page, overdue", "/cases?deadline=overdue".to_owned(), &site),
        ("Page, category", "/cases?category=repairs".to_owned(), &site),
        ("Page, received in 2025", "/cases?received_from-day=1&received_from-month=1&received_from-year=2025&received_to-day=31&received_to-month=12&received_to-year=2025".to_owned(), &site),
    ];
    println!();
    println!("{backend:?}, {count} complaints, {TASKS} tasks at once x {REQUESTS_PER_TASK} requests each");
    // The machine's load as the measuring starts: other work on a shared machine slows it.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average (1, 5, 15 min): {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(", "));
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>9} {:>7}  {:>11}",
        "list", "p50 ms", "p99 ms", "max ms", "req/s", "errors", "alone p50 ms"
    );
    for (name, path, site) in lists {
        // Warm up (caches, the pool's connections), then one client alone: what a request
        // costs when it does not queue behind others for the cores and the pool.
        let mut alone = Vec::with_capacity(ALONE);
        for _ in 0..3 + ALONE {
            let started = Instant::now();
            site.get(&path).await;
            alone.push(started.elapsed());
        }
        let mut alone = alone.split_off(3);
        alone.sort();
        let wall = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..TASKS {
            let site = site.clone();
            let path = path.clone();
            tasks.spawn(async move {
                let mut results = Vec::with_capacity(REQUESTS_PER_TASK);
                for _ in 0..REQUESTS_PER_TASK {
                    let started = Instant::now();
                    let (status, _) = site.get(&path).await;
                    results.push((started.elapsed(), status));
                }
                results
            });
        }
        let mut times = Vec::new();
        let mut errors: Vec<StatusCode> = Vec::new();
        while let Some(done) = tasks.join_next().await {
            for (elapsed, status) in done.unwrap() {
                times.push(elapsed);
                if status != StatusCode::OK {
                    errors.push(status);
                }
            }
        }
        let wall = wall.elapsed();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let p99 = times[(times.len() * 99).div_ceil(100) - 1];
        let mut kinds: Vec<String> = errors.iter().map(|s| s.as_u16().to_string()).collect();
        kinds.dedup();
        println!(
            "{name:<28} {:>9.1} {:>9.1} {:>9.1} {:>9.0} {:>7}  {:>11.1}",
            ms(times[times.len() / 2]),
            ms(p99),
            ms(times[times.len() - 1]),
            times.len() as f64 / wall.as_secs_f64(),
            format!(
                "{}{}",
                errors.len(),
                if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) }
            ),
            ms(alone[alone.len() / 2]),
        );
    }
    db.close().await;
    if std::env::var_os("REDRESS_BENCH_KEEP").is_some() {
        // Left for reading the plans afterwards (PostgreSQL: the `redress_test_*` schema).
        std::mem::forget(test_db);
    }
}

/// The router and a signed-in session.
#[derive(Clone)]
struct Site {
    router: Router,
    cookie: String,
    /// An API token, sent instead of the cookie when given.
    token: Option<String>,
}

impl Site {
    /// Signs in through the sign-in form, as a browser would.
    async fn signed_in(router: Router, email: &str) -> Site {
        let form = format!("email={}&password={}", email.replace('@', "%40"), PASSWORD.replace(' ', "+"));
        let request = Request::builder()
            .method(Method::POST)
            .uri("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(form))
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "signing in as {email}");
        let set = response.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap();
        Site { router, cookie: set.split(';').next().unwrap().to_owned(), token: None }
    }

    /// `GET path`, read whole: its status and body.
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let request = match &self.token {
            Some(token) => Request::builder().uri(path).header(header::AUTHORIZATION, format!("Bearer {token}")),
            None => Request::builder().uri(path).header(header::COOKIE, &self.cookie),
        };
        let request = request.body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }
}
