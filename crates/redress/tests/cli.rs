//! The `redress` binary as a user or a script runs it: arguments in, text and exit status out.

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};

use jiff::ToSpan;
use jiff::civil::{Date, date};
use redress_domain::calendar::WorkingCalendar;

fn redress() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redress"));
    // Run in an empty folder so that no stray redress.toml is read.
    command.current_dir(tempfile::tempdir().unwrap().keep());
    command.env_remove("REDRESS_DATABASE_URL").env_remove("REDRESS_BIND").env_remove("REDRESS_CONFIG");
    command.env_remove("REDRESS_PUBLIC_URL").env_remove("REDRESS_TRUSTED_PROXIES");
    command
}

fn run(args: &[&str]) -> Output {
    redress().args(args).output().unwrap()
}

fn run_with_input(args: &[&str], input: &str) -> Output {
    let mut child =
        redress().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Refused with exit status 2 and exactly one line on stderr, which is returned.
fn refused(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line expected, got: {stderr}");
    assert!(!stderr.contains("panicked"));
    stderr
}

#[test]
fn calendar_add_prints_the_date_n_working_days_later() {
    assert_eq!(stdout(&run(&["calendar", "add", "2024-06-03", "5"])), "2024-06-10\n");
    assert_eq!(stdout(&run(&["calendar", "add", "2024-06-03", "0"])), "2024-06-03\n");
}

#[test]
fn calendar_between_and_next_working_day_answer_one_question() {
    assert_eq!(stdout(&run(&["calendar", "between", "2024-06-03", "2024-06-10"])), "5\n");
    assert_eq!(stdout(&run(&["calendar", "between", "2024-06-10", "2024-06-03"])), "-5\n");
    assert_eq!(stdout(&run(&["calendar", "next-working-day", "2024-03-29"])), "2024-04-02\n");
}

#[test]
fn calendar_holidays_prints_date_tab_name_in_date_order() {
    let listed = stdout(&run(&["calendar", "holidays", "--from", "2026", "--to", "2027"]));
    let dates: Vec<&str> = listed.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "2026-01-01",
            "2026-04-03",
            "2026-04-06",
            "2026-05-04",
            "2026-05-25",
            "2026-08-31",
            "2026-12-25",
            "2026-12-28",
            "2027-01-01",
            "2027-03-26",
            "2027-03-29",
            "2027-05-03",
            "2027-05-31",
            "2027-08-30",
            "2027-12-27",
            "2027-12-28",
        ]
    );
    assert!(listed.starts_with("2026-01-01\tNew Year’s Day\n"));
}

/// A deterministic spread of cases over 1995 to 2035, answered by the library directly.
fn cases() -> Vec<(Date, i32, Date)> {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        seed >> 33
    };
    (0..2000)
        .map(|_| {
            let start = date(1995, 6, 1).saturating_add(((next() % 14_400) as i64).days());
            let n = (next() % 60) as i32;
            let other = start.saturating_add(((next() % 200) as i64 - 100).days());
            (start, n, other)
        })
        .collect()
}

#[test]
fn batches_from_standard_input_get_one_answer_per_line() {
    let clock = WorkingCalendar::england_and_wales();
    let cases = cases();

    let input: String = cases.iter().map(|(d, n, _)| format!("{d} {n}\n")).collect();
    let expected: String =
        cases.iter().map(|(d, n, _)| format!("{}\n", clock.add_working_days(*d, *n).unwrap())).collect();
    assert_eq!(stdout(&run_with_input(&["calendar", "add"], &input)), expected);

    let input: String = cases.iter().map(|(a, _, b)| format!("{a} {b}\n")).collect();
    let expected: String =
        cases.iter().map(|(a, _, b)| format!("{}\n", clock.working_days_between(*a, *b).unwrap())).collect();
    assert_eq!(stdout(&run_with_input(&["calendar", "between"], &input)), expected);

    let input: String = cases.iter().map(|(d, _, _)| format!("{d}\n")).collect();
    let expected: String =
        cases.iter().map(|(d, _, _)| format!("{}\n", clock.effective_received_date(*d).unwrap())).collect();
    assert_eq!(stdout(&run_with_input(&["calendar", "next-working-day"], &input)), expected);
}

#[test]
fn invalid_input_is_refused_with_one_line_and_status_2() {
    assert!(refused(&run(&["calendar", "add", "2023-02-29", "5"])).contains("2023-02-29"));
    assert!(refused(&run(&["calendar", "add", "2024-06-03", "five"])).contains("five"));
    assert!(refused(&run(&["calendar", "add", "1990-01-01", "1"])).contains("1990"));
    assert!(refused(&run(&["calendar", "holidays", "--from", "2101"])).contains("2101"));
    assert!(refused(&run(&["calendar", "holidays", "--from", "2025", "--to", "2024"])).contains("after"));
    assert!(refused(&run(&["code", "show", "6.99"])).contains("6.99"));
    assert!(refused(&run(&["code", "show", "six"])).contains("six"));
    assert!(
        refused(&run_with_input(&["calendar", "between"], "2024-01-01 2024-02-01\n2024-01-01 nope\n"))
            .contains("line 2")
    );
}

#[test]
fn a_closure_day_from_redress_toml_is_a_non_working_day() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redress.toml"),
        "[[closure_days]]\ndate = 2024-12-27\nname = \"Office closed\"\n[[closure_days]]\ndate = 2024-12-30\nname = \"Office closed\"\n[[closure_days]]\ndate = 2024-12-31\nname = \"Office closed\"\n",
    )
    .unwrap();
    let output = redress().current_dir(dir.path()).args(["calendar", "add", "2024-12-24", "1"]).output().unwrap();
    assert_eq!(stdout(&output), "2025-01-02\n");
    // Off by default.
    assert_eq!(stdout(&run(&["calendar", "add", "2024-12-24", "1"])), "2024-12-27\n");
}

#[test]
fn code_list_json_has_every_2024_provision_with_its_fields() {
    let listed: Vec<serde_json::Value> =
        serde_json::from_str(&stdout(&run(&["code", "list", "--format", "json"]))).unwrap();
    assert_eq!(listed.len(), 72);
    assert_eq!(listed[0]["provision"], "1.2");
    assert_eq!(listed[71]["provision"], "9.8");
    for field in ["provision", "section", "section_title", "requirement", "kind"] {
        assert!(listed.iter().all(|p| !p[field].is_null()), "{field} missing");
    }
    let v2022: Vec<serde_json::Value> =
        serde_json::from_str(&stdout(&run(&["code", "list", "--version", "2022", "--format", "json"]))).unwrap();
    assert!(v2022.iter().any(|p| p["kind"] == "should"));
}

#[test]
fn code_show_prints_the_requirement_in_full() {
    let shown = stdout(&run(&["code", "show", "6.3"]));
    assert!(shown.contains("10 working days"), "{shown}");
}

#[test]
fn code_matrix_json_lists_every_provision_with_what_it_covers_and_what_remains() {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&stdout(&run(&["code", "matrix", "--format", "json"]))).unwrap();
    assert_eq!(rows.len(), 72);
    for row in &rows {
        let support = row["support"].as_str().unwrap();
        assert!(["enforced", "measured", "generated", "partly", "attested"].contains(&support));
        assert!(!row["covers"].as_str().unwrap().is_empty(), "{row}");
        let full = ["enforced", "measured", "generated"].contains(&support);
        assert_eq!(row["remains"].as_str().unwrap().is_empty(), full, "{row}");
        assert!(row["tests"].is_array());
    }
}

#[test]
fn code_matrix_prints_the_full_partial_and_attested_counts_that_add_up_to_72() {
    let printed = stdout(&run(&["code", "matrix"]));
    let summary = printed.lines().last().unwrap();
    let numbers: Vec<usize> =
        summary.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).map(|n| n.parse().unwrap()).collect();
    // 72 provisions: F in full (E enforced, M measured, G generated), P partly, A attested
    let [total, full, enforced, measured, generated, partly, attested] = numbers[..] else {
        panic!("unexpected summary: {summary}")
    };
    assert_eq!(total, 72, "{summary}");
    assert_eq!(full, enforced + measured + generated, "{summary}");
    assert_eq!(full + partly + attested, total, "{summary}");
    assert!(summary.contains("partly") && summary.contains("attested"), "{summary}");
}

#[test]
fn code_show_names_the_corresponding_provision_of_the_other_version() {
    let shown = stdout(&run(&["code", "show", "6.13"]));
    assert!(shown.contains("2022 Code 5.12 corresponds (whole, matched by wording)."), "{shown}");
    let shown = stdout(&run(&["code", "show", "5.12", "--version", "2022"]));
    assert!(shown.contains("2024 Code 6.13 corresponds"), "{shown}");
    let shown = stdout(&run(&["code", "show", "2.3"]));
    assert!(shown.contains("No provision of the 2022 Code corresponds to it."), "{shown}");
}

#[test]
fn code_show_says_what_remains_for_the_landlord_to_attest() {
    let shown = stdout(&run(&["code", "show", "6.9"]));
    assert!(shown.contains("Redress: partly."), "{shown}");
    assert!(shown.contains("Remains for the landlord to attest:"), "{shown}");
}

#[test]
fn secrets_in_the_environment_never_appear_in_help() {
    let output = redress()
        .env("REDRESS_DATABASE_URL", "postgres://redress:hunter2@db.example/redress")
        .arg("--help")
        .output()
        .unwrap();
    let help = stdout(&output);
    assert!(help.contains("--database"));
    assert!(!help.contains("hunter2"));
}

/// Starts `redress serve` on a free port and returns it with the address it printed.
fn serve(command: &mut Command) -> (std::process::Child, String) {
    let (child, address, _) = serve_with(command, &[]);
    (child, address)
}

/// Starts `redress serve` on a free port with `extra` flags; returns it with the address it
/// printed and the lines it printed before that.
fn serve_with(command: &mut Command, extra: &[&str]) -> (std::process::Child, String, Vec<String>) {
    let mut child = command
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut before = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            let address = rest.split('/').next().unwrap().to_owned();
            return (child, address, before);
        }
        before.push(line);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("serve ended without saying where it listens, after: {before:?}");
}

fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_creates_and_migrates_a_sqlite_file_and_answers_healthz() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("fresh.db").display());
    // The flag wins over an unusable value in the environment.
    let (mut child, address) =
        serve(redress().env("REDRESS_DATABASE_URL", "mysql://nowhere/none").args(["--database", &url]));
    let response = get(&address, "/healthz");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(dir.path().join("fresh.db").is_file());
}

#[test]
fn serve_sends_strict_transport_security_only_when_its_public_address_is_https() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("hsts.db").display());
    let (mut plain, address) = serve(redress().args(["--database", &url]));
    let response = get(&address, "/healthz");
    plain.kill().unwrap();
    plain.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200") && !response.contains("strict-transport-security"), "{response}");
    // From the environment, with trusted proxies as a comma-separated list.
    let (mut https, address) = serve(
        redress()
            .env("REDRESS_PUBLIC_URL", "https://complaints.example")
            .env("REDRESS_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
            .args(["--database", &url]),
    );
    let response = get(&address, "/healthz");
    https.kill().unwrap();
    https.wait().unwrap();
    assert!(response.contains("strict-transport-security: max-age=31536000"), "{response}");
    // A trusted proxy that is not an address is refused before anything starts.
    let output = redress()
        .env("REDRESS_TRUSTED_PROXIES", "proxy.internal")
        .args(["serve", "--database", &url])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("proxy.internal") && stderr.contains("CIDR"), "{stderr}");
}

#[test]
fn an_unusable_database_url_fails_without_printing_its_password() {
    let output = redress()
        .env("REDRESS_DATABASE_URL", "mysql://redress:hunter2@db.example/redress")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("redress:"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

/// A SQLite URL for a file in a new temporary folder (kept while the folder lives).
fn sqlite_file(dir: &tempfile::TempDir, name: &str) -> String {
    format!("sqlite://{}", dir.path().join(name).display())
}

#[test]
fn user_add_prints_only_a_token_and_creates_the_landlord_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "users.db");
    let add = |name: &str| {
        run(&["--database", &url, "user", "add", "--org", "Acme Homes", "--name", name, "--role", "complaints_officer"])
    };
    let first = add("Ada Lovelace");
    let token = stdout(&first);
    assert_eq!(token.lines().count(), 1, "{token}");
    assert!(token.starts_with("rdr_") && token.trim_end().len() == 68, "{token}");
    assert!(String::from_utf8_lossy(&first.stderr).contains("created the organisation \"Acme Homes\""));
    let second = add("Grace Hopper");
    assert_ne!(stdout(&second), token);
    assert!(!String::from_utf8_lossy(&second.stderr).contains("created"), "the landlord exists now");
}

#[test]
fn user_add_refuses_an_unknown_role_with_status_2_before_touching_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "untouched.db");
    let output = run(&["--database", &url, "user", "add", "--org", "Acme Homes", "--name", "Ada", "--role", "boss"]);
    let message = refused(&output);
    assert!(message.contains("boss") && message.contains("complaints_officer"), "{message}");
    assert!(output.stdout.is_empty());
    assert!(!dir.path().join("untouched.db").exists());
}

#[test]
fn user_add_with_a_password_from_standard_input_lets_them_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "signin.db");
    let args = [
        "--database",
        &url,
        "user",
        "add",
        "--org",
        "Acme Homes",
        "--name",
        "Ada",
        "--role",
        "admin",
        "--email",
        "Ada@Acme.example",
        "--password-prompt",
    ];
    let added = run_with_input(&args, "a long enough password\n");
    assert!(stdout(&added).starts_with("rdr_"), "still prints the token");
    assert!(String::from_utf8_lossy(&added.stderr).contains("can sign in as ada@acme.example"));
    let (email, hash): (String, String) = with_sqlite(&url, async |pool| {
        sqlx::query_as("select email, password_hash from users").fetch_one(pool).await.unwrap()
    });
    assert_eq!(email, "ada@acme.example");
    assert!(hash.starts_with("$argon2id$"), "{hash}");

    let short = run_with_input(&args, "too short\n");
    assert!(refused(&short).contains("at least 12 characters"));
    let without_password = run(&args[..12]);
    assert_eq!(without_password.status.code(), Some(2), "--email needs --password-prompt");
}

/// Runs `f` on the SQLite database at `url` through the storage crate's pool.
fn with_sqlite<T>(url: &str, f: impl AsyncFnOnce(&sqlx::SqlitePool) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let db = redress_storage::Database::connect(url).await.unwrap();
        let redress_storage::Database::Sqlite(pool) = &db else { panic!("not SQLite") };
        let answer = f(pool).await;
        db.close().await;
        answer
    })
}

#[test]
fn a_demo_passes_audit_verify_until_an_event_is_altered_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "demo.db");
    let demo = ["--database", &url, "demo", "--homes", "100", "--years", "1", "--end", "2026-11-23"];
    let printed = stdout(&run(&demo));
    assert!(printed.contains("Demo landlord \"Redress Demo Homes\""), "{printed}");
    assert_eq!(printed.matches(" rdr_").count(), 7, "one token per role and the agent's handler: {printed}");
    assert!(printed.contains("closed") && printed.contains("overdue"), "{printed}");

    let verified = stdout(&run(&["--database", &url, "audit", "verify"]));
    assert!(verified.ends_with("audit: clean\n"), "{verified}");
    assert!(verified.contains("organisations: 2\n"), "{verified}");

    // A second demo in the same database is refused, changing nothing.
    assert!(refused(&run(&demo)).contains("already has the demo landlord"));

    let (reference, seq) = with_sqlite(&url, async |pool| {
        let (id, reference, seq): (String, String, i64) = sqlx::query_as(
            "select e.complaint_id, c.reference, e.seq from complaint_events e join complaints c on c.id = e.complaint_id
             where e.kind = 'responded' order by c.reference, e.seq limit 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("update complaint_events set payload = replace(payload, '\"decision\"', '\"verdict\"') where complaint_id = $1 and seq = $2")
            .bind(&id)
            .bind(seq)
            .execute(pool)
            .await
            .unwrap();
        (reference, seq)
    });
    let output = run(&["--database", &url, "audit", "verify"]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8(output.stdout).unwrap();
    let problem = format!("complaint {reference}, seq {seq}: event altered");
    assert!(report.contains(&problem), "{problem} not in:\n{report}");
    assert!(report.contains("problem in Redress Demo Homes"), "{report}");
    assert!(!report.contains("audit: clean"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_checkpoint_value_noted_outside_catches_events_cut_from_the_end_of_a_complaint() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "checkpoint.db");
    stdout(&run(&["--database", &url, "demo", "--homes", "60", "--years", "1", "--end", "2026-11-23"]));
    let made = stdout(&run(&["--database", &url, "audit", "checkpoint"]));
    let line = made.lines().find(|l| l.contains("of Redress Demo Homes")).unwrap_or_else(|| panic!("{made}"));
    let value = line.rsplit(": ").next().unwrap().to_owned();
    assert!(value.starts_with("1-") && value.len() == 34, "{line}");
    let verified = stdout(&run(&["--database", &url, "audit", "verify", "--against", &value]));
    assert!(verified.contains(&format!("latest checkpoint of Redress Demo Homes: {value}")), "{verified}");
    assert!(verified.ends_with("audit: clean\n"), "{verified}");

    // Someone removes a closed complaint's closure and winds its head back: the chains agree.
    let reference = with_sqlite(&url, async |pool| {
        let (id, reference, seq): (String, String, i64) = sqlx::query_as(
            "select e.complaint_id, c.reference, e.seq from complaint_events e join complaints c on c.id = e.complaint_id
             where e.kind = 'closed' and e.seq = c.last_seq order by c.reference limit 1",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("delete from complaint_events where complaint_id = $1 and seq = $2")
            .bind(&id)
            .bind(seq)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query(
            "update complaints set last_seq = $2,
                 head_hash = (select hash from complaint_events where complaint_id = $1 and seq = $2)
             where id = $1",
        )
        .bind(&id)
        .bind(seq - 1)
        .execute(pool)
        .await
        .unwrap();
        reference
    });
    let output = run(&["--database", &url, "audit", "verify", "--against", &value]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains(&format!("complaint {reference}")) && report.contains("events removed since a checkpoint"),
        "{report}"
    );
    // A value that was never a checkpoint is refused too.
    let output = run(&["--database", &url, "audit", "verify", "--against", "1-00000000000000000000000000000000"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stdout).unwrap().contains("checkpoint not found"));
}

#[test]
fn a_demo_that_would_start_before_the_earliest_code_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "early.db");
    let message = refused(&run(&["--database", &url, "demo", "--years", "9", "--end", "2026-11-23"]));
    assert!(message.contains("2022-04-01"), "{message}");
    assert!(refused(&run(&["--database", &url, "demo", "--end", "2026-02-30"])).contains("2026-02-30"));
}

#[test]
fn serve_demo_prints_the_demo_accounts_then_serves_and_does_not_make_a_second_demo() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "served.db");
    let (mut child, address, printed) = serve_with(redress().args(["--database", &url]), &["--demo"]);
    let response = get(&address, "/healthz");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let printed = printed.join("\n");
    assert_eq!(printed.matches(" rdr_").count(), 7, "{printed}");
    assert!(printed.contains("handler@demo-agent.example") && printed.contains("redress-demo-password"), "{printed}");

    let (mut child, address, printed) = serve_with(redress().args(["--database", &url]), &["--demo"]);
    let response = get(&address, "/healthz");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let printed = printed.join("\n");
    assert!(printed.contains("already in the database"), "{printed}");
    assert!(!printed.contains("rdr_"), "tokens are shown only once: {printed}");
    assert!(printed.contains("admin@demo-homes.example") && printed.contains("redress-demo-password"), "{printed}");
}
