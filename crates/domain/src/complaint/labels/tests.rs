//! Every label is plain English: present, distinct within its enum, in sentence case, and never
//! the Rust name of a variant of more than one word (which no one should have to read).

use std::collections::BTreeSet;
use std::fmt::Debug;

use crate::complaint::{
    Channel, Complexity, DeadlineState, DeadlineStatus, Decision, Direction, ExclusionGround, OmbudsmanOutcome,
    OrderKind, RemedyKind, Risk, StageNumber, Status, Step,
};
use crate::ids::ComplaintId;

/// The variant's Rust name, without any fields.
fn rust_name(value: &impl Debug) -> String {
    let debug = format!("{value:?}");
    debug.split([' ', '{', '(']).next().unwrap_or_default().to_owned()
}

/// Whether `word` is written like a Rust name of several words: a capital after a small letter.
fn camel_case(word: &str) -> bool {
    word.chars().zip(word.chars().skip(1)).any(|(a, b)| a.is_lowercase() && b.is_uppercase())
}

/// Checks the labels of every value of one enum.
#[track_caller]
fn readable<T: Debug>(values: &[T], label: impl Fn(&T) -> &'static str) {
    let mut seen = BTreeSet::new();
    for value in values {
        let text = label(value);
        let name = rust_name(value);
        assert!(!text.trim().is_empty(), "{name} has no label");
        assert!(seen.insert(text), "{name}'s label {text:?} is another value's too");
        assert!(text.starts_with(|c: char| c.is_uppercase()), "{name}'s label {text:?} starts with a capital");
        assert!(!text.contains('_'), "{name}'s label {text:?} has no underscores");
        assert!(!text.split_whitespace().any(camel_case), "{name}'s label {text:?} has no Rust-style words");
        if camel_case(&name) {
            assert_ne!(text, name, "{name} is labelled with its Rust name");
        }
    }
}

#[test]
fn every_enum_people_read_has_a_plain_label_for_each_value() {
    readable(&Status::ALL, |s| s.label());
    readable(&StageNumber::ALL, |s| s.label());
    readable(&Channel::ALL, |c| c.label());
    readable(&Complexity::ALL, |c| c.label());
    readable(&Risk::ALL, |r| r.label());
    readable(&Decision::ALL, |d| d.label());
    readable(&RemedyKind::ALL, |k| k.label());
    readable(&OmbudsmanOutcome::ALL, |o| o.label());
    readable(&OrderKind::ALL, |k| k.label());
    readable(&Direction::ALL, |d| d.label());
    readable(&Step::ALL, |s| s.label());
    readable(&DeadlineState::ALL, |s| s.label());
    let grounds = [
        ExclusionGround::IssueOverTwelveMonthsOld,
        ExclusionGround::LegalProceedingsStarted,
        ExclusionGround::PreviouslyConsidered { earlier_complaint: Some(ComplaintId::trusted("c-1".into())) },
        ExclusionGround::PolicyGround { ground: "Anti-social behaviour handled under its own policy".into() },
    ];
    readable(&grounds, |g| g.label());
}

#[test]
fn the_decisions_read_as_people_write_them() {
    let labels: Vec<&str> = Decision::ALL.iter().map(|d| d.label()).collect();
    assert_eq!(labels, ["Upheld", "Partly upheld", "Not upheld"]);
    assert_eq!(OmbudsmanOutcome::SevereMaladministration.label(), "Severe maladministration");
}

#[test]
fn a_deadline_status_reads_as_its_state_whatever_the_working_days() {
    assert_eq!(DeadlineStatus::Overdue { working_days_late: 3 }.label(), "Overdue");
    assert_eq!(DeadlineStatus::Missed { working_days_late: 1 }.label(), DeadlineState::Missed.label());
    for state in DeadlineState::ALL {
        assert_eq!(DeadlineState::named(state.as_str()), Some(state));
    }
    assert_eq!(DeadlineState::named("late"), None);
}

#[test]
fn stored_names_read_back_as_their_values() {
    for status in Status::ALL {
        assert_eq!(Status::named(status.as_str()), Some(status));
    }
    for channel in Channel::ALL {
        assert_eq!(Channel::named(channel.as_str()), Some(channel));
    }
    assert_eq!((Status::named("lost"), Channel::named("pigeon")), (None, None));
}
