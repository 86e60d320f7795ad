//! The compliance matrix may only claim what tests prove: every test it names must exist.
//!
//! A test is found by following its path through the package's sources the way the compiler
//! does: from `src/lib.rs` (or `src/main.rs`, or `tests/<target>.rs`), each module segment is
//! either an inline `mod name {` in the current file or a file `name.rs` / `name/mod.rs`
//! beside it; the last segment must be a function in the module reached.
//!
//! That function must be a test: the file reached is a test file (`#[test]`, `proptest!`,
//! `#[tokio::test`), or the target runs on the shared libtest-mimic harness (its root file uses
//! `redress_storage::testing::suite`, as the storage conformance suite and the web API suite do) and the module
//! registers the function with a macro call such as `case!(name)`. Such a harness names its
//! trials after the backend too (`sqlite::refusals::name`); the matrix gives the module path
//! (`refusals::name`), which is the same on every backend.

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use redress_domain::code::{CodeBook, TestRef};

fn workspace_crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The folder of the package named `package` (its Cargo.toml's `name`).
fn package_dir(package: &str) -> Option<PathBuf> {
    let wanted = format!("name = \"{package}\"");
    fs::read_dir(workspace_crates()).ok()?.flatten().map(|e| e.path()).find(|dir| {
        fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|manifest| manifest.lines().any(|l| l.trim() == wanted))
    })
}

/// The text of the module `name` declared in `text`, if it is inline (`mod name {`): from the
/// declaration to the end of the file, which is enough to find functions inside it.
fn inline_module<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let start = text.find(&format!("mod {name} {{"))?;
    Some(&text[start..])
}

/// The file of module `name` declared as `mod name;` in `file`.
fn module_file(file: &Path, name: &str) -> Option<PathBuf> {
    let dir = match file.file_name()?.to_str()? {
        "lib.rs" | "main.rs" | "mod.rs" => file.parent()?.to_path_buf(),
        _ => file.with_extension(""),
    };
    [dir.join(format!("{name}.rs")), dir.join(name).join("mod.rs")].into_iter().find(|p| p.is_file())
}

/// Whether the test `test` exists in the workspace's sources.
fn test_exists(test: &TestRef) -> bool {
    let Some(package) = package_dir(&test.package) else { return false };
    let root = match &test.target {
        Some(target) => {
            [package.join("tests").join(format!("{target}.rs")), package.join("tests").join(target).join("main.rs")]
                .into_iter()
                .find(|p| p.is_file())
        }
        None => [package.join("src/lib.rs"), package.join("src/main.rs")].into_iter().find(|p| p.is_file()),
    };
    let Some(mut file) = root else { return false };
    let Ok(mut text) = fs::read_to_string(&file) else { return false };
    let libtest_mimic = test.target.is_some() && text.contains("testing::suite");
    let segments: Vec<&str> = test.path.split("::").collect();
    let Some((function, modules)) = segments.split_last() else { return false };
    let mut scope = text.clone();
    for module in modules {
        if let Some(inline) = inline_module(&scope, module) {
            scope = inline.to_owned();
            continue;
        }
        let Some(next) = module_file(&file, module) else { return false };
        let Ok(next_text) = fs::read_to_string(&next) else { return false };
        (file, text) = (next, next_text);
        scope = text.clone();
    }
    let is_test_file = scope.contains("#[test]") || scope.contains("proptest!") || scope.contains("#[tokio::test");
    // `case!(name)`, which rustfmt breaks over lines when the name is long.
    let unspaced: String = scope.chars().filter(|c| !c.is_whitespace()).collect();
    let registered = libtest_mimic && unspaced.contains(&format!("!({function})"));
    let defined = scope.contains(&format!("fn {function}(")) || imported_from_child(&file, &scope, function);
    (is_test_file || registered) && defined
}

/// Whether `function` is brought in with `use child::function;` or `use child::{.., function,
/// ..};` (on one line or several) from a child module of `file` that defines it: a harness
/// registers a case in the module that names it, which may keep the case itself in a file of
/// its own.
fn imported_from_child(file: &Path, scope: &str, function: &str) -> bool {
    scope
        .split("use ")
        .skip(1)
        .filter_map(|rest| {
            let statement = &rest[..rest.find(';')?];
            let (child, names) = statement.split_once("::")?;
            let names = names.trim().trim_start_matches('{').trim_end_matches('}');
            names.split(',').any(|name| name.trim() == function).then_some(child.trim())
        })
        .any(|child| {
            module_file(file, child)
                .and_then(|f| fs::read_to_string(f).ok())
                .is_some_and(|text| text.contains(&format!("fn {function}(")))
        })
}

#[test]
fn every_test_the_matrix_names_exists() {
    let book = CodeBook::embedded().unwrap();
    let missing: Vec<String> = book
        .matrix()
        .iter()
        .flat_map(|entry| entry.tests.iter().map(move |t| (entry.provision, t)))
        .filter(|(_, t)| !test_exists(t))
        .map(|(provision, t)| {
            format!(
                "{provision}: {}{} {}",
                t.package,
                t.target.as_deref().map(|x| format!(" --test {x}")).unwrap_or_default(),
                t.path
            )
        })
        .collect();
    assert!(missing.is_empty(), "the compliance matrix names tests that do not exist:\n{}", missing.join("\n"));
}

#[test]
fn the_test_finder_finds_real_tests_and_rejects_invented_ones() {
    let unit = |path: &str| TestRef { package: "redress-domain".into(), target: None, path: path.into() };
    // A unit test in a module file, one in an inline module, and one in a proptest! block.
    assert!(test_exists(&unit("calendar::tests::adding_five_working_days_to_monday_3_june_2024_gives_monday_10_june")));
    assert!(test_exists(&unit("calendar::easter::tests::easter_sundays_match_published_dates")));
    assert!(test_exists(&unit("calendar::tests::a_deadline_never_falls_on_a_non_working_day")));
    // This very test, in an integration-test target.
    let here = TestRef {
        package: "redress-domain".into(),
        target: Some("compliance_matrix".into()),
        path: "the_test_finder_finds_real_tests_and_rejects_invented_ones".into(),
    };
    assert!(test_exists(&here));
    // A case of a libtest-mimic suite, registered with a macro; and a helper of that suite,
    // which is a function but not a case.
    let conformance = |path: &str| TestRef {
        package: "redress-storage".into(),
        target: Some("conformance".into()),
        path: path.into(),
    };
    assert!(test_exists(&conformance("events::each_event_is_chained_to_the_one_before")));
    assert!(!test_exists(&conformance("events::no_such_case")));
    assert!(!test_exists(&conformance("block_on")));
    // A case registered in one module and kept in a child module's file, brought in by `use`.
    let pages = |path: &str| TestRef { package: "redress-web".into(), target: Some("pages".into()), path: path.into() };
    assert!(test_exists(&pages("forms::the_response_is_prepared_as_a_task_list_and_recorded_when_complete")));
    assert!(!test_exists(&pages("forms::respond::the_response_is_prepared_as_a_task_list_and_recorded_when_complete")));

    assert!(!test_exists(&unit("calendar::tests::code_6_13_stage_two_handler_differs")));
    assert!(!test_exists(&unit(
        "lifecycle::tests::adding_five_working_days_to_monday_3_june_2024_gives_monday_10_june"
    )));
    assert!(!test_exists(&TestRef {
        package: "no-such-package".into(),
        ..unit("calendar::tests::adding_zero_gives_the_start_date_even_on_a_weekend")
    }));
}
