//! `redress self-assessment import` and `compare` as a user runs them, on the published seeds.

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn seed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../selfassessment/tests/seeds").join(name)
}

fn run(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redress"));
    command.current_dir(tempfile::tempdir().unwrap().keep());
    command.env_remove("REDRESS_DATABASE_URL").env_remove("REDRESS_CONFIG");
    command.args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn import_prints_the_json_of_issue_13() {
    let file = seed("003_3e3d9c784d8e7b2e.txt");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["self-assessment", "import", file.to_str().unwrap(), "--format", "json"])))
            .unwrap();
    assert_eq!(json["code_version"], "2024");
    assert_eq!(json["landlord"], "Dawley Housing Co-operative");
    assert_eq!(json["provisions"].as_array().unwrap().len(), 72);
    assert_eq!(json["provisions"][71]["provision"], "9.8");
}

#[test]
fn import_refuses_a_document_it_cannot_read_saying_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    std::fs::write(&file, "1.2\tA complaint must be defined\tCovered in policy\n").unwrap();
    let output = run(&["self-assessment", "import", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.ends_with("recognised 1 provision; no comply column\n"), "{stderr}");
}

#[test]
fn compare_reads_json_and_documents_and_prints_csv() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("tamworth.json");
    let imported = stdout(&run(&["self-assessment", "import", seed("001_f5f197cf8a7913f8.txt").to_str().unwrap()]));
    std::fs::write(&json, imported).unwrap();
    let csv = stdout(&run(&[
        "self-assessment",
        "compare",
        json.to_str().unwrap(),
        seed("003_3e3d9c784d8e7b2e.txt").to_str().unwrap(),
        "--format",
        "csv",
    ]));
    // The first has no landlord in its title, so it is named by its file.
    assert!(csv.starts_with("provision,tamworth,Dawley Housing Co-operative,says_no\r\n"), "{csv}");
    assert!(csv.contains("\r\n9.8,no,yes,tamworth\r\n"), "{csv}");
}
