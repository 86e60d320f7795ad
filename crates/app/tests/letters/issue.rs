//! Issuing: every kind of letter complete from a real case, with its PDF and HTML and their
//! checksums, its event, and its email or print item; a letter lacking a required element
//! refused, naming the provision and the element; a retry answered once; the delivery
//! preselected from the resident's record.

use redress_app::{AppError, IssueLetter, IssuedLetter, LetterDelivery, LetterExtra, RequestKey, render_letter};
use redress_domain::complaint::Event;
use redress_domain::ids::ComplaintId;
use redress_domain::refusal::Refusal;
use redress_letters::LetterKind;
use redress_storage::{Backend, request_fingerprint, sha256_hex};

use crate::world::{Upto, World, bea, pdf_text, world, world_with};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(every_kind_of_letter_is_issued_complete_from_a_real_case),
        case!(code_6_9_a_letter_whose_edited_template_drops_a_required_element_is_refused_naming_it),
        case!(a_letter_the_case_has_not_reached_is_refused_and_nothing_is_stored),
        case!(an_issue_retried_with_its_key_is_answered_from_the_record_and_issues_once),
        case!(code_5_10_post_and_large_print_are_preselected_from_the_residents_record),
        case!(who_may_issue_and_where_a_letter_cannot_go),
    ]
}

fn issue(kind: LetterKind, delivery: Option<LetterDelivery>) -> IssueLetter {
    IssueLetter { kind, delivery, large_print: None, message: None, next_update: None }
}

/// Issues `kind` on complaint `id` by `delivery` and checks what was recorded.
async fn issued_and_checked(w: &World, id: &ComplaintId, kind: LetterKind, delivery: LetterDelivery) -> IssuedLetter {
    let allowed = w.app.letters_allowed(&w.handler, id).await.unwrap();
    assert!(allowed.contains(&kind), "{kind:?} is allowed: {allowed:?}");
    let preview = w.app.preview_letter(&w.handler, id, kind, &LetterExtra::default()).await.unwrap();
    assert!(preview.missing.is_empty(), "{kind:?} lacks {:?}", preview.missing);
    assert!(preview.readability.words > 0 && preview.readability.longest_sentence_words > 0);
    let before = w.app.correspondence(&w.handler, id).await.unwrap().len();

    let issued = w.app.issue_letter(&w.handler, id, issue(kind, Some(delivery)), None).await.unwrap();
    assert_eq!((issued.status, issued.replayed), (201, false));
    let item = &issued.correspondence.item;
    assert_eq!(item.subject, format!("{}: {}", kind.label(), issued.view.reference));
    assert_eq!(item.channel, if delivery.emails() { "email" } else { "letter" });
    let files = [&issued.pdf, &issued.html];
    assert_eq!(issued.correspondence.attachments.len(), 2, "{kind:?}: the PDF and the HTML");
    assert_eq!((issued.pdf.media_type.as_str(), issued.html.media_type.as_str()), ("application/pdf", "text/html"));
    // Each file is stored with the SHA-256 of its bytes (Code 5.12), and the preview was the
    // letter issued.
    let mut bytes = Vec::new();
    for file in files {
        let stored = w.app.attachment(&w.handler, id, &item.id, &file.id).await.unwrap();
        assert_eq!(file.sha256, sha256_hex(&stored.content), "{kind:?} {}", file.file_name);
        bytes.push(stored.content);
    }
    assert!(bytes[0].starts_with(b"%PDF-"), "{kind:?}: a PDF");
    assert!(bytes[1] == preview.html.as_bytes(), "{kind:?}: the HTML previewed");
    if let Some(text) = pdf_text(&bytes[0]) {
        assert!(text.contains(&issued.view.reference), "{kind:?}: the PDF gives the reference: {text}");
        assert!(text.contains("Ada Resident"), "{kind:?}: the PDF is addressed: {text}");
    }
    // The event on the timeline names it and carries the hashes.
    let last = issued.view.events.last().map(|e| &e.event);
    let Some(Event::CorrespondenceRecorded { correspondence, evidence, .. }) = last else {
        panic!("{kind:?}: the last event records the letter: {last:?}")
    };
    assert_eq!(correspondence.as_str(), item.id.as_str());
    let evidence = evidence.as_ref().unwrap();
    let mut hashes: Vec<&str> = evidence.attachments.iter().map(|f| f.sha256.as_str()).collect();
    let mut expected: Vec<&str> = files.iter().map(|f| f.sha256.as_str()).collect();
    hashes.sort_unstable();
    expected.sort_unstable();
    assert_eq!(hashes, expected, "{kind:?}: the event carries both files' hashes");
    // What sends it.
    assert_eq!(issued.email.is_some(), delivery.emails(), "{kind:?}");
    assert_eq!(issued.print.is_some(), delivery.posts(), "{kind:?}");
    if let Some(print) = &issued.print {
        assert_eq!(print.item.attachment_id, issued.pdf.id, "the PDF is posted");
        assert_eq!(print.item.recipient, "Ada Resident\n1 High Street\nAnytown\nAN1 1AA");
    }
    let deliveries = w.app.deliveries(&w.handler, id).await.unwrap();
    if let Some(email) = &issued.email {
        let record = deliveries.iter().find(|d| d.email.id == *email).unwrap();
        assert_eq!(record.email.recipients, ["ada@example.org"]);
        assert_eq!(record.files.len(), 1, "only the PDF is attached");
        assert_eq!(record.files[0].attachment_id.as_ref(), Some(&issued.pdf.id));
        assert_eq!(record.email.html_body, preview.html);
    }
    assert_eq!(w.app.correspondence(&w.handler, id).await.unwrap().len(), before + 1);
    issued
}

async fn every_kind_of_letter_is_issued_complete_from_a_real_case(backend: Backend) {
    let w = world(backend).await;
    let id = w.logged().await;
    let steps = [
        (Upto::Acknowledged, vec![LetterKind::Stage1Acknowledgement, LetterKind::KeepingInformed]),
        (Upto::Extended, vec![LetterKind::ExtensionNotice]),
        (Upto::Responded, vec![LetterKind::Stage1Response, LetterKind::RemedyUpdate]),
        (Upto::StageTwo, vec![LetterKind::Stage2Acknowledgement]),
        (Upto::Final, vec![LetterKind::Stage2Response]),
    ];
    let deliveries = [LetterDelivery::Email, LetterDelivery::Post, LetterDelivery::Both];
    let mut from = Upto::Logged;
    let mut issued = Vec::new();
    for (upto, kinds) in steps {
        w.live(&id, from, upto).await;
        from = upto;
        for kind in kinds {
            issued_and_checked(&w, &id, kind, deliveries[issued.len() % 3]).await;
            issued.push(kind);
        }
    }
    let not_accepted = w.not_accepted().await;
    issued_and_checked(&w, &not_accepted, LetterKind::NotAccepted, LetterDelivery::Email).await;
    issued.push(LetterKind::NotAccepted);
    let refused = w.escalation_refused().await;
    issued_and_checked(&w, &refused, LetterKind::EscalationRefused, LetterDelivery::Post).await;
    issued.push(LetterKind::EscalationRefused);
    issued.sort_by_key(|k| k.as_str());
    let mut every: Vec<LetterKind> = LetterKind::ALL.to_vec();
    every.sort_by_key(|k| k.as_str());
    assert_eq!(issued, every, "every kind of letter was issued");
}

/// The provision cited by `refusal`, and its message, if it is the Code's.
fn cited(result: Result<redress_letters::Letter, AppError>) -> (String, String) {
    match result {
        Err(AppError::Refused(Refusal::Code { provision, message, .. })) => (provision.to_string(), message),
        other => panic!("refused under the Code: {other:?}"),
    }
}

async fn code_6_9_a_letter_whose_edited_template_drops_a_required_element_is_refused_naming_it(backend: Backend) {
    let w = world(backend).await;
    let id = w.lived(Upto::Responded).await;
    let context = w.app.letter_context(&w.handler, &id, LetterKind::Stage1Response, &LetterExtra::default()).await;
    let context = context.unwrap();
    let default = LetterKind::Stage1Response.default_template();
    assert!(render_letter(LetterKind::Stage1Response, Some(default), &context).is_ok());
    // The remedy's date dropped: 6.9 e, and only that, is missing.
    let edited = default.replace(", by {{ remedy.due }}", "");
    let (provision, message) = cited(render_letter(LetterKind::Stage1Response, Some(&edited), &context));
    assert_eq!(provision, "6.9");
    assert!(message.contains("remedy R1") && message.contains("(Code 6.9 e)"), "{message}");
    assert!(!message.contains("6.9 a") && !message.contains("6.9 g"), "{message}");

    // Every other kind, from a case that allows it, refused for an edited template that says
    // nothing the Code requires, under one of its own provisions.
    let refused = w.escalation_refused().await;
    let not_accepted = w.not_accepted().await;
    let edited = "# About your complaint\n\nDear {{ resident.name }},\n\nWe are writing about your complaint.";
    for kind in LetterKind::ALL {
        let case = match kind {
            LetterKind::NotAccepted => &not_accepted,
            LetterKind::EscalationRefused => &refused,
            _ => &id,
        };
        if matches!(kind, LetterKind::Stage2Acknowledgement | LetterKind::Stage2Response) {
            continue;
        }
        let context = w.app.letter_context(&w.handler, case, kind, &LetterExtra::default()).await.unwrap();
        let (provision, message) = cited(render_letter(kind, Some(edited), &context));
        assert!(kind.provisions().contains(&provision.as_str()), "{kind:?} cites {provision}: {message}");
        assert!(message.contains("(Code "), "{kind:?}: each element with its provision: {message}");
    }
    w.live(&id, Upto::Responded, Upto::Final).await;
    for kind in [LetterKind::Stage2Acknowledgement, LetterKind::Stage2Response] {
        let context = w.app.letter_context(&w.handler, &id, kind, &LetterExtra::default()).await.unwrap();
        let (provision, message) = cited(render_letter(kind, Some(edited), &context));
        assert!(kind.provisions().contains(&provision.as_str()), "{kind:?} cites {provision}: {message}");
    }
}

async fn a_letter_the_case_has_not_reached_is_refused_and_nothing_is_stored(backend: Backend) {
    let w = world(backend).await;
    let id = w.logged().await;
    let allowed = w.app.letters_allowed(&w.handler, &id).await.unwrap();
    for kind in [LetterKind::Stage1Acknowledgement, LetterKind::Stage1Response, LetterKind::NotAccepted] {
        assert!(!allowed.contains(&kind), "{kind:?} is not allowed yet: {allowed:?}");
        let refused = w.app.issue_letter(&w.handler, &id, issue(kind, None), None).await;
        assert!(matches!(refused, Err(AppError::Refused(Refusal::State(_)))), "{kind:?}: {refused:?}");
    }
    assert!(w.app.correspondence(&w.handler, &id).await.unwrap().is_empty());
    assert!(w.app.deliveries(&w.handler, &id).await.unwrap().is_empty());
    assert!(w.app.posted_letters(&w.handler, &id).await.unwrap().is_empty());
}

fn key(name: &str, body: &str) -> RequestKey {
    RequestKey {
        key: name.into(),
        fingerprint: request_fingerprint("POST", "/api/v1/complaints/x/letters", body.as_bytes()),
        status: 201,
    }
}

async fn an_issue_retried_with_its_key_is_answered_from_the_record_and_issues_once(backend: Backend) {
    let w = world(backend).await;
    let id = w.lived(Upto::Acknowledged).await;
    let kind = LetterKind::Stage1Acknowledgement;
    let first_key = key("issue-1", "both");
    let first = w.app.issue_letter(&w.handler, &id, issue(kind, Some(LetterDelivery::Both)), Some(&first_key)).await;
    let first = first.unwrap();
    assert_eq!((first.status, first.replayed), (201, false));
    // Later, as a retry after a lost answer would be.
    w.clock.set(w.app.now().checked_add(jiff::SignedDuration::from_mins(5)).unwrap());
    let again = w.app.issue_letter(&w.handler, &id, issue(kind, Some(LetterDelivery::Both)), Some(&first_key)).await;
    let again = again.unwrap();
    assert_eq!((again.status, again.replayed), (201, true));
    assert_eq!(again.correspondence, first.correspondence, "the same letter, unchanged");
    assert_eq!(again.email, first.email);
    assert_eq!(again.print.as_ref().map(|p| &p.id), first.print.as_ref().map(|p| &p.id));
    assert_eq!(w.app.correspondence(&w.handler, &id).await.unwrap().len(), 1);
    assert_eq!(w.app.deliveries(&w.handler, &id).await.unwrap().len(), 1);
    assert_eq!(w.app.posted_letters(&w.handler, &id).await.unwrap().len(), 1);
    // The same key with another request is refused.
    let other = key("issue-1", "email");
    let reused = w.app.issue_letter(&w.handler, &id, issue(kind, Some(LetterDelivery::Email)), Some(&other)).await;
    assert!(matches!(reused, Err(AppError::KeyReused)), "{reused:?}");
    // Another key issues another letter: an issued letter is followed, never changed.
    let second = w.app.issue_letter(&w.handler, &id, issue(kind, None), Some(&key("issue-2", "none"))).await.unwrap();
    assert_ne!(second.correspondence.item.id, first.correspondence.item.id);
    assert_eq!(w.app.correspondence(&w.handler, &id).await.unwrap().len(), 2);
}

async fn code_5_10_post_and_large_print_are_preselected_from_the_residents_record(backend: Backend) {
    let w = world_with(backend, bea()).await;
    let id = w.lived(Upto::Acknowledged).await;
    let kind = LetterKind::Stage1Acknowledgement;
    let preview = w.app.preview_letter(&w.handler, &id, kind, &LetterExtra::default()).await.unwrap();
    assert_eq!(preview.choices.delivery, LetterDelivery::Post, "the resident asked for letters");
    assert!(preview.choices.large_print, "the adjustment asks for large print");
    assert!(preview.choices.email_to.is_empty());
    assert_eq!(preview.choices.post_to.as_deref(), Some("Bea Resident\n2 Low Road, Anytown AN1 2BB"));
    assert!(preview.html.contains("font-size:24px"), "the preview is in large print");
    let ordinary = LetterExtra { large_print: Some(false), ..LetterExtra::default() };
    let small = w.app.preview_letter(&w.handler, &id, kind, &ordinary).await.unwrap();
    assert!(!small.html.contains("font-size:24px") && !small.choices.large_print);

    let issued = w.app.issue_letter(&w.handler, &id, issue(kind, None), None).await.unwrap();
    assert!(issued.email.is_none());
    let print = issued.print.unwrap();
    assert_eq!(print.item.recipient, "Bea Resident\n2 Low Road, Anytown AN1 2BB");
    let stored = w.app.attachment(&w.handler, &id, &issued.correspondence.item.id, &issued.html.id).await.unwrap();
    assert!(String::from_utf8_lossy(&stored.content).contains("font-size:24px"), "issued in large print");
    // By email, she has no address to send to: refused, nothing stored.
    let refused = w.app.issue_letter(&w.handler, &id, issue(kind, Some(LetterDelivery::Email)), None).await;
    assert!(matches!(&refused, Err(AppError::Invalid(m)) if m.contains("no email address")), "{refused:?}");
    assert_eq!(w.app.correspondence(&w.handler, &id).await.unwrap().len(), 1);
}

async fn who_may_issue_and_where_a_letter_cannot_go(backend: Backend) {
    let w = world(backend).await;
    let id = w.lived(Upto::Acknowledged).await;
    let kind = LetterKind::Stage1Acknowledgement;
    // An auditor may read the letter but not send it.
    assert!(w.app.preview_letter(&w.auditor, &id, kind, &LetterExtra::default()).await.is_ok());
    let refused = w.app.issue_letter(&w.auditor, &id, issue(kind, None), None).await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
    // A represented resident's email goes to their representative too (Code 3.6).
    let represented = w.logged_with_representative(true).await;
    w.live(&represented, Upto::Logged, Upto::Acknowledged).await;
    let issued = w.app.issue_letter(&w.handler, &represented, issue(kind, None), None).await.unwrap();
    let email = issued.email.unwrap();
    let deliveries = w.app.deliveries(&w.handler, &represented).await.unwrap();
    let record = deliveries.iter().find(|d| d.email.id == email).unwrap();
    assert_eq!(record.email.recipients, ["ada@example.org", "ben@advice.example"]);
    assert!(w.app.correspondence(&w.handler, &id).await.unwrap().is_empty());
}
