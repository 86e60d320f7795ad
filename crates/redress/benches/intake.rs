//! Intake throughput: how fast the real `redress serve` logs complaints through
//! `POST /api/v1/complaints`, next to a minimal axum + sqlx handler doing the least the same
//! request needs. A benchmark that prints figures and asserts none; run by hand, not in CI.
//!
//! ```text
//! cargo bench -p redress --bench intake
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p redress --bench intake
//! REDRESS_BENCH_SECONDS=10 cargo bench -p redress --bench intake
//! REDRESS_BENCH_STATEMENTS=1 cargo bench -p redress --bench intake   # and list each statement counted
//! ```
//!
//! For each database (SQLite, and PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set, in a
//! schema of its own) and each concurrency (1, 8, 64 clients, each with one keep-alive
//! connection), it sends complaints with a bearer token and a unique `Idempotency-Key` for
//! `REDRESS_BENCH_SECONDS` (default 5) after a short warm-up, and prints requests per second,
//! p50 and p99 latency, for:
//!
//! - Redress: `redress serve` (the binary Cargo built with this benchmark, so a release
//!   build under `cargo bench`) on a fresh database with an admin from `redress user add`;
//! - minimal: an axum handler in this process, on its own runtime, that looks the token up
//!   by its SHA-256 (one `select`) and, in one transaction, inserts a complaint row, an event
//!   row and the key row; nothing else (no hash chain, deadlines, registry or answer built
//!   from the record).
//!
//! and the ratio Redress / minimal. Then it counts the database statements Redress runs for
//! one intake and one acknowledgement: it starts the server again with
//! `RUST_LOG=sqlx::query=debug`, so that sqlx logs every statement it runs (one line each,
//! target `sqlx::query`, to standard error, which this reads), and after each request sends
//! `GET /healthz`, whose `select 1` marks where the request's statements end.

// A benchmark: a failed unwrap is a setup that could not be made, with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stdout, clippy::print_stderr)]

// Shared with the crash test, which uses helpers this benchmark does not.
#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response as AxumResponse};
use axum::routing::post;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::{PgPool, SqlitePool};
use support::http::{Connection, Request, Response};
use support::{FreshDatabase, POSTGRES_VAR, Server, add_user};

/// The concurrencies measured.
const CONCURRENCY: [usize; 3] = [1, 8, 64];
/// Requests each client sends before measuring starts (pools, caches, statement caches).
const WARM_UP: usize = 5;
/// The token the minimal handler accepts.
const MINIMAL_TOKEN: &str = "rdr_minimal_benchmark_token";

fn main() {
    let seconds = std::env::var("REDRESS_BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let window = Duration::from_secs(seconds);
    let binary = Path::new(env!("CARGO_BIN_EXE_redress"));
    let client = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let mut databases = vec![("SQLite", None)];
    if let Some(url) = std::env::var(POSTGRES_VAR).ok().filter(|u| !u.trim().is_empty()) {
        databases.push(("PostgreSQL", Some(url)));
    } else {
        eprintln!("intake: PostgreSQL skipped ({POSTGRES_VAR} is not set)");
    }
    println!(
        "Intake, POST /api/v1/complaints, {seconds} s per measurement after {WARM_UP} requests per client to warm up"
    );
    for (name, postgres) in databases {
        let fresh = || postgres.as_deref().map_or_else(FreshDatabase::sqlite, FreshDatabase::postgres);
        println!("\n{name}");
        // REDRESS_BENCH_SECONDS=0 only counts statements.
        if !window.is_zero() {
            throughput(binary, &client, window, &fresh);
        }
        let db = fresh();
        let counts = count_statements(binary, &db.url, &client);
        for (what, mut verbs) in counts {
            // sqlx logs no BEGIN, and COMMIT only on PostgreSQL: transactions are told apart.
            let commits = verbs.remove("commit");
            let total: usize = verbs.values().sum();
            let detail: Vec<String> = verbs.iter().map(|(verb, n)| format!("{n} {verb}")).collect();
            let transactions =
                commits.map_or("transactions not logged on SQLite".to_owned(), |n| format!("{n} COMMIT"));
            println!("Redress statements per {what}: {total} ({}) + BEGIN/COMMIT; {transactions}", detail.join(", "));
        }
        println!("minimal statements per intake: 4 (3 insert, 1 select) + BEGIN/COMMIT; 1 transaction by construction");
    }
}

/// Measures Redress and the minimal handler at each concurrency, and prints the figures.
fn throughput(binary: &Path, client: &tokio::runtime::Runtime, window: Duration, fresh: &dyn Fn() -> FreshDatabase) {
    {
        let redress = {
            let db = fresh();
            let token = add_user(binary, &db.url, "Bench Homes", "Ada Admin", "admin");
            let server = Server::start(binary, &db.url, &[], Stdio::null());
            let target = client.block_on(Target::redress(&server.address, &token));
            let figures: Vec<Figures> =
                CONCURRENCY.iter().map(|&c| client.block_on(measure(&target, c, window))).collect();
            server.kill();
            figures
        };
        let minimal = {
            let db = fresh();
            let (address, _server) = Minimal::start(&db.url);
            let target = client.block_on(Target::minimal(&address));
            CONCURRENCY.iter().map(|&c| client.block_on(measure(&target, c, window))).collect::<Vec<_>>()
        };
        println!("| Server | Clients | Requests | Errors | Requests/s | p50 ms | p99 ms |");
        println!("|---|---|---|---|---|---|---|");
        for (server, figures) in [("Redress", &redress), ("minimal", &minimal)] {
            for f in figures {
                println!(
                    "| {server} | {} | {} | {} | {:.0} | {:.2} | {:.2} |",
                    f.clients,
                    f.requests,
                    f.errors,
                    f.per_second(),
                    ms(f.p50),
                    ms(f.p99)
                );
            }
        }
        for (r, m) in redress.iter().zip(&minimal) {
            println!(
                "Redress / minimal at {} clients: requests/s x{:.2}, p50 x{:.2}, p99 x{:.2}",
                r.clients,
                r.per_second() / m.per_second(),
                ms(r.p50) / ms(m.p50),
                ms(r.p99) / ms(m.p99)
            );
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A server to send complaints to: where, with which token, about which resident.
struct Target {
    address: String,
    bearer: String,
    resident: String,
}

impl Target {
    /// Redress, with a resident made through the API.
    async fn redress(address: &str, token: &str) -> Target {
        let bearer = format!("Bearer {token}");
        let mut conn = Connection::open(address).await.unwrap();
        let body = serde_json::to_vec(&json!({ "name": "Rosa Resident" })).unwrap();
        let headers = [("Authorization", bearer.as_str())];
        let reply =
            conn.send(Request { method: "POST", path: "/api/v1/residents", headers: &headers, body: &body }).await;
        let reply = reply.unwrap();
        assert_eq!(reply.status, 201, "{}", reply.text());
        let resident = reply.json()["id"].as_str().unwrap().to_owned();
        Target { address: address.to_owned(), bearer, resident }
    }

    /// The minimal handler, which stores the resident's id as given.
    async fn minimal(address: &str) -> Target {
        Target {
            address: address.to_owned(),
            bearer: format!("Bearer {MINIMAL_TOKEN}"),
            resident: "resident-1".to_owned(),
        }
    }
}

/// One measurement.
struct Figures {
    clients: usize,
    requests: usize,
    /// Answers other than 201 (or no answer), among `requests`.
    errors: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
}

impl Figures {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// Keys unique across every measurement of the run.
static KEYS: AtomicU64 = AtomicU64::new(0);

/// `clients` clients each sending complaints on one keep-alive connection for `window`.
async fn measure(target: &Target, clients: usize, window: Duration) -> Figures {
    let target = Arc::new(Target {
        address: target.address.clone(),
        bearer: target.bearer.clone(),
        resident: target.resident.clone(),
    });
    let mut conns = Vec::new();
    for _ in 0..clients {
        let mut conn = Connection::open(&target.address).await.unwrap();
        for _ in 0..WARM_UP {
            intake(&mut conn, &target).await;
        }
        conns.push(conn);
    }
    let started = Instant::now();
    let end = started + window;
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|mut conn| {
            let target = target.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0);
                while Instant::now() < end {
                    let sent = Instant::now();
                    let reply = send_intake(&mut conn, &target).await;
                    latencies.push(sent.elapsed());
                    match reply {
                        Ok(reply) if reply.status == 201 => {}
                        Ok(_) => errors += 1,
                        // The connection is unusable: count it and open another.
                        Err(_) => {
                            errors += 1;
                            conn = Connection::open(&target.address).await.unwrap();
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (more, failed) = task.await.unwrap();
        latencies.extend(more);
        errors += failed;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1)];
    Figures { clients, requests: latencies.len(), errors, elapsed, p50: at(0.50), p99: at(0.99) }
}

/// Logs one complaint with a fresh key; it must be created.
async fn intake(conn: &mut Connection, target: &Target) -> Response {
    let reply = send_intake(conn, target).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply
}

/// Sends one complaint with a fresh key.
async fn send_intake(conn: &mut Connection, target: &Target) -> std::io::Result<Response> {
    let key = format!("bench-{}", KEYS.fetch_add(1, Ordering::Relaxed));
    let body = json!({
        "channel": "email",
        "issue_occurred_on": issue_date(),
        "complexity": "straightforward",
        "risks": [],
        "description": "The kitchen ceiling has leaked for weeks and nobody has come.",
        "categories": ["repairs"],
        "resident_id": target.resident,
    });
    let body = serde_json::to_vec(&body).unwrap();
    let headers = [("Authorization", target.bearer.as_str()), ("Idempotency-Key", key.as_str())];
    conn.send(Request { method: "POST", path: "/api/v1/complaints", headers: &headers, body: &body }).await
}

/// The statements Redress runs for one intake and one acknowledgement, by verb (the first
/// word of each statement as sqlx logs it).
fn count_statements(
    binary: &Path,
    url: &str,
    client: &tokio::runtime::Runtime,
) -> Vec<(&'static str, BTreeMap<String, usize>)> {
    let token = add_user(binary, url, "Bench Homes", "Ada Admin", "admin");
    let env = [("RUST_LOG", "sqlx::query=debug"), ("NO_COLOR", "1")];
    let mut server = Server::start(binary, url, &env, Stdio::piped());
    let log = server.take_stderr().unwrap();
    let (lines, statements) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(log).lines().map_while(Result::ok) {
            if line.contains("sqlx::query") && lines.send(line).is_err() {
                break;
            }
        }
    });
    // Start-up (migrations) up to the health check `Server::start` waited for.
    until_marker(&statements, None);
    let counted = client.block_on(async {
        let target = Target::redress(&server.address, &token).await;
        let mut conn = Connection::open(&target.address).await.unwrap();
        let health = async |conn: &mut Connection| {
            conn.send(Request { method: "GET", path: "/healthz", headers: &[], body: &[] }).await.unwrap();
        };
        // Warm up (the first requests open the pool's connections), then skip what that logged.
        for _ in 0..3 {
            let first = intake(&mut conn, &target).await;
            acknowledge(&mut conn, &target, &first.json()).await;
        }
        health(&mut conn).await;
        until_marker(&statements, None);
        let logged = intake(&mut conn, &target).await;
        health(&mut conn).await;
        let per_intake = until_marker(&statements, Some("intake"));
        acknowledge(&mut conn, &target, &logged.json()).await;
        health(&mut conn).await;
        let per_acknowledgement = until_marker(&statements, Some("acknowledgement"));
        vec![("intake", per_intake), ("acknowledgement", per_acknowledgement)]
    });
    server.kill();
    counted
}

/// Acknowledges a complaint just logged, naming the user who logged it as its handler.
async fn acknowledge(conn: &mut Connection, target: &Target, complaint: &Value) {
    let path = format!("/api/v1/complaints/{}/acknowledge", complaint["id"].as_str().unwrap());
    let key = format!("bench-{}", KEYS.fetch_add(1, Ordering::Relaxed));
    let body = json!({
        "stage": 1,
        "handler": complaint["events"][0]["actor"],
        "definition": { "points": ["The leak was not repaired"], "outcomes_sought": ["Repair the ceiling"] },
        "responsibility": { "responsible_for": ["Repairs to the roof"], "not_responsible_for": [] },
        "conflict": { "has_conflict": false },
    });
    let body = serde_json::to_vec(&body).unwrap();
    let headers = [("Authorization", target.bearer.as_str()), ("Idempotency-Key", key.as_str())];
    let reply = conn.send(Request { method: "POST", path: &path, headers: &headers, body: &body }).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
}

/// Counts the statements logged, by verb, up to the health check's `select 1`; bounded by
/// a timeout on each line, so a missing marker fails instead of hanging. A `PRAGMA` is
/// sqlx setting up a new SQLite connection, not the request's work, and is left out. With
/// `REDRESS_BENCH_STATEMENTS` set, each statement counted for `what` is printed.
fn until_marker(statements: &mpsc::Receiver<String>, what: Option<&str>) -> BTreeMap<String, usize> {
    let list = what.filter(|_| std::env::var_os("REDRESS_BENCH_STATEMENTS").is_some());
    if let Some(what) = list {
        println!("statements of one {what}:");
    }
    let mut verbs = BTreeMap::new();
    loop {
        let line = statements.recv_timeout(Duration::from_secs(10)).expect("the health check's statement is logged");
        let Some(summary) = line.split("summary=\"").nth(1).and_then(|s| s.split('"').next()) else { continue };
        if summary == "select 1" {
            return verbs;
        }
        let verb = summary.split_whitespace().next().unwrap_or_default().to_lowercase();
        if verb == "pragma" {
            continue;
        }
        if list.is_some() {
            println!("  {summary}");
        }
        *verbs.entry(verb).or_insert(0) += 1;
    }
}

/// The minimal handler: its pool, and the organisation the token belongs to.
#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The minimal server's tables: tokens by hash, complaints, events and keys, with the same
/// keys and foreign keys as a first cut would have.
const MINIMAL_SCHEMA: [&str; 4] = [
    "create table api_tokens (token_hash text primary key, user_id text not null, organisation_id text not null)",
    "create table complaints (id text primary key, organisation_id text not null, resident_id text not null,
         channel text not null, description text not null, received_at text not null)",
    "create table complaint_events (complaint_id text not null references complaints (id), seq bigint not null,
         kind text not null, payload text not null, actor text not null, hash text not null,
         primary key (complaint_id, seq))",
    "create table request_keys (organisation_id text not null, key text not null, complaint_id text not null,
         created_at text not null, primary key (organisation_id, key))",
];

/// Runs the same SQL on either pool.
macro_rules! on_pool {
    ($pool:expr, $p:ident => $body:expr) => {
        match $pool {
            Pool::Sqlite($p) => $body,
            Pool::Postgres($p) => $body,
        }
    };
}

struct Minimal;

impl Minimal {
    /// Makes the tables and the token on the database `url` and serves the handler on a
    /// free port, on a runtime (2 threads, like the Redress server's on this machine) of its
    /// own thread; returns the address, and the thread's handle.
    fn start(url: &str) -> (String, std::thread::JoinHandle<()>) {
        let url = url.to_owned();
        let (ready, address) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let pool = Minimal::connect(&url).await;
                for sql in MINIMAL_SCHEMA {
                    on_pool!(&pool, p => sqlx::query(sql).execute(p).await.map(drop)).unwrap();
                }
                let hash = hex(&Sha256::digest(MINIMAL_TOKEN.as_bytes()));
                let sql = "insert into api_tokens values ($1, 'user-1', 'org-1')";
                on_pool!(&pool, p => sqlx::query(sql).bind(&hash).execute(p).await.map(drop)).unwrap();
                let router = Router::new().route("/api/v1/complaints", post(minimal_intake)).with_state(pool);
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready.send(listener.local_addr().unwrap().to_string()).unwrap();
                axum::serve(listener, router).await.unwrap();
            });
        });
        (address.recv().unwrap(), thread)
    }

    /// A pool as Redress opens one: SQLite in WAL mode with `synchronous = normal` and
    /// foreign keys; PostgreSQL as the URL says.
    async fn connect(url: &str) -> Pool {
        use std::str::FromStr;
        if url.starts_with("sqlite:") {
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                .unwrap()
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            Pool::Sqlite(SqlitePool::connect_with(options).await.unwrap())
        } else {
            Pool::Postgres(PgPool::connect(url).await.unwrap())
        }
    }
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Ids unique within the run.
static IDS: AtomicU64 = AtomicU64::new(0);

/// `POST /api/v1/complaints`, minimally: the token by its hash, then the complaint, its
/// first event and the key in one transaction; 201 with the id.
async fn minimal_intake(State(pool): State<Pool>, headers: HeaderMap, body: axum::body::Bytes) -> AxumResponse {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let Ok(complaint) = serde_json::from_slice::<Value>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let hash = hex(&Sha256::digest(token.as_bytes()));
    let sql = "select user_id, organisation_id from api_tokens where token_hash = $1";
    let found: Result<Option<(String, String)>, sqlx::Error> =
        on_pool!(&pool, p => sqlx::query_as(sql).bind(&hash).fetch_optional(p).await);
    let Ok(Some((user, org))) = found else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let id = format!("c{:016x}", IDS.fetch_add(1, Ordering::Relaxed));
    let now = jiff::Timestamp::now().to_string();
    let payload = json!({ "logged": complaint }).to_string();
    let event_hash = hex(&Sha256::digest(payload.as_bytes()));
    let resident = complaint["resident_id"].as_str().unwrap_or_default();
    let channel = complaint["channel"].as_str().unwrap_or_default();
    let description = complaint["description"].as_str().unwrap_or_default();
    let stored: Result<(), sqlx::Error> = on_pool!(&pool, p => async {
        let mut tx = p.begin().await?;
        sqlx::query("insert into complaints values ($1, $2, $3, $4, $5, $6)")
            .bind(&id).bind(&org).bind(resident).bind(channel).bind(description).bind(&now)
            .execute(&mut *tx).await?;
        sqlx::query("insert into complaint_events values ($1, 1, 'logged', $2, $3, $4)")
            .bind(&id).bind(&payload).bind(&user).bind(&event_hash)
            .execute(&mut *tx).await?;
        sqlx::query("insert into request_keys values ($1, $2, $3, $4)")
            .bind(&org).bind(&key).bind(&id).bind(&now)
            .execute(&mut *tx).await?;
        tx.commit().await
    }.await);
    match stored {
        Ok(()) => (StatusCode::CREATED, axum::Json(json!({ "id": id }))).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A week ago: an issue recent enough to be accepted without discretion (Code 2.3).
fn issue_date() -> String {
    let today = jiff::Zoned::now().date();
    today.checked_sub(jiff::Span::new().days(7)).unwrap_or(today).to_string()
}
