//! Every letter kind, written from a case lived through the domain's events: the default
//! letter is complete and says each element; a template edited to drop one is refused naming
//! the provision and the element; and the default wording is plain English.

// Helpers outside `#[test]` functions fail the test they serve with a message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod fixtures;

use fixtures::{Upto, context};
use redress_documents::Document;
use redress_letters::{
    Element, LetterContext, LetterError, LetterKind, Readability, TemplateError, preview, render, required,
};

/// The default letter, which must be complete.
fn letter(kind: LetterKind, context: &LetterContext) -> Document {
    match render(kind, None, context) {
        Ok(letter) => letter.document,
        Err(error) => panic!("{kind:?}: {error}"),
    }
}

/// The default template without every line holding `fragment`.
fn without(kind: LetterKind, fragment: &str) -> String {
    let template = kind.default_template();
    assert!(template.contains(fragment), "{kind:?}'s template has {fragment}");
    template.lines().filter(|line| !line.contains(fragment)).collect::<Vec<_>>().join("\n")
}

/// The elements missing when `template` is used: it must be refused.
fn refused(kind: LetterKind, template: &str, context: &LetterContext) -> Vec<Element> {
    match render(kind, Some(template), context) {
        Err(LetterError::Incomplete(incomplete)) => {
            assert_eq!(incomplete.kind, kind);
            incomplete.missing
        }
        other => panic!("{kind:?} should be refused as incomplete: {other:?}"),
    }
}

fn names(missing: &[Element]) -> Vec<String> {
    missing.iter().map(Element::to_string).collect()
}

fn assert_says(document: &Document, texts: &[&str]) {
    let text = document.plain_text();
    for expected in texts {
        assert!(text.contains(expected), "the letter should say {expected:?}:\n{text}");
    }
}

#[test]
fn code_5_6_stage_1_acknowledgement_gives_the_definition_responsibility_due_date_representative_adjustments_and_ombudsman()
 {
    let kind = LetterKind::Stage1Acknowledgement;
    let ctx = context(kind, Upto::Acknowledged);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &[
            "stage 1",
            "The boiler was not repaired for five weeks",
            "Nobody called you back when you asked",
            "Payment for the cold weeks",
            "Repairs to the boiler",
            "The gas supply, which is for your gas supplier",
            // 10 working days from the acknowledgement on Wednesday 18 November (Code 6.3).
            "Wednesday 2 December 2026",
            "representative",
            "Mr Charles Babbage",
            "reasonable adjustment",
            "Letters in large print",
            "Housing Ombudsman Service",
            "0300 111 3000",
            "https://www.housing-ombudsman.org.uk",
        ],
    );
    let missing = refused(kind, &without(kind, "{{ point.text }}"), &ctx);
    assert_eq!(
        names(&missing),
        vec![
            "the complaint definition: point P1 (Code 5.6)",
            "the complaint definition: point P2 (Code 5.6)",
            "the complaint definition: point P3 (Code 5.6)"
        ]
    );
    let missing = refused(kind, &without(kind, "{{ item }}"), &ctx);
    assert!(missing.iter().all(|m| m.provision == "5.7") && missing.len() == 2, "{missing:?}");
    let missing = refused(kind, &without(kind, "{{ response_due }}"), &ctx);
    assert_eq!(names(&missing), vec!["the date we will respond by (Code 6.3)"]);
    // Without a representative or adjustments on record, the letter must still offer them.
    let mut ctx = ctx;
    (ctx.representative, ctx.adjustments) = (None, vec![]);
    let missing = refused(kind, &without(kind, "We call this person your representative"), &ctx);
    assert_eq!(names(&missing), vec!["how to have a representative (Code 3.6)"]);
    let missing = refused(kind, &without(kind, "We call this a reasonable adjustment"), &ctx);
    assert_eq!(names(&missing), vec!["how to ask for reasonable adjustments (Code 5.10)"]);
    let missing = refused(kind, &without(kind, "ombudsman.telephone"), &ctx);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].provision, "3.7");
}

#[test]
fn code_5_6_stage_2_acknowledgement_defines_stage_2_with_its_own_due_date() {
    let kind = LetterKind::Stage2Acknowledgement;
    let ctx = context(kind, Upto::Stage2Acknowledged);
    let document = letter(kind, &ctx);
    // 20 working days from the acknowledgement on Monday 7 December, skipping Christmas, Boxing
    // Day (its substitute, Monday 28 December) and New Year's Day (Code 6.14).
    assert_says(
        &document,
        &["stage 2", "The rent charge was not explained", "Thursday 7 January 2027", "0300 111 3000"],
    );
    let missing = refused(kind, &without(kind, "{{ response_due }}"), &ctx);
    assert_eq!(names(&missing), vec!["the date we will respond by (Code 6.14)"]);
}

#[test]
fn code_6_4_extension_notice_gives_the_new_date_reasons_update_interval_and_the_ombudsman() {
    let kind = LetterKind::ExtensionNotice;
    let ctx = context(kind, Upto::Extended);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &[
            "Wednesday 16 December 2026",
            "We are waiting for a report from the heating engineer.",
            "every 5 working days",
            "Housing Ombudsman Service",
            "0300 111 3000",
            "info@housing-ombudsman.org.uk",
        ],
    );
    let missing = refused(kind, &without(kind, "extension.new_due"), &ctx);
    assert_eq!(names(&missing), vec!["the new date for our response (Code 6.4)"]);
    let missing = refused(kind, &without(kind, "extension.reasons"), &ctx);
    assert_eq!(names(&missing), vec!["the reasons for the extension (Code 6.4)"]);
    let missing = refused(kind, &without(kind, "every {{ extension.update_interval }}"), &ctx);
    assert_eq!(names(&missing), vec!["how often we will update you (Code 5.9)"]);
    let missing = refused(kind, &without(kind, "ombudsman.email"), &ctx);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].provision, "6.5");
}

#[test]
fn code_6_5_an_extension_without_an_agreed_interval_needs_none() {
    let kind = LetterKind::ExtensionNotice;
    let mut ctx = context(kind, Upto::Extended);
    if let Some(extension) = ctx.extension.as_mut() {
        extension.update_interval = None;
    }
    assert!(required(kind, &ctx).iter().all(|e| e.provision != "5.9"));
    assert!(!letter(kind, &ctx).plain_text().contains("update every"));
}

#[test]
fn code_6_9_stage_1_response_gives_every_element_a_to_g() {
    let kind = LetterKind::Stage1Response;
    let ctx = context(kind, Upto::Responded);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &[
            "stage 1",
            "The boiler was not repaired for five weeks",
            "Overall, your complaint is partly upheld.",
            "Our decision on this part: upheld.",
            "Our decision on this part: not upheld.",
            "Our contractor missed two appointments and did not order the part.",
            "Pay you for the weeks without heating: £250.00, by Friday 18 December 2026",
            "Apologise for the missed appointments, by Monday 7 December 2026",
            "Fit the new pump to your boiler, by Friday 11 December 2026",
            // Staff typed a full stop at the end of this one: the letter does not repeat it.
            "Check the boiler again after a month, by Friday 15 January 2027",
            "The complaints team",
            "within 20 working days of this letter",
        ],
    );
    let drops = [
        ("at {{ stage }}", vec!["the complaint stage (Code 6.9 a)"]),
        (
            "{{ outcome }}",
            vec![
                "the complaint definition: outcome sought 1 (Code 6.9 b)",
                "the complaint definition: outcome sought 2 (Code 6.9 b)",
            ],
        ),
        ("Overall", vec!["the decision on the complaint (Code 6.9 c)"]),
        (
            "{{ point.reasons }}",
            vec![
                "the reasons for the decision on point P1 (Code 6.9 d)",
                "the reasons for the decision on point P2 (Code 6.9 d)",
                "the reasons for the decision on point P3 (Code 6.9 d)",
            ],
        ),
        (
            "{{ remedy.description }}",
            vec![
                "remedy R1: what will happen and by when (Code 6.9 e)",
                "remedy R2: what will happen and by when (Code 6.9 e)",
            ],
        ),
        (
            "{{ action.description }}",
            vec![
                "outstanding action A1: what and by when (Code 6.9 f)",
                "outstanding action A2: what and by when (Code 6.9 f)",
            ],
        ),
        ("response.stage_two.how", vec!["how to ask for stage 2: who, how and by when (Code 6.9 g)"]),
    ];
    for (fragment, expected) in drops {
        assert_eq!(names(&refused(kind, &without(kind, fragment), &ctx)), expected, "without {fragment}");
    }
}

#[test]
fn code_6_9_e_a_remedy_without_its_date_is_refused() {
    let kind = LetterKind::Stage1Response;
    let ctx = context(kind, Upto::Responded);
    let template = kind.default_template().replace(", by {{ remedy.due }}", "");
    let missing = refused(kind, &template, &ctx);
    assert_eq!(
        names(&missing),
        vec![
            "remedy R1: what will happen and by when (Code 6.9 e)",
            "remedy R2: what will happen and by when (Code 6.9 e)"
        ]
    );
}

#[test]
fn code_6_9_c_several_points_each_need_their_own_decision() {
    let kind = LetterKind::Stage1Response;
    let ctx = context(kind, Upto::Responded);
    // Each point given the overall decision instead of its own: P2's happens to match.
    let template = kind.default_template().replace("**{{ point.decision }}**", "**{{ response.decision }}**");
    let missing = refused(kind, &template, &ctx);
    assert_eq!(names(&missing), vec!["the decision on point P1 (Code 6.9 c)", "the decision on point P3 (Code 6.9 c)"]);
}

#[test]
fn code_6_9_e_no_remedy_is_stated_with_its_reason() {
    let kind = LetterKind::Stage1Response;
    let mut ctx = context(kind, Upto::Responded);
    if let Some(response) = ctx.response.as_mut() {
        response.remedies.clear();
        response.no_remedy_reason = Some("We found that we did nothing wrong that needs putting right.".into());
    }
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &["We are not offering to put anything right.", "We found that we did nothing wrong that needs putting right."],
    );
    let missing = refused(kind, &without(kind, "{{ response.no_remedy_reason }}"), &ctx);
    assert_eq!(names(&missing), vec!["why no remedy is offered (Code 6.9 e)"]);
}

#[test]
fn code_6_19_stage_2_response_gives_the_ombudsman_and_says_it_is_final() {
    let kind = LetterKind::Stage2Response;
    let ctx = context(kind, Upto::Stage2Responded);
    assert!(ctx.final_stage);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &[
            "stage 2",
            "It is our final response.",
            "The rent charge was not explained",
            "Overall, your complaint is upheld.",
            "Add a note to your rent account explaining the charge, by Monday 14 December 2026",
            "Train the rent team on explaining charges, by Friday 26 February 2027",
            "Housing Ombudsman Service",
            "0300 111 3000",
            "info@housing-ombudsman.org.uk",
            "https://www.housing-ombudsman.org.uk",
        ],
    );
    // Only stage 2's remedies and actions are in its response.
    assert!(!document.plain_text().contains("Pay you for the weeks without heating"));
    let missing = refused(kind, &without(kind, "ombudsman.telephone"), &ctx);
    assert_eq!(
        names(&missing),
        vec![
            "how to take the complaint to the Housing Ombudsman: its name, telephone, email and web address (Code 6.19 g)"
        ]
    );
    let missing = refused(kind, &without(kind, "final response"), &ctx);
    assert_eq!(names(&missing), vec!["that this is our final response (Code 6.20)"]);
}

#[test]
fn code_2_4_not_accepted_gives_the_decision_reasons_and_the_right_to_go_to_the_ombudsman() {
    let kind = LetterKind::NotAccepted;
    let ctx = context(kind, Upto::NotAccepted);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &[
            "Legal proceedings have started",
            "You have started a claim about the boiler at the county court.",
            "You have the right to ask the Housing Ombudsman Service to look at our decision.",
            "0300 111 3000",
        ],
    );
    let missing = refused(kind, &without(kind, "{{ exclusion.reasons }}"), &ctx);
    assert_eq!(names(&missing), vec!["the reasons for our decision (Code 2.4)"]);
    let missing = refused(kind, &without(kind, "ombudsman.web_address"), &ctx);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].provision, "2.4");
}

#[test]
fn code_5_11_refusal_to_escalate_sets_out_the_ground_and_reasons_and_gives_the_ombudsman() {
    let kind = LetterKind::EscalationRefused;
    let ctx = context(kind, Upto::EscalationRefused);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &[
            "On Monday 7 December 2026 you asked us to look at your complaint again.",
            "Another ground in the complaints policy: The request is about a matter a court has decided",
            "The county court decided the rent charge on 1 December 2026.",
            "Housing Ombudsman Service",
        ],
    );
    let missing = refused(kind, &without(kind, "exclusion.ground"), &ctx);
    assert_eq!(names(&missing), vec!["our decision and its ground (Code 5.11)"]);
    let missing = refused(kind, &without(kind, "ombudsman.telephone"), &ctx);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].provision, "2.4");
}

#[test]
fn code_6_6_remedy_update_reports_each_remedy_and_action_with_its_date() {
    let kind = LetterKind::RemedyUpdate;
    let ctx = context(kind, Upto::Responded);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &[
            "Apologise for the missed appointments. We did this on Monday 7 December 2026.",
            "Pay you for the weeks without heating: £250.00. We will do this by Friday 18 December 2026.",
            "Fit the new pump to your boiler. We will do this by Friday 11 December 2026. Our latest news: The pump has arrived at our depot.",
        ],
    );
    let missing = refused(kind, &without(kind, "We did this on {{ remedy.completed_on }}"), &ctx);
    assert_eq!(names(&missing), vec!["remedy R1: what it is and when it was or will be done (Code 6.6)"]);
    let missing =
        refused(kind, &kind.default_template().replace("Our latest news: {{ action.latest_update }}", ""), &ctx);
    assert_eq!(names(&missing), vec!["action A1: what it is, its progress and its date (Code 6.6)"]);
}

#[test]
fn code_6_17_remedy_update_at_stage_2_cites_6_17() {
    let kind = LetterKind::RemedyUpdate;
    let ctx = context(kind, Upto::Stage2Responded);
    assert!(required(kind, &ctx).iter().all(|e| e.provision == "6.17"));
    let document = letter(kind, &ctx);
    assert_says(&document, &["Add a note to your rent account explaining the charge", "Train the rent team"]);
}

#[test]
fn code_5_9_keeping_informed_update_gives_the_reply_date_and_the_next_update() {
    let kind = LetterKind::KeepingInformed;
    let ctx = context(kind, Upto::Extended);
    let document = letter(kind, &ctx);
    assert_says(
        &document,
        &["Wednesday 16 December 2026", "Monday 14 December 2026", "We have asked the engineer to visit on Wednesday."],
    );
    let missing = refused(kind, &without(kind, "keeping_informed.next_update }}"), &ctx);
    assert_eq!(names(&missing), vec!["when we will next update you (Code 5.9)"]);
    let missing = refused(kind, &without(kind, "{{ response_due }}"), &ctx);
    assert_eq!(names(&missing), vec!["when we expect to respond (Code 5.9)"]);
}

#[test]
fn every_letter_carries_the_letterhead_and_address_whatever_its_template() {
    let kind = LetterKind::KeepingInformed;
    let mut ctx = context(kind, Upto::Extended);
    if let Some(part) = ctx.keeping_informed.as_mut() {
        (part.next_update, part.message) = (None, None);
    }
    let draft = preview(kind, Some("We will reply by {{ response_due }}."), &ctx).unwrap_or_else(|e| panic!("{e}"));
    assert!(draft.missing.is_empty(), "{:?}", draft.missing);
    let letterhead = draft.document.letterhead.unwrap_or_else(|| panic!("a letterhead"));
    assert_eq!(letterhead.name, "Riverside Homes");
    assert_eq!(letterhead.contact, vec!["0113 000 0000", "complaints@riverside.example"]);
    let addressing = draft.document.addressing.unwrap_or_else(|| panic!("an address"));
    assert_eq!(addressing.recipient, vec!["Ms Ada Lovelace", "2 Mill Lane", "Leeds", "LS2 2BB"]);
    assert_eq!(addressing.date, "Monday 7 December 2026");
    assert_eq!(addressing.reference, "C-2026-00042");
    assert_eq!(draft.document.language, "en-GB");
}

#[test]
fn the_large_print_flag_is_carried_through_to_the_document() {
    let kind = LetterKind::Stage1Response;
    let mut ctx = context(kind, Upto::Responded);
    assert!(!letter(kind, &ctx).large_print);
    ctx.large_print = true;
    assert!(letter(kind, &ctx).large_print);
}

#[test]
fn a_template_that_loops_for_ever_or_is_malformed_is_a_typed_error() {
    let kind = LetterKind::Stage1Response;
    let ctx = context(kind, Upto::Responded);
    let mut forever = String::new();
    for depth in 0..12 {
        forever.push_str(&format!("{{% for a{depth} in response.points %}}"));
    }
    forever.push_str(&"{% endfor %}".repeat(12));
    assert_eq!(render(kind, Some(&forever), &ctx), Err(LetterError::Template(TemplateError::TooMuchWork)));
    let recursive = "{% for p in response.points recursive %}{{ loop(response.points) }}{% endfor %}";
    assert!(matches!(render(kind, Some(recursive), &ctx), Err(LetterError::Template(_))));
    for malformed in ["{% if response %}", "{{ response.points[0].text", "{% endfor %}", "{{ nothing_here }}"] {
        assert!(matches!(render(kind, Some(malformed), &ctx), Err(LetterError::Template(_))), "{malformed}");
    }
}

#[test]
fn the_case_texts_are_never_markup() {
    let kind = LetterKind::Stage1Response;
    let mut ctx = context(kind, Upto::Responded);
    if let Some(response) = ctx.response.as_mut() {
        response.points[0].reasons = "# Heading\n\n- item [link](https://evil.example) **bold** <script>".into();
    }
    let document = letter(kind, &ctx);
    assert_says(&document, &["# Heading - item [link](https://evil.example) **bold** <script>"]);
}

#[test]
fn a_refusal_names_every_missing_element_with_its_provision() {
    let kind = LetterKind::Stage2Response;
    let ctx = context(kind, Upto::Stage2Responded);
    let error = render(kind, Some("# Our reply"), &ctx).err().unwrap_or_else(|| panic!("refused"));
    let message = error.to_string();
    assert!(
        message.starts_with("the stage 2 response cannot be sent: it does not give the complaint stage (Code 6.19 a)"),
        "{message}"
    );
    for provision in ["6.19 a", "6.19 b", "6.19 c", "6.19 d", "6.19 e", "6.19 f", "6.19 g", "6.20"] {
        assert!(message.contains(&format!("(Code {provision})")), "{provision}: {message}");
    }
}

/// Plain English, as the Plain English Campaign and GOV.UK measure it: a Flesch reading ease of
/// at least 60 (60 to 70 is plain English; GOV.UK content aims higher), no sentence over 25
/// words (GOV.UK's limit), and sentences of 15 words or fewer on average (the Plain English
/// Campaign's 15 to 20, at its shorter end, since residents may read in a second language or
/// under stress).
const READING_EASE_AT_LEAST: f64 = 60.0;
const LONGEST_SENTENCE_AT_MOST: usize = 25;
const WORDS_PER_SENTENCE_AT_MOST: f64 = 15.0;

#[test]
fn every_default_template_is_plain_english() {
    let cases = [
        (LetterKind::Stage1Acknowledgement, Upto::Acknowledged),
        (LetterKind::Stage2Acknowledgement, Upto::Stage2Acknowledged),
        (LetterKind::ExtensionNotice, Upto::Extended),
        (LetterKind::KeepingInformed, Upto::Extended),
        (LetterKind::Stage1Response, Upto::Responded),
        (LetterKind::Stage2Response, Upto::Stage2Responded),
        (LetterKind::NotAccepted, Upto::NotAccepted),
        (LetterKind::EscalationRefused, Upto::EscalationRefused),
        (LetterKind::RemedyUpdate, Upto::Responded),
    ];
    assert_eq!(cases.len(), LetterKind::ALL.len());
    for (kind, upto) in cases {
        // The case's own words (the resident's, the handler's) are not ours to score: each is
        // one neutral word, so that what is measured is the template's sentences.
        let ctx = context(kind, upto).with_placeholders();
        let Ok(draft) = preview(kind, None, &ctx) else { panic!("{kind:?} renders") };
        let figures = Readability::of(&draft.document);
        println!(
            "{:<40} reading ease {:>5.1}, {:>4.1} words a sentence, longest {} words",
            kind.label(),
            figures.reading_ease,
            figures.words_per_sentence,
            figures.longest_sentence_words
        );
        assert!(figures.reading_ease >= READING_EASE_AT_LEAST, "{kind:?}: {figures:?}");
        assert!(figures.longest_sentence_words <= LONGEST_SENTENCE_AT_MOST, "{kind:?}: {figures:?}");
        assert!(figures.words_per_sentence <= WORDS_PER_SENTENCE_AT_MOST, "{kind:?}: {figures:?}");
    }
}

#[test]
fn the_default_templates_stay_well_within_the_sandboxs_fuel_for_a_very_large_case() {
    let kind = LetterKind::Stage1Response;
    let mut ctx = context(kind, Upto::Responded);
    let (Some(definition), Some(response)) = (ctx.definition.as_mut(), ctx.response.as_mut()) else {
        panic!("a response's context")
    };
    // Ten times the case's texts would make duplicate points; number them instead.
    let point = definition.points[0].clone();
    let decided = response.points[0].clone();
    let remedy = response.remedies[0].clone();
    let action = response.actions[0].clone();
    definition.points = (1..=300)
        .map(|i| redress_letters::PointPart { text: format!("{} {i}", point.text), ..point.clone() })
        .collect();
    response.points = (1..=300)
        .map(|i| redress_letters::PointDecisionPart { text: format!("{} {i}", decided.text), ..decided.clone() })
        .collect();
    response.remedies =
        (1..=300).map(|i| redress_letters::RemedyPart { id: format!("R{i}"), ..remedy.clone() }).collect();
    response.actions =
        (1..=300).map(|i| redress_letters::ActionPart { id: format!("A{i}"), ..action.clone() }).collect();
    let letter = render(kind, None, &ctx);
    assert!(letter.is_ok(), "{:?}", letter.err());
}
