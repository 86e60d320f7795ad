//! The crash test (issue 8): the real `redress serve` is killed with SIGKILL several times
//! while clients log, acknowledge, add points to and record correspondence on complaints,
//! each request with its own `Idempotency-Key`; every request that went unanswered is sent
//! again, with the same key and body, to the restarted server until it is answered. Then
//! every change must be stored exactly once, nothing must be left half-written, and
//! `redress audit verify` must pass.
//!
//! It runs on SQLite, and on PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set (in a schema
//! of its own, dropped after). The kills are driven by the number of requests answered, not
//! by time, so that each lands while requests are in flight whatever the machine's speed;
//! every loop is bounded in count and time.
//!
//! ```text
//! cargo test -p redress --test crash
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress --test crash -- --nocapture
//! ```

// Test code may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Shared with the intake benchmark, which uses helpers this test does not.
#[allow(dead_code)]
mod support;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use redress_storage::Database;
use serde_json::{Value, json};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use support::http::{Connection, Request, Response};
use support::{FreshDatabase, POSTGRES_VAR, Server, add_user, audit_verify};
use tokio::sync::watch;

/// Client tasks sending requests at once.
const CLIENTS: usize = 16;
/// Complaints each client takes through its four steps.
const JOBS_PER_CLIENT: usize = 10;
/// Requests each job makes: log, acknowledge, add points, record correspondence.
const STEPS: usize = 4;
/// Times the server is killed.
const KILLS: u64 = 5;
/// Requests answered between two kills (the run answers CLIENTS × JOBS × STEPS = 640, so
/// the last kill comes well before the end).
const KILL_EVERY: u64 = 100;
/// Attempts at one request before the test gives up on the server.
const MAX_ATTEMPTS: usize = 30;
/// The longest one attempt may take (connect, send, answer).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client whose request failed waits for a restarted server before trying the
/// same address again (a failure without a kill would be a bug, but must not hang the test).
const RESTART_WAIT: Duration = Duration::from_secs(10);
/// The whole run on one database must end within this.
const DEADLINE: Duration = Duration::from_secs(240);

#[test]
fn crash_sqlite_every_change_is_stored_once_across_sigkills() {
    crash_run(FreshDatabase::sqlite());
}

#[test]
fn crash_postgres_every_change_is_stored_once_across_sigkills() {
    let Some(url) = std::env::var(POSTGRES_VAR).ok().filter(|u| !u.trim().is_empty()) else {
        eprintln!("crash test: PostgreSQL half skipped ({POSTGRES_VAR} is not set)");
        return;
    };
    crash_run(FreshDatabase::postgres(&url));
}

/// What the clients share with the test's thread, which kills and restarts the server.
struct Shared {
    /// The server's generation (how many restarts) and address; clients wait on it after
    /// a failed request.
    address: watch::Sender<(u64, String)>,
    /// Requests answered and clients finished, with a condition variable the killer waits on.
    progress: Mutex<Progress>,
    changed: Condvar,
    /// `Bearer <token>`.
    bearer: String,
    deadline: Instant,
    /// Attempts that got no answer (connection refused or reset, timed out, or a 5xx).
    unanswered: AtomicU64,
    /// Of those, answers with a 5xx status.
    server_errors: AtomicU64,
    /// Requests answered only after at least one failed attempt.
    retried: AtomicU64,
    /// Answers marked `Idempotent-Replayed: true`, by step (the key's first word).
    replayed: Mutex<BTreeMap<String, u64>>,
}

#[derive(Default)]
struct Progress {
    answered: u64,
    finished: usize,
}

impl Shared {
    fn progress(&self) -> std::sync::MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn note_answered(&self) {
        self.progress().answered += 1;
        self.changed.notify_all();
    }
}

/// Marks a client finished when dropped, even if it panicked, so the killer stops waiting.
struct Finished(Arc<Shared>);

impl Drop for Finished {
    fn drop(&mut self) {
        self.0.progress().finished += 1;
        self.0.changed.notify_all();
    }
}

/// What one job's requests were answered with.
#[derive(Debug, Clone)]
struct Job {
    tag: String,
    complaint_id: String,
    /// The number of events in the record as the last step's answer showed it.
    events_answered: usize,
}

/// The whole test on one fresh database: set up, load with kills and restarts, then check
/// the stored record and `redress audit verify`.
fn crash_run(db: FreshDatabase) {
    let started = Instant::now();
    let backend = if db.is_postgres() { "PostgreSQL" } else { "SQLite" };
    let binary = Path::new(env!("CARGO_BIN_EXE_redress"));
    let token = add_user(binary, &db.url, "Crash Test Homes", "Ada Admin", "admin");
    let server = Server::start(binary, &db.url, &[], Stdio::null());
    let (address, _) = watch::channel((0, server.address.clone()));
    let shared = Arc::new(Shared {
        address,
        progress: Mutex::new(Progress::default()),
        changed: Condvar::new(),
        bearer: format!("Bearer {token}"),
        deadline: started + DEADLINE,
        unanswered: AtomicU64::new(0),
        server_errors: AtomicU64::new(0),
        retried: AtomicU64::new(0),
        replayed: Mutex::new(BTreeMap::new()),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();

    // Before any kill: a resident per client, and one job whose record is the pattern.
    let (handler, residents, baseline) = runtime.block_on(set_up(&shared));
    shared.progress().answered = 0;

    let clients: Vec<_> = residents
        .into_iter()
        .enumerate()
        .map(|(n, resident)| {
            let shared = shared.clone();
            let handler = handler.clone();
            runtime.spawn(async move {
                let _finished = Finished(shared.clone());
                let mut jobs = Vec::new();
                for j in 0..JOBS_PER_CLIENT {
                    jobs.push(job(&shared, &format!("{n}-{j}"), &resident, &handler).await);
                }
                jobs
            })
        })
        .collect();

    // Kill the server each time KILL_EVERY more requests have been answered, and restart it.
    let mut server = Some(server);
    let mut kills = 0;
    for round in 1..=KILLS {
        let progress = shared.progress();
        let remaining = shared.deadline.saturating_duration_since(Instant::now());
        let (progress, _) = shared
            .changed
            .wait_timeout_while(progress, remaining, |p| p.answered < round * KILL_EVERY && p.finished < CLIENTS)
            .unwrap_or_else(PoisonError::into_inner);
        let go = progress.answered >= round * KILL_EVERY && progress.finished < CLIENTS;
        drop(progress);
        if !go {
            break;
        }
        if let Some(running) = server.take() {
            running.kill();
        }
        kills += 1;
        let restarted = Server::start(binary, &db.url, &[], Stdio::null());
        shared.address.send_replace((kills, restarted.address.clone()));
        server = Some(restarted);
    }

    let mut jobs = vec![baseline.clone()];
    for client in clients {
        match runtime.block_on(client) {
            Ok(done) => jobs.extend(done),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("client task: {e}"),
        }
    }
    // The last server is killed too: what is checked is what a crash leaves.
    if let Some(running) = server.take() {
        running.kill();
    }
    let load_took = started.elapsed();

    let stored = runtime.block_on(read_back(&db.url));
    check(&stored, &jobs, &baseline);

    let verify = audit_verify(binary, &db.url);
    let report = String::from_utf8_lossy(&verify.stdout);
    assert_eq!(
        verify.status.code(),
        Some(0),
        "audit verify failed:\n{report}\n{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    assert!(report.ends_with("audit: clean\n"), "{report}");
    for line in [
        format!("complaints: {}\n", jobs.len()),
        format!("events: {}\n", jobs.len() * STEPS),
        format!("correspondence: {}\n", jobs.len()),
        format!("attachments: {}\n", jobs.len()),
    ] {
        assert!(report.contains(&line), "{line:?} not in:\n{report}");
    }

    // Every threshold is below the run's total of answers, so each kill must have happened.
    assert_eq!(kills, KILLS, "the load ended before every kill");
    eprintln!(
        "crash test on {backend}: {} requests answered, {kills} kills, {} attempts unanswered ({} of them 5xx), \
         {} requests retried until answered, answers replayed by step {:?}; load {:.1?}, total {:.1?}",
        (jobs.len() - 1) * STEPS,
        shared.unanswered.load(Ordering::Relaxed),
        shared.server_errors.load(Ordering::Relaxed),
        shared.retried.load(Ordering::Relaxed),
        shared.replayed.lock().unwrap_or_else(PoisonError::into_inner),
        load_took,
        started.elapsed(),
    );
}

/// A resident for each client, and one job done before any kill, whose record every other
/// job's must match. Returns the handler (the admin user) too.
async fn set_up(shared: &Shared) -> (String, Vec<String>, Job) {
    let mut residents = Vec::new();
    for n in 0..CLIENTS {
        let body = json!({ "name": format!("Resident {n}") });
        // Not keyed (residents are not complaints), so sent once, before anything is killed.
        let reply = send(shared, "/api/v1/residents", None, &body).await.unwrap();
        assert_eq!(reply.status, 201, "{}", reply.text());
        residents.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    let logged =
        until_answered(shared, "/api/v1/complaints", "log-baseline", &complaint("baseline", &residents[0]), 201).await;
    // The first event's actor is the user the token belongs to: the handler to name.
    let handler = logged.json()["events"][0]["actor"].as_str().unwrap().to_owned();
    let baseline = steps(shared, "baseline", logged, &handler).await;
    (handler, residents, baseline)
}

/// One job: a complaint logged, acknowledged, given a point and a letter, each step sent
/// until answered.
async fn job(shared: &Shared, tag: &str, resident: &str, handler: &str) -> Job {
    let logged =
        until_answered(shared, "/api/v1/complaints", &format!("log-{tag}"), &complaint(tag, resident), 201).await;
    steps(shared, tag, logged, handler).await
}

async fn steps(shared: &Shared, tag: &str, logged: Response, handler: &str) -> Job {
    let complaint_id = logged.json()["id"].as_str().unwrap().to_owned();
    let path = |step: &str| format!("/api/v1/complaints/{complaint_id}/{step}");
    let acknowledge = json!({
        "stage": 1,
        "handler": handler,
        "definition": { "points": ["The leak was not repaired"], "outcomes_sought": ["Repair the ceiling"] },
        "responsibility": { "responsible_for": ["Repairs to the roof"], "not_responsible_for": [] },
        "conflict": { "has_conflict": false },
    });
    until_answered(shared, &path("acknowledge"), &format!("ack-{tag}"), &acknowledge, 200).await;
    let points = json!({ "points": [format!("A point raised later [points-{tag}]")] });
    until_answered(shared, &path("points"), &format!("points-{tag}"), &points, 200).await;
    let letter = json!({
        "direction": "outgoing", "channel": "letter", "subject": format!("[corr-{tag}]"),
        "body": "We have received your complaint.",
        "attachments": [{ "file_name": "letter.txt", "media_type": "text/plain",
                          "content_base64": STANDARD.encode(format!("Letter for {tag}")) }],
    });
    let last = until_answered(shared, &path("correspondence"), &format!("corr-{tag}"), &letter, 200).await;
    let answered = last.json();
    assert_eq!(answered["id"], complaint_id.as_str(), "{answered}");
    let events_answered = answered["events"].as_array().map_or(0, Vec::len);
    Job { tag: tag.to_owned(), complaint_id, events_answered }
}

/// A complaint whose description carries its tag, so that it can be found in the record.
fn complaint(tag: &str, resident: &str) -> Value {
    json!({
        "channel": "email",
        "issue_occurred_on": issue_date(),
        "complexity": "straightforward",
        "risks": [],
        "description": format!("The kitchen ceiling leaks [log-{tag}]"),
        "categories": ["repairs"],
        "resident_id": resident,
    })
}

/// Sends a keyed POST until it is answered (anything but a failure to connect, a connection
/// cut short, a timeout or a 5xx), waiting for a restarted server after each failure; the
/// answer must have `expected` status.
async fn until_answered(shared: &Shared, path: &str, key: &str, body: &Value, expected: u16) -> Response {
    let mut address = shared.address.subscribe();
    for attempt in 0..MAX_ATTEMPTS {
        assert!(Instant::now() < shared.deadline, "out of time sending {key}");
        let generation = address.borrow_and_update().0;
        match send(shared, path, Some(key), body).await {
            Some(reply) if reply.status < 500 => {
                shared.note_answered();
                if attempt > 0 {
                    shared.retried.fetch_add(1, Ordering::Relaxed);
                }
                if reply.header("idempotent-replayed") == Some("true") {
                    let step = key.split('-').next().unwrap_or_default().to_owned();
                    *shared.replayed.lock().unwrap_or_else(PoisonError::into_inner).entry(step).or_default() += 1;
                }
                assert_eq!(reply.status, expected, "{key} (attempt {}) answered: {}", attempt + 1, reply.text());
                return reply;
            }
            reply => {
                shared.unanswered.fetch_add(1, Ordering::Relaxed);
                if reply.is_some() {
                    shared.server_errors.fetch_add(1, Ordering::Relaxed);
                }
                // Bounded: a failure with no kill behind it is retried on the same server.
                let restarted = address.wait_for(|(g, _)| *g > generation);
                let _ = tokio::time::timeout(RESTART_WAIT, restarted).await;
            }
        }
    }
    panic!("{key} was never answered in {MAX_ATTEMPTS} attempts");
}

/// One attempt at a POST on a fresh connection to the current server: its answer, or `None`
/// if there was none.
async fn send(shared: &Shared, path: &str, key: Option<&str>, body: &Value) -> Option<Response> {
    let address = shared.address.borrow().1.clone();
    let body = serde_json::to_vec(body).unwrap();
    let mut headers = vec![("Authorization", shared.bearer.as_str()), ("Connection", "close")];
    if let Some(key) = key {
        headers.push(("Idempotency-Key", key));
    }
    let request = Request { method: "POST", path, headers: &headers, body: &body };
    let attempt = async { Connection::open(&address).await?.send(request).await };
    tokio::time::timeout(REQUEST_TIMEOUT, attempt).await.ok()?.ok()
}

/// What the database holds, read directly.
struct Stored {
    /// (complaint, seq, kind, payload), in order.
    events: Vec<(String, i64, String, String)>,
    complaints: Vec<String>,
    /// (id, complaint, subject).
    correspondence: Vec<(String, String, String)>,
    /// (id, correspondence).
    attachments: Vec<(String, String)>,
    /// (key, complaint, seq).
    keys: Vec<(String, String, i64)>,
}

async fn read_back(url: &str) -> Stored {
    let db = Database::connect(url).await.unwrap();
    let stored = Stored {
        events: fetch(
            &db,
            "select complaint_id, cast(seq as bigint), kind, payload from complaint_events order by complaint_id, seq",
        )
        .await,
        complaints: fetch::<(String,)>(&db, "select id from complaints").await.into_iter().map(|(id,)| id).collect(),
        correspondence: fetch(&db, "select id, complaint_id, subject from correspondence").await,
        attachments: fetch(&db, "select id, correspondence_id from attachments").await,
        keys: fetch(&db, "select key, resource_id, cast(resource_seq as bigint) from request_keys").await,
    };
    db.close().await;
    stored
}

/// Rows of `sql` on either database.
async fn fetch<T>(db: &Database, sql: &'static str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
{
    match db {
        Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
    }
}

/// Every job's changes are stored exactly once, as the answers said, and nothing else is.
fn check(stored: &Stored, jobs: &[Job], baseline: &Job) {
    let mut kinds: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (complaint, _, kind, _) in &stored.events {
        kinds.entry(complaint).or_default().push(kind);
    }
    let pattern = kinds.get(baseline.complaint_id.as_str()).cloned().unwrap_or_default();
    assert_eq!(pattern.len(), STEPS, "the baseline's record: {pattern:?}");
    assert_eq!(stored.complaints.len(), jobs.len(), "one complaint per logging key, and no other");
    assert_eq!(kinds.len(), jobs.len(), "events of complaints that were not logged");

    let keys: HashMap<&str, (&str, i64)> = stored.keys.iter().map(|(k, c, s)| (k.as_str(), (c.as_str(), *s))).collect();
    assert_eq!(keys.len(), jobs.len() * STEPS, "one stored key per request, and no other");
    let by_id: HashMap<&str, &str> = stored.correspondence.iter().map(|(id, c, _)| (id.as_str(), c.as_str())).collect();
    for job in jobs {
        let tag = &job.tag;
        let id = job.complaint_id.as_str();
        // The complaint logged with this key is the one answered, and the only one.
        let marker = format!("[log-{tag}]");
        let logged: Vec<&str> = stored
            .events
            .iter()
            .filter(|(_, seq, _, p)| *seq == 1 && p.contains(&marker))
            .map(|e| e.0.as_str())
            .collect();
        assert_eq!(logged, [id], "complaints logged with key log-{tag}");
        assert_eq!(kinds.get(id), Some(&pattern), "the record of {tag}'s complaint");
        assert_eq!(job.events_answered, STEPS, "the last answer to {tag} shows the whole record");
        let marker = format!("[points-{tag}]");
        let points = stored.events.iter().filter(|e| e.3.contains(&marker)).count();
        assert_eq!(points, 1, "events with the points of {tag}");
        for (step, seq) in [("log", 1), ("ack", 2), ("points", 3), ("corr", 4)] {
            let key = format!("{step}-{tag}");
            assert_eq!(keys.get(key.as_str()), Some(&(id, seq)), "the stored key {key}");
        }
        let subject = format!("[corr-{tag}]");
        let letters: Vec<&str> =
            stored.correspondence.iter().filter(|(_, _, s)| *s == subject).map(|l| l.0.as_str()).collect();
        assert_eq!(letters.len(), 1, "correspondence with key corr-{tag}");
        assert_eq!(by_id.get(letters[0]), Some(&id), "the letter of {tag} is its complaint's");
        let files = stored.attachments.iter().filter(|(_, c)| c == letters[0]).count();
        assert_eq!(files, 1, "attachments of {tag}'s letter");
    }
    assert_eq!(stored.correspondence.len(), jobs.len(), "correspondence not asked for");
    assert_eq!(stored.attachments.len(), jobs.len(), "attachments not asked for");
}

/// A week ago: an issue recent enough to be accepted without discretion (Code 2.3).
fn issue_date() -> String {
    let today = jiff::Zoned::now().date();
    today.checked_sub(jiff::Span::new().days(7)).unwrap_or(today).to_string()
}
