//! `redress import complaints` as a landlord runs it, on SQLite and (when
//! `REDRESS_TEST_DATABASE_URL` is set) on PostgreSQL: a small hand-built history imported, and
//! `redress report tsm` giving the CH01 and CH02 worked out by hand below; a file with bad rows
//! imports nothing and names each bad line, or with `--skip-invalid` imports the others;
//! importing a file again skips what it brought in; the record still verifies.

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
mod support;

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};
use support::{FreshDatabase, POSTGRES_VAR, audit_verify};

const HEADER: &str = "reference,received_at,channel,category,refused_ground,stage1_acknowledged_at,\
stage1_extension_working_days,stage1_extension_notified_at,stage1_responded_at,stage1_outcome,\
stage2_requested_at,stage2_acknowledged_at,stage2_extension_working_days,stage2_extension_notified_at,\
stage2_responded_at,stage2_outcome,remedy_amount_pence";

/// The history, with the reporting year 2024/25 (1 April 2024 to 31 March 2025) worked out by
/// hand. Working days skip weekends and the bank holidays: Easter Monday 1 April 2024, 6 and
/// 27 May 2024. "Due" is counted from the next working day when the start is not one.
///
/// - A1: received 23:30 UTC on 31 March 2024, which is 00:30 BST on Easter Monday 1 April:
///   2024/25, under the 2024 Code; counts from Tuesday 2 April. Acknowledged Friday 5 April
///   (due 9 April); answered 19 April (due 10 working days after the acknowledgement: 19 April).
///   Within.
/// - A2: received 22:30 UTC on 31 March 2024, 23:30 BST on Sunday 31 March: 2023/24, under the
///   2022 Code. Acknowledged Monday 8 April (due 9 April), which counts as its logging, so its
///   response was due 10 working days after 8 April: 22 April; answered 22 April: within (from
///   its received date it would have been due 16 April, and late). Stage 2 asked for 1 May
///   2024, acknowledged 20 May (the 2022 Code set no time for that; the 2024 Code's 5 days would
///   have ended on 9 May), answered 29 May (due 20 working days after the request: 31 May):
///   within.
/// - A3: received Monday 3 June 2024; acknowledged 7 June; response due 21 June; extended by 5
///   working days, notified 20 June (on time), to 28 June; answered 27 June: within, but not
///   without the extension. Stage 2 asked for 1 July, acknowledged 5 July (due 8 July), response
///   due 20 working days later: 2 August; answered 5 August: not within.
/// - A4: received Monday 1 July 2024, acknowledged 10 July (due 8 July): not within, though
///   answered 12 July. A financial remedy of £50.
/// - A5: received 5 August 2024, not accepted (legal proceedings): not a stage 1 complaint.
/// - A6: received 2 September 2024, acknowledged 4 September, response due 18 September;
///   extended by 15 working days (over the Code's 10, so it does not count at all); answered 30
///   September: not within.
/// - A7: received 23:30 UTC on 31 March 2025, 00:30 BST on 1 April 2025: 2025/26.
/// - A8: received 23:30 BST on 31 March 2025 (written with its +01:00 offset): 2024/25.
/// - A9: received and answered in November 2023: 2023/24.
///
/// So for 2024/25, with 400 homes: CH01 stage 1 is A1, A3, A4, A6, A8: 5 per 400 homes, 12.5
/// per 1,000; CH01 stage 2 is A2's and A3's requests: 2, 5.0. CH02 stage 1: of A1, A2, A3, A4
/// and A6's responses, A1, A2 and A3 within: 3 of 5, 60.0%; without extensions A1 and A2: 40.0%.
/// CH02 stage 2: A2 of A2 and A3: 50.0%, the same without extensions.
const HISTORY: &str = "\
A1,2024-03-31T23:30:00Z,email,Repairs,,2024-04-05T10:00:00+01:00,,,2024-04-19T16:00:00+01:00,upheld,,,,,,,
A2,2024-03-31T22:30:00Z,phone,Damp and mould,,2024-04-08T09:00:00+01:00,,,2024-04-22T17:00:00+01:00,not_upheld,2024-05-01T10:00:00+01:00,2024-05-20T10:00:00+01:00,,,2024-05-29T12:00:00+01:00,partly_upheld,
A3,2024-06-03T09:00:00+01:00,web,Damp and mould,,2024-06-07T12:00:00+01:00,5,2024-06-20T10:00:00+01:00,2024-06-27T15:00:00+01:00,not_upheld,2024-07-01T10:00:00+01:00,2024-07-05T10:00:00+01:00,,,2024-08-05T10:00:00+01:00,not_upheld,
A4,2024-07-01T10:00:00+01:00,letter,Anti-social behaviour,,2024-07-10T10:00:00+01:00,,,2024-07-12T10:00:00+01:00,partly_upheld,,,,,,,5000
A5,2024-08-05T10:00:00+01:00,in_person,Repairs,legal_proceedings,,,,,,,,,,,,
A6,2024-09-02T10:00:00+01:00,survey_follow_up,Repairs,,2024-09-04T10:00:00+01:00,15,2024-09-10T10:00:00+01:00,2024-09-30T10:00:00+01:00,upheld,,,,,,,
A7,2025-03-31T23:30:00Z,third_party,,,2025-04-02T10:00:00+01:00,,,,,,,,,,,
A8,2025-03-31T23:30:00+01:00,social_media,,,2025-04-01T09:00:00+01:00,,,,,,,,,,,
A9,2023-11-01T10:00:00Z,via_staff,Repairs,,2023-11-03T10:00:00Z,,,2023-11-10T10:00:00Z,upheld,,,,,,,
";

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_redress"))
}

fn run(db: &FreshDatabase, args: &[&str]) -> Output {
    support::redress(binary(), &db.url).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn file(dir: &tempfile::TempDir, name: &str, rows: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, format!("{HEADER}\n{rows}")).unwrap();
    path.display().to_string()
}

fn tsm(db: &FreshDatabase, year: &str) -> Value {
    let json = stdout(&run(db, &["report", "tsm", "--org", "Alpha Homes", "--year", year, "--format", "json"]));
    serde_json::from_str(&json).unwrap()
}

fn figure(value: f64, numerator: u64, denominator: u64) -> Value {
    json!({"value": value, "numerator": numerator, "denominator": denominator})
}

#[test]
fn import_sqlite_history_gives_the_tsm_figures_worked_out_by_hand() {
    imported_history_gives_the_tsm_figures_worked_out_by_hand(&FreshDatabase::sqlite());
}

#[test]
fn import_postgres_history_gives_the_tsm_figures_worked_out_by_hand() {
    let Some(url) = std::env::var(POSTGRES_VAR).ok().filter(|u| !u.trim().is_empty()) else {
        eprintln!("import test: PostgreSQL half skipped ({POSTGRES_VAR} is not set)");
        return;
    };
    imported_history_gives_the_tsm_figures_worked_out_by_hand(&FreshDatabase::postgres(&url));
}

fn imported_history_gives_the_tsm_figures_worked_out_by_hand(db: &FreshDatabase) {
    let dir = tempfile::tempdir().unwrap();
    stdout(&run(db, &["org", "add", "--name", "Alpha Homes"]));
    stdout(&run(db, &["org", "homes", "--org", "Alpha Homes", "--year", "2024", "--count", "400"]));
    let history = file(&dir, "history.csv", HISTORY);
    let imported = stdout(&run(db, &["import", "complaints", "--org", "Alpha Homes", &history]));
    assert!(imported.contains("checked 9 rows"), "{imported}");
    assert!(imported.contains("imported 9 complaints"), "{imported}");
    assert!(imported.contains("skipped 0 imported before and 0 not valid"), "{imported}");

    let report = tsm(db, "2024");
    assert_eq!(report["ch01_stage1"], figure(12.5, 5, 400));
    assert_eq!(report["ch01_stage2"], figure(5.0, 2, 400));
    assert_eq!(report["ch02_stage1"], figure(60.0, 3, 5));
    assert_eq!(report["ch02_stage1_without_extensions"], figure(40.0, 2, 5));
    assert_eq!(report["ch02_stage2"], figure(50.0, 1, 2));
    assert_eq!(report["ch02_stage2_without_extensions"], figure(50.0, 1, 2));
    // Every step was recorded at the import, long after its due date: those stated on or
    // before it are flagged (Code 5.12), so the board sees what rests on imported records.
    // Stage 1: the responses of A1, A2, A3 (by its extended date), A4 and A6 (whose extension
    // the record keeps, with the good reason the history lacks); the acknowledgements of A1,
    // A2, A3 and A6 (A4's was late); the extensions of A3 and A6; A1, A2 and A3 within.
    // Stage 2: A2's response (A3's was late), A3's acknowledgement (A2's had no deadline).
    assert_eq!(
        report["ch02_stage1_recorded_after_due"],
        json!({"responses": 5, "acknowledgements": 4, "extensions": 2, "within_timescales_with_late_records": 3})
    );
    assert_eq!(
        report["ch02_stage2_recorded_after_due"],
        json!({"responses": 1, "acknowledgements": 1, "extensions": 0, "within_timescales_with_late_records": 1})
    );
    // A2 and A9 were received in 2023/24; A9 also answered in it.
    stdout(&run(db, &["org", "homes", "--org", "Alpha Homes", "--year", "2023", "--count", "400"]));
    let earlier = tsm(db, "2023");
    assert_eq!(earlier["ch01_stage1"], figure(5.0, 2, 400));
    assert_eq!(earlier["ch02_stage1"], figure(100.0, 1, 1));

    // Again: nothing is imported twice.
    let again = stdout(&run(db, &["import", "complaints", "--org", "Alpha Homes", &history]));
    assert!(again.contains("imported 0 complaints"), "{again}");
    assert!(again.contains("skipped 9 imported before"), "{again}");
    assert_eq!(tsm(db, "2024"), report);

    let verified = audit_verify(binary(), &db.url);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stdout));
}

#[test]
fn import_sqlite_a_file_with_bad_rows_imports_nothing_unless_told_to_skip_them() {
    a_file_with_bad_rows_imports_nothing_unless_told_to_skip_them(&FreshDatabase::sqlite());
}

#[test]
fn import_postgres_a_file_with_bad_rows_imports_nothing_unless_told_to_skip_them() {
    let Some(url) = std::env::var(POSTGRES_VAR).ok().filter(|u| !u.trim().is_empty()) else {
        eprintln!("import test: PostgreSQL half skipped ({POSTGRES_VAR} is not set)");
        return;
    };
    a_file_with_bad_rows_imports_nothing_unless_told_to_skip_them(&FreshDatabase::postgres(&url));
}

fn a_file_with_bad_rows_imports_nothing_unless_told_to_skip_them(db: &FreshDatabase) {
    let dir = tempfile::tempdir().unwrap();
    stdout(&run(db, &["org", "add", "--name", "Alpha Homes"]));
    stdout(&run(db, &["org", "homes", "--org", "Alpha Homes", "--year", "2024", "--count", "400"]));
    let rows = "\
B1,2024-06-03T09:00:00+01:00,email,Repairs,,2024-06-04T09:00:00+01:00,,,2024-06-10T09:00:00+01:00,upheld,,,,,,,
B2,2024-06-03T09:00:00+01:00,pigeon,Repairs,,,,,,,,,,,,,
B3,2024-06-03T09:00:00+01:00,email,Repairs,,2024-06-04T09:00:00+01:00,,,2024-06-10T09:00:00+01:00,,,,,,,,
B4,2022-03-01T09:00:00Z,email,Repairs,,,,,,,,,,,,,
B5,2024-06-03T09:00:00+01:00,email,Repairs,,2024-06-04T09:00:00+01:00,,,2024-06-01T09:00:00+01:00,upheld,,,,,,,
B1,2024-06-05T09:00:00+01:00,email,Repairs,,,,,,,,,,,,,
B6,2024-06-05 09:00,email,Repairs,,,,,,,,,,,,,
";
    let bad = file(&dir, "bad.csv", rows);
    let output = run(db, &["import", "complaints", "--org", "Alpha Homes", &bad]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The header is line 1, B1 line 2.
    for (line, reason) in [
        (3, "channel \"pigeon\""),
        (4, "stage1_responded_at is given without stage1_outcome"),
        (5, "earlier than any Code Redress knows"),
        (6, "before it was acknowledged"),
        (7, "the reference B1 appears more than once"),
        (8, "received_at \"2024-06-05 09:00\" is not an RFC 3339 time with an offset"),
    ] {
        let expected = format!("line {line}: ");
        let found =
            stderr.lines().find(|l| l.starts_with(&expected)).unwrap_or_else(|| panic!("no {expected}: {stderr}"));
        assert!(found.contains(reason), "{found}, not {reason}");
    }
    assert!(stderr.contains("6 of 7 rows are not valid"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert_eq!(tsm(db, "2024")["ch01_stage1"], figure(0.0, 0, 400));

    let skipping = stdout(&run(db, &["import", "complaints", "--org", "Alpha Homes", &bad, "--skip-invalid"]));
    assert!(skipping.contains("imported 1 complaints"), "{skipping}");
    assert!(skipping.contains("and 6 not valid"), "{skipping}");
    assert_eq!(tsm(db, "2024")["ch01_stage1"], figure(2.5, 1, 400));

    // No --org and no organisation column: refused as input (status 2); so is an unknown landlord.
    let history = file(&dir, "history.csv", HISTORY);
    assert_eq!(run(db, &["import", "complaints", &history]).status.code(), Some(2));
    let unknown = run(db, &["import", "complaints", "--org", "Nobody", &history]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("line 2: there is no organisation named \"Nobody\""));
}
