use super::*;
use crate::code::{Anchor, Kind, Support};
use jiff::civil::date;

fn book() -> &'static CodeBook {
    CodeBook::embedded().unwrap()
}

fn number(text: &str) -> ProvisionNumber {
    text.parse().unwrap()
}

#[test]
fn the_2024_code_has_the_72_self_assessed_provisions_from_1_2_to_9_8() {
    let v2024 = book().version(VersionId::V2024).unwrap();
    assert_eq!(v2024.provisions.len(), 72);
    assert_eq!(v2024.provisions.first().unwrap().number, number("1.2"));
    assert_eq!(v2024.provisions.last().unwrap().number, number("9.8"));
    assert_eq!(v2024.sections.len(), 9);
    assert!(v2024.provisions.iter().all(|p| p.kind == Kind::Must));
}

#[test]
fn the_2022_code_keeps_its_must_and_should_split() {
    let v2022 = book().version(VersionId::V2022).unwrap();
    assert_eq!(v2022.sections.len(), 8);
    assert_eq!(v2022.provision(number("1.7")).unwrap().kind, Kind::Must);
    assert_eq!(v2022.provision(number("1.4")).unwrap().kind, Kind::Should);
    assert!(v2022.provision(number("5.18")).unwrap().requirement.contains("third stage"));
}

#[test]
fn requirement_texts_quote_the_code() {
    let v2024 = book().version(VersionId::V2024).unwrap();
    assert!(
        v2024.provision(number("1.2")).unwrap().requirement.contains("an expression of dissatisfaction, however made")
    );
    assert!(v2024.provision(number("6.13")).unwrap().requirement.contains("stage 1"));
}

#[test]
fn the_2024_timescales_are_those_of_the_statutory_code() {
    let t = &book().version(VersionId::V2024).unwrap().timescales;
    assert_eq!((t.stage1_acknowledge.working_days, t.stage1_acknowledge.from), (5, Anchor::Received));
    assert_eq!((t.stage1_response.working_days, t.stage1_response.from), (10, Anchor::Acknowledged));
    assert_eq!(t.stage1_extension_limit.working_days, 10);
    let stage2_ack = t.stage2_acknowledge.unwrap();
    assert_eq!((stage2_ack.working_days, stage2_ack.from), (5, Anchor::EscalationRequested));
    assert_eq!((t.stage2_response.working_days, t.stage2_response.from), (20, Anchor::Acknowledged));
    assert_eq!(t.stage2_extension_limit.working_days, 20);
}

#[test]
fn the_2022_timescales_count_from_logging_and_escalation() {
    let t = &book().version(VersionId::V2022).unwrap().timescales;
    assert_eq!((t.stage1_response.working_days, t.stage1_response.from), (10, Anchor::Logged));
    assert_eq!(t.stage2_acknowledge, None);
    assert_eq!((t.stage2_response.working_days, t.stage2_response.from), (20, Anchor::EscalationRequested));
    assert_eq!(t.stage2_extension_limit.working_days, 10);
}

#[test]
fn the_code_in_force_on_the_day_received_governs_the_complaint() {
    assert_eq!(book().in_force_on(date(2024, 3, 31)).unwrap().id, VersionId::V2022);
    assert_eq!(book().in_force_on(date(2024, 4, 1)).unwrap().id, VersionId::V2024);
    assert_eq!(book().in_force_on(date(2022, 3, 31)), None);
}

#[test]
fn the_matrix_covers_every_2024_provision_once() {
    let v2024 = book().version(VersionId::V2024).unwrap();
    let covered: Vec<ProvisionNumber> = book().matrix().iter().map(|e| e.provision).collect();
    let provisions: Vec<ProvisionNumber> = v2024.provisions.iter().map(|p| p.number).collect();
    assert_eq!(covered, provisions);
    for entry in book().matrix() {
        assert_eq!(entry.support == Support::Attested, entry.tests.is_empty(), "{}", entry.provision);
    }
}

#[test]
fn malformed_code_data_is_reported_not_panicked_on() {
    let result: Result<toml::Value, _> = parse("versions.toml", "versions = [");
    assert!(matches!(result, Err(CodeDataError::Malformed { file: "versions.toml", .. })));
}

#[test]
fn each_2024_provision_maps_to_its_2022_counterparts_closest_first() {
    let in_2022 = |text: &str| book().in_2022(number(text)).iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(in_2022("6.13"), ["5.12"]);
    assert_eq!(in_2022("3.6"), ["4.5"]);
    assert_eq!(in_2022("6.3"), ["5.1"]);
    assert_eq!(in_2022("6.15"), ["5.13", "5.14"]);
    assert_eq!(in_2022("5.8")[0], "4.7", "conflicts of interest share the most words with 2022 4.7");
    // New in 2024: the twelve-month window, what the landlord is responsible for, no reasons
    // needed to escalate.
    for new in ["2.3", "5.7", "6.12"] {
        assert!(in_2022(new).is_empty(), "{new}");
    }
}

#[test]
fn every_pair_names_provisions_of_its_versions_and_quotes_words_both_contain() {
    let v2022 = book().version(VersionId::V2022).unwrap();
    let v2024 = book().version(VersionId::V2024).unwrap();
    assert!(book().correspondence().len() > 60);
    for pair in book().correspondence() {
        let old = &v2022.provision(pair.v2022).unwrap().requirement;
        let new = &v2024.provision(pair.v2024).unwrap().requirement;
        let words = pair.shared.split_whitespace().next().unwrap_or_default().to_lowercase();
        assert!(old.to_lowercase().contains(&words) && new.to_lowercase().contains(&words), "{pair:?}");
    }
}
