//! Running the real `redress` binary for tests and benchmarks: a fresh database (a SQLite
//! file, or a PostgreSQL schema of `REDRESS_TEST_DATABASE_URL`), `redress user add`, and
//! `redress serve` on a free port, killed when dropped. Shared by `tests/crash.rs` and
//! `benches/intake.rs`.

pub mod http;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

/// The environment variable naming a PostgreSQL database to make test schemas in.
pub const POSTGRES_VAR: &str = "REDRESS_TEST_DATABASE_URL";

/// How many times `/healthz` is asked before a started server counts as broken.
const HEALTH_ATTEMPTS: usize = 200;

/// The wait between two `/healthz` polls: a poll interval, bounded by [`HEALTH_ATTEMPTS`].
const HEALTH_INTERVAL: Duration = Duration::from_millis(50);

/// A `redress` command run in an empty folder (no stray `redress.toml`) without any
/// `REDRESS_*` settings from the environment, on the database `url`.
pub fn redress(binary: &Path, url: &str) -> Command {
    let mut command = Command::new(binary);
    command.current_dir(std::env::temp_dir());
    command.env_remove("REDRESS_DATABASE_URL").env_remove("REDRESS_BIND").env_remove("REDRESS_CONFIG");
    command.args(["--database", url]);
    command
}

/// `redress user add` for a new member of staff of `org` with `role`: their API token.
pub fn add_user(binary: &Path, url: &str, org: &str, name: &str, role: &str) -> String {
    let output = redress(binary, url).args(["user", "add", "--org", org, "--name", name, "--role", role]).output();
    let output = output.unwrap_or_else(|e| panic!("running redress user add: {e}"));
    assert!(output.status.success(), "user add failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// `redress audit verify`: its output.
pub fn audit_verify(binary: &Path, url: &str) -> Output {
    redress(binary, url).args(["audit", "verify"]).output().unwrap_or_else(|e| panic!("running audit verify: {e}"))
}

/// A running `redress serve`, killed (SIGKILL) and reaped when dropped.
pub struct Server {
    child: Child,
    /// Where it listens, `127.0.0.1:PORT`.
    pub address: String,
}

impl Server {
    /// Starts `redress serve` on a free port of 127.0.0.1 on the database `url`, with `env`
    /// added and its standard error sent to `stderr`; returns once `/healthz` answers 200.
    pub fn start(binary: &Path, url: &str, env: &[(&str, &str)], stderr: Stdio) -> Server {
        let mut command = redress(binary, url);
        command.args(["serve", "--bind", "127.0.0.1:0"]).envs(env.iter().copied());
        let mut child = command.stdout(Stdio::piped()).stderr(stderr).spawn().unwrap_or_else(|e| panic!("{e}"));
        let Some(stdout) = child.stdout.take() else { panic!("no stdout") };
        let mut lines = BufReader::new(stdout).lines();
        let mut before = Vec::new();
        let address = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(rest) = line.split("http://").nth(1) {
                        break rest.split('/').next().unwrap_or_default().to_owned();
                    }
                    before.push(line);
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("serve ended without saying where it listens, after: {before:?}");
                }
            }
        };
        // Keep reading what it prints, so that it never writes to a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let server = Server { child, address };
        server.wait_healthy();
        server
    }

    /// Polls `/healthz` until it answers 200, a bounded number of times.
    fn wait_healthy(&self) {
        for _ in 0..HEALTH_ATTEMPTS {
            if get(&self.address, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
                return;
            }
            std::thread::sleep(HEALTH_INTERVAL);
        }
        panic!("redress serve at {} never answered /healthz", self.address);
    }

    /// Its standard error, if started with `Stdio::piped()` and not taken yet.
    pub fn take_stderr(&mut self) -> Option<std::process::ChildStderr> {
        self.child.stderr.take()
    }

    /// Kills the server at once (SIGKILL on Unix: no shutdown, no flushing) and reaps it.
    pub fn kill(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A `GET` on a fresh connection: the whole response, or `None` if the server is not there.
pub fn get(address: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

/// A database that exists for one run: a SQLite file in a new folder, or a new schema in the
/// PostgreSQL database of [`POSTGRES_VAR`], dropped with everything in it when dropped.
pub struct FreshDatabase {
    /// The URL to give `redress --database`.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// Dropping the folder removes the file and its WAL files.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin: String,
        schema: String,
    },
}

impl FreshDatabase {
    /// A new SQLite file.
    pub fn sqlite() -> FreshDatabase {
        let dir = tempfile::Builder::new().prefix("redress-crash-").tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path: PathBuf = dir.path().join("redress.db");
        FreshDatabase { url: format!("sqlite://{}", path.display()), cleanup: Cleanup::Sqlite(dir) }
    }

    /// A new schema in the PostgreSQL database at `admin` (the value of [`POSTGRES_VAR`]),
    /// selected for every connection by the URL's `options=-csearch_path=...`, which the
    /// server's `Database::connect` passes on as a connection parameter.
    pub fn postgres(admin: &str) -> FreshDatabase {
        let schema = format!("redress_run_{}_{:x}", std::process::id(), unique());
        on_postgres(admin, &format!("create schema {schema}"));
        let separator = if admin.contains('?') { '&' } else { '?' };
        let url = format!("{admin}{separator}options=-csearch_path%3D{schema}");
        FreshDatabase { url, cleanup: Cleanup::Postgres { admin: admin.to_owned(), schema } }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin, schema } = &self.cleanup {
            on_postgres(admin, &format!("drop schema if exists {schema} cascade"));
        }
    }
}

/// A number no other run of this process has used.
fn unique() -> u128 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    (nanos << 8) ^ u128::from(COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Runs one statement (ours, not user input) on PostgreSQL, on a thread with its own
/// runtime so that it works inside or outside a caller's runtime.
fn on_postgres(url: &str, sql: &str) {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    let outcome = std::thread::spawn(move || -> Result<(), String> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime
            .block_on(async {
                let mut conn = PgConnection::connect(&url).await?;
                conn.execute(AssertSqlSafe(sql)).await?;
                conn.close().await
            })
            .map_err(|e| e.to_string())
    })
    .join();
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("on PostgreSQL: {e}"),
        Err(_) => panic!("the PostgreSQL thread panicked"),
    }
}
