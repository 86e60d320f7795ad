//! Issue 11's done-when: a stage 1 response issued arrives at the SMTP sink with its PDF,
//! whose text gives every element Code 6.9 requires, and the correspondence entry shows its
//! checksum and the delivery's outcome.

use mail_parser::{MessageParser, MimeHeaders};
use redress_app::{DeliveryOptions, IssueLetter, LetterDelivery};
use redress_domain::delivery::{AttemptOutcome, EmailState};
use redress_letters::LetterKind;
use redress_storage::{Backend, sha256_hex};

use crate::world::{ACTION, POINTS, REASONS, REMEDY, ROUTE, Upto, pdf_text, smtp, world};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(code_6_9_a_stage_1_response_issued_arrives_by_email_with_its_pdf_giving_every_element)]
}

async fn code_6_9_a_stage_1_response_issued_arrives_by_email_with_its_pdf_giving_every_element(backend: Backend) {
    let w = world(backend).await;
    let (sink, sender) = smtp().await;
    let id = w.lived(Upto::Responded).await;
    let input = IssueLetter {
        kind: LetterKind::Stage1Response,
        delivery: Some(LetterDelivery::Email),
        large_print: None,
        message: None,
        next_update: None,
    };
    let issued = w.app.issue_letter(&w.handler, &id, input, None).await.unwrap();
    assert!(sink.arrived().is_empty(), "queued, not sent, until the worker's round");
    let round = w.app.deliver_due(&sender, &DeliveryOptions::for_instance("test-1")).await.unwrap();
    assert_eq!((round.accepted, round.deferred, round.failed), (1, 0, 0));

    let arrived = sink.accepted();
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0].rcpt_to, ["ada@example.org"]);
    let message = MessageParser::default().parse(&arrived[0].data).expect("a MIME message");
    let reference = &issued.view.reference;
    assert_eq!(message.subject(), Some(format!("Stage 1 response: {reference}").as_str()));
    let html = message.body_html(0).unwrap();
    assert!(html.contains("<h1") && html.contains(POINTS[0]), "the HTML letter: {html}");
    let text = message.body_text(0).unwrap();
    assert!(text.contains(REASONS[0]), "the plain text: {text}");
    let files: Vec<_> = message.attachments().collect();
    assert_eq!(files.len(), 1, "the PDF, and only it");
    let media = files[0].content_type().map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()));
    assert_eq!(media.as_deref(), Some("application/pdf"));
    let pdf = files[0].contents();
    let recorded = &issued.pdf;
    assert_eq!(sha256_hex(pdf), recorded.sha256, "the PDF that arrived is the one recorded");
    assert_eq!(files[0].attachment_name(), Some(recorded.file_name.as_str()));

    if let Some(text) = pdf_text(pdf) {
        let elements = [
            ("6.9 a: the stage", "stage 1".to_owned()),
            ("6.9 b: the definition, first point", POINTS[0].to_owned()),
            ("6.9 b: the definition, second point", POINTS[1].to_owned()),
            ("6.9 c: the decision on the complaint", "partly upheld".to_owned()),
            ("6.9 c: the decision on the first point", "Our decision on this part: upheld".to_owned()),
            ("6.9 c: the decision on the second point", "Our decision on this part: not upheld".to_owned()),
            ("6.9 d: the first point's reasons", REASONS[0].to_owned()),
            ("6.9 d: the second point's reasons", REASONS[1].to_owned()),
            ("6.9 e: the remedy and by when", format!("{REMEDY}: £150.00, by Friday 13 February 2026")),
            ("6.9 f: the outstanding action and by when", format!("{ACTION}, by Friday 20 February 2026")),
            ("6.9 g: who to contact for stage 2", ROUTE[0].to_owned()),
            ("6.9 g: how to ask for stage 2", ROUTE[1].to_owned()),
            ("6.9 g: by when to ask for stage 2", ROUTE[2].to_owned()),
            ("3.7: the Ombudsman", "Housing Ombudsman".to_owned()),
        ];
        for (element, words) in elements {
            assert!(text.contains(&words), "{element}: \"{words}\" is not in the PDF's text: {text}");
        }
    }

    // The correspondence entry: its checksums, and the delivery's outcome.
    let correspondence = w.app.correspondence(&w.handler, &id).await.unwrap();
    assert_eq!(correspondence.len(), 1);
    assert_eq!(correspondence[0], issued.correspondence);
    assert!(correspondence[0].attachments.iter().all(|f| f.sha256.len() == 64));
    let deliveries = w.app.deliveries(&w.handler, &id).await.unwrap();
    assert_eq!(deliveries.len(), 1);
    let delivery = &deliveries[0];
    assert_eq!(Some(&delivery.email.id), issued.email.as_ref());
    assert_eq!(delivery.email.correspondence_id, issued.correspondence.item.id);
    assert_eq!(delivery.email.state, EmailState::Sent);
    assert_eq!(delivery.attempts.len(), 1);
    assert_eq!(delivery.attempts[0].attempt.outcome, AttemptOutcome::Accepted);
    assert!(delivery.attempts[0].attempt.detail.starts_with("250"), "the server's reply is kept");
}
