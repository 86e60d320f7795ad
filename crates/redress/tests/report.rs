//! `redress org` and `redress report tsm` as a user or a script runs them: organisations and
//! the homes they own recorded from the command line, and the TSM figures printed as JSON of
//! exactly the documented shape, or as a table.

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::process::{Command, Output};

use serde_json::Value;

fn redress(url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redress"));
    // Run in an empty folder so that no stray redress.toml is read.
    command.current_dir(tempfile::tempdir().unwrap().keep());
    command.env_remove("REDRESS_BIND").env_remove("REDRESS_CONFIG");
    // The database from the environment, as a script would set it.
    command.env("REDRESS_DATABASE_URL", url);
    command
}

fn run(url: &str, args: &[&str]) -> Output {
    redress(url).args(args).output().unwrap()
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
    stderr
}

/// A SQLite URL for a file in a new temporary folder (kept while the folder lives).
fn sqlite_file(dir: &tempfile::TempDir, name: &str) -> String {
    format!("sqlite://{}", dir.path().join(name).display())
}

const FIGURES: [&str; 6] = [
    "ch01_stage1",
    "ch01_stage2",
    "ch02_stage1",
    "ch02_stage2",
    "ch02_stage1_without_extensions",
    "ch02_stage2_without_extensions",
];

#[test]
fn report_tsm_json_gives_each_figure_with_its_value_numerator_and_denominator() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "tsm.db");
    stdout(&run(&url, &["demo", "--homes", "200", "--years", "1", "--end", "2026-11-23"]));
    let homes =
        stdout(&run(&url, &["org", "homes", "--org", "Redress Demo Homes", "--year", "2025", "--count", "200"]));
    assert_eq!(homes, "Redress Demo Homes owned 200 homes in 2025/26 (2025-04-01 to 2026-03-31)\n");

    let json =
        stdout(&run(&url, &["report", "tsm", "--org", "Redress Demo Homes", "--year", "2025", "--format", "json"]));
    let report: Value = serde_json::from_str(&json).unwrap();
    let keys: BTreeSet<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected: BTreeSet<&str> = FIGURES.into_iter().collect();
    expected.extend(["ch02_stage1_recorded_after_due", "ch02_stage2_recorded_after_due"]);
    assert_eq!(keys, expected);
    for name in FIGURES {
        let figure = report[name].as_object().unwrap();
        let fields: BTreeSet<&str> = figure.keys().map(String::as_str).collect();
        assert_eq!(fields, BTreeSet::from(["value", "numerator", "denominator"]), "{name}");
        assert!(figure["numerator"].is_u64() && figure["denominator"].is_u64(), "{name}: {figure:?}");
    }
    // CH01 is per 1,000 of the 200 homes recorded, rounded to one decimal place.
    let ch01 = &report["ch01_stage1"];
    assert_eq!(ch01["denominator"], 200);
    let received = ch01["numerator"].as_u64().unwrap();
    assert!(received > 0, "{json}");
    let expected_value = (received as f64 * 1000.0 / 200.0 * 10.0).round() / 10.0;
    assert_eq!(ch01["value"].as_f64().unwrap(), expected_value, "{json}");
    let ch02 = &report["ch02_stage1"];
    assert!(ch02["denominator"].as_u64().unwrap() >= ch02["numerator"].as_u64().unwrap());
    let late = report["ch02_stage1_recorded_after_due"].as_object().unwrap();
    let late_fields: BTreeSet<&str> = late.keys().map(String::as_str).collect();
    assert_eq!(
        late_fields,
        BTreeSet::from(["responses", "acknowledgements", "extensions", "within_timescales_with_late_records"])
    );

    // CSV and XLSX give the same figures with the counts behind them.
    let csv =
        stdout(&run(&url, &["report", "tsm", "--org", "Redress Demo Homes", "--year", "2025", "--format", "csv"]));
    let line = csv.lines().find(|l| l.contains(",CH01 stage 1,")).unwrap();
    assert!(line.ends_with(&format!(",{expected_value:.1},{received},200")), "{line}");
    assert!(csv.contains(",Stage 1 count,Responses sent,,"), "{csv}");
    let xlsx = run(&url, &["report", "tsm", "--org", "Redress Demo Homes", "--year", "2025", "--format", "xlsx"]);
    assert!(xlsx.status.success() && xlsx.stdout.starts_with(b"PK\x03\x04"), "an XLSX workbook is a zip file");

    // The table gives the same figures for people; a year without homes recorded has no CH01 value.
    let table = stdout(&run(&url, &["report", "tsm", "--org", "Redress Demo Homes", "--year", "2025"]));
    assert!(table.starts_with("Tenant Satisfaction Measures: Redress Demo Homes, 2025/26"), "{table}");
    assert!(table.contains("Homes owned: 200"), "{table}");
    let row = table.lines().find(|l| l.starts_with("CH01 stage 1")).unwrap();
    assert!(row.split_whitespace().rev().take(3).any(|v| v == format!("{expected_value:.1}")), "{row}");
    let unrecorded =
        stdout(&run(&url, &["report", "tsm", "--org", "Redress Demo Homes", "--year", "2024", "--format", "json"]));
    let unrecorded: Value = serde_json::from_str(&unrecorded).unwrap();
    assert_eq!(unrecorded["ch01_stage1"]["value"], Value::Null);
    assert_eq!(unrecorded["ch01_stage1"]["denominator"], 0);
}

#[test]
fn org_add_makes_landlords_and_their_managing_agents_and_refuses_what_cannot_be() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_file(&dir, "orgs.db");
    assert_eq!(stdout(&run(&url, &["org", "add", "--name", "Acme Homes"])), "added the landlord \"Acme Homes\"\n");
    assert_eq!(
        stdout(&run(&url, &["org", "add", "--name", "Acme Agents", "--parent", "Acme Homes"])),
        "added \"Acme Agents\", a managing agent of \"Acme Homes\"\n"
    );
    assert!(refused(&run(&url, &["org", "add", "--name", "Acme Homes"])).contains("already an organisation named"));
    assert!(
        refused(&run(&url, &["org", "add", "--name", "X", "--parent", "Nobody"])).contains("no organisation named")
    );
    assert!(
        refused(&run(&url, &["org", "add", "--name", "Y", "--parent", "Acme Agents"])).contains("is not a landlord")
    );
    assert!(refused(&run(&url, &["org", "add", "--name", "  "])).contains("must not be blank"));
    // An agent's homes, and its figures: no complaints yet.
    stdout(&run(&url, &["org", "homes", "--org", "Acme Agents", "--year", "2024", "--count", "40"]));
    let json = stdout(&run(&url, &["report", "tsm", "--org", "Acme Agents", "--year", "2024", "--format", "json"]));
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["ch01_stage1"], serde_json::json!({"value": 0.0, "numerator": 0, "denominator": 40}));
    assert_eq!(report["ch02_stage1"], serde_json::json!({"value": null, "numerator": 0, "denominator": 0}));
    assert!(
        refused(&run(&url, &["org", "homes", "--org", "Nobody", "--year", "2024", "--count", "4"])).contains("Nobody")
    );
    assert!(refused(&run(&url, &["report", "tsm", "--org", "Acme Homes", "--year", "1990"])).contains("1990"));
}
