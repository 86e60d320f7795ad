//! The three published self-assessments: every provision, every answer and whether evidence
//! is given, as read from the documents by a person (the tables below), not as the importer
//! printed them.

use redress_domain::code::{ProvisionNumber, VersionId};
use redress_selfassessment::{Comply, SelfAssessment, import};

pub fn imported(seed: u8) -> SelfAssessment {
    import(crate::common::seed(seed).as_bytes()).unwrap_or_else(|e| panic!("seed {seed}: {e}"))
}

/// One row of an expected table: `6.3 partial E` (E: evidence given; `-`: none).
fn expected(table: &str) -> Vec<(String, Option<Comply>, bool)> {
    table
        .split_whitespace()
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|row| {
            let comply = match row[1] {
                "yes" => Some(Comply::Yes),
                "no" => Some(Comply::No),
                "partial" => Some(Comply::Partial),
                "n/a" => Some(Comply::NotApplicable),
                _ => None,
            };
            (row[0].to_owned(), comply, row[2] == "E")
        })
        .collect()
}

fn actual(assessment: &SelfAssessment) -> Vec<(String, Option<Comply>, bool)> {
    assessment.provisions.iter().map(|p| (p.provision.to_string(), p.comply, !p.evidence.is_empty())).collect()
}

/// Seed 001, as its Word table says: "Partial (In Progress)" and its spellings are partial;
/// 9.8 is "No"; evidence cells left empty are `-`.
const SEED_001: &str = "
1.2 yes E  1.3 yes E  1.4 yes E  1.5 yes E  1.6 yes E
2.1 yes E  2.2 yes E  2.3 yes E  2.4 yes E  2.5 yes E
3.1 yes E  3.2 yes E  3.3 yes E  3.4 yes E  3.5 yes E  3.6 yes E  3.7 yes E
4.1 yes E  4.2 yes E  4.3 partial -
5.1 yes E  5.2 yes E  5.3 yes E  5.4 partial -  5.5 partial -  5.6 yes E  5.7 yes E  5.8 yes E
5.9 yes E  5.10 partial E  5.11 yes E  5.12 yes E  5.13 yes E  5.14 yes E  5.15 yes E
6.1 yes -  6.2 yes E  6.3 partial E  6.4 yes E  6.5 yes -  6.6 partial -  6.7 yes E  6.8 yes -  6.9 yes E
6.10 yes E  6.11 yes E  6.12 yes E  6.13 yes E  6.14 partial E  6.15 yes -  6.16 yes -  6.17 partial -
6.18 yes E  6.19 yes E  6.20 yes -
7.1 partial E  7.2 yes -  7.3 yes E  7.4 partial E
8.1 yes E  8.2 yes E  8.3 yes -  8.4 yes -  8.5 yes -
9.1 partial -  9.2 partial -  9.3 yes -  9.4 yes E  9.5 yes -  9.6 yes -  9.7 yes -  9.8 no -
";

/// Seed 002 in document order: each section's "must" table, then its "should" table (and in
/// section 5 each stage's); every row gives evidence; the third stage is "N/A"; 1.5 is
/// "Partial" and 7.6 is "No".
const SEED_002: &str = "
1.2 yes E  1.3 yes E  1.6 yes E  1.7 yes E  1.8 yes E  1.9 yes E  1.4 yes E  1.5 partial E
2.1 yes E  2.3 yes E  2.4 yes E  2.5 yes E  2.6 yes E  2.7 yes E  2.8 yes E  2.2 yes E
3.1 yes E  3.2 yes E  3.3 yes E
4.1 yes E  4.2 yes E  4.6 yes E  4.7 yes E  4.11 yes E  4.12 yes E  4.13 yes E  4.14 yes E  4.15 yes E
4.18 yes E  4.3 yes E  4.4 yes E  4.5 yes E  4.8 yes E  4.9 yes E  4.10 yes E  4.16 yes E  4.17 yes E
4.19 yes E
5.1 yes E  5.5 yes E  5.6 yes E  5.8 yes E  5.9 yes E  5.10 yes E  5.11 yes E  5.12 yes E  5.13 yes E
5.16 yes E  5.17 n/a E  5.20 n/a E  5.2 yes E  5.3 yes E  5.4 yes E  5.7 yes E  5.14 yes E  5.15 yes E
5.18 n/a E  5.19 n/a E
6.1 yes E  6.2 yes E  6.5 yes E  6.6 yes E  6.3 yes E  6.7 yes E
7.2 yes E  7.3 yes E  7.4 yes E  7.5 yes E  7.6 no E
8.1 yes E  8.2 yes E  8.3 yes E
";

#[test]
fn seed_001_every_provision_answer_and_evidence() {
    let assessment = imported(1);
    assert_eq!(assessment.code_version, VersionId::V2024);
    assert_eq!(actual(&assessment), expected(SEED_001));
    assert_eq!(assessment.unmapped, None);
    let p = |n: &str| assessment.provisions.iter().find(|p| p.provision.to_string() == n).unwrap();
    // Bookmarks gone, cells that run over lines joined, commentary apart from evidence.
    assert!(p("1.2").requirement.starts_with("A complaint must be defined as: ‘an expression"));
    assert_eq!(p("1.2").evidence, "Comments-Compliments-Complaints-Policy");
    assert!(p("1.2").commentary.starts_with("The revised policy aligns with the new definition. Updated policy"));
    assert_eq!(p("9.4").evidence, "Zoe Wolicki – Assistant Director People");
    assert_eq!(p("9.4").commentary, "");
    assert_eq!(p("9.8").commentary, "This is an area currently being developed");
    assert!(p("8.1").evidence.starts_with("The Council’s Response to the Annual Complaints Performance"));
}

#[test]
fn seed_002_every_2022_provision_answer_and_evidence_with_2024_counterparts() {
    let assessment = imported(2);
    assert_eq!(assessment.code_version, VersionId::V2022);
    assert_eq!(actual(&assessment), expected(SEED_002));
    let p = |n: &str| assessment.provisions.iter().find(|p| p.provision.to_string() == n).unwrap();
    // A row split by a page break is one row again, each column joined with its continuation.
    assert_eq!(
        p("1.8").requirement,
        "A complaints policy must clearly set out the circumstances in which a matter will not be considered, and these circumstances should be fair and reasonable to residents."
    );
    assert!(p("1.8").evidence.ends_with("are in line with guidance from the Housing Ombudsman Service."));
    // HTML fragments stripped.
    assert!(p("5.1").requirement.contains("respond to the complaint within 10 working days of"));
    assert!(!assessment.provisions.iter().any(|p| p.requirement.contains('<') || p.evidence.contains('<')));
    // One column for evidence and commentary: read as evidence.
    assert!(assessment.provisions.iter().all(|p| p.commentary.is_empty()));
    let numbers = |v: &[&str]| v.iter().map(|n| n.parse::<ProvisionNumber>().unwrap()).collect::<Vec<_>>();
    assert_eq!(p("1.9").in_2024, Some(numbers(&["2.4"])));
    assert_eq!(p("7.6").in_2024, Some(numbers(&["9.8"])));
    // The third stage has no 2024 counterpart.
    assert_eq!(p("5.18").in_2024, Some(vec![]));
    let unmapped = assessment.unmapped.clone().unwrap();
    assert!(unmapped.contains(&"5.18".parse().unwrap()) && unmapped.contains(&"5.20".parse().unwrap()));
    assert!(!unmapped.contains(&"1.9".parse().unwrap()));
}

#[test]
fn seed_003_every_2024_provision_from_1_2_to_9_8() {
    let assessment = imported(3);
    assert_eq!(assessment.code_version, VersionId::V2024);
    assert_eq!(assessment.landlord.as_deref(), Some("Dawley Housing Co-operative"));
    let book = redress_domain::code::CodeBook::embedded().unwrap();
    let every: Vec<(String, Option<Comply>, bool)> = book
        .version(VersionId::V2024)
        .unwrap()
        .provisions
        .iter()
        .map(|p| (p.number.to_string(), Some(Comply::Yes), true))
        .collect();
    assert_eq!(every.len(), 72);
    assert_eq!(actual(&assessment), every);
    let p = |n: &str| assessment.provisions.iter().find(|p| p.provision.to_string() == n).unwrap();
    assert_eq!(p("3.4").evidence, "Covered in Complaint Policy published on the Co-ops page on CHS's website");
    assert_eq!(p("8.4").evidence, "N/a in past year");
    assert!(
        p("2.2").requirement.ends_with("Matters that have previously been considered under the complaints policy.")
    );
}

#[test]
fn the_json_is_the_shape_issue_13_specifies() {
    let json = serde_json::to_value(imported(3)).unwrap();
    assert_eq!(json["code_version"], "2024");
    assert_eq!(json["landlord"], "Dawley Housing Co-operative");
    let first = &json["provisions"][0];
    let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert_eq!(first["provision"], "1.2");
    assert_eq!(first["comply"], "yes");
    assert_eq!(first["commentary"], "");
    let old = serde_json::to_value(imported(2)).unwrap();
    assert_eq!(old["code_version"], "2022");
    assert_eq!(old["landlord"], serde_json::Value::Null);
    assert_eq!(old["provisions"][11]["comply"], "yes");
    assert!(old["unmapped"].as_array().is_some_and(|u| u.contains(&"5.18".into())));
}
