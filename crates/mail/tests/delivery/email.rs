//! Email: what arrives at the server, what is recorded of each attempt, retries after a
//! temporary failure, a permanent failure shown, and two workers sending each email once.

use std::collections::BTreeSet;
use std::sync::Arc;

use jiff::SignedDuration;
use mail_parser::{MessageParser, MimeHeaders};
use redress_app::{AppError, DeliveryOptions, EmailInput};
use redress_domain::delivery::{AttemptOutcome, EmailState};
use redress_mail::SmtpSender;
use redress_mail::testing::Answer;
use redress_storage::Backend;

use crate::world::{LETTER_HTML, LETTER_TEXT, app_on, letter, pdf_bytes, settings_for, to_ada, world};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(an_email_sent_with_its_letter_arrives_whole_and_its_acceptance_is_recorded),
        case!(a_temporary_failure_is_tried_again_once_due_and_then_delivered),
        case!(a_permanent_refusal_is_recorded_shown_and_never_tried_again),
        case!(a_server_that_cannot_be_reached_leaves_the_email_waiting),
        case!(an_email_still_not_accepted_when_the_schedule_runs_out_fails),
        case!(two_workers_never_send_one_email_twice),
        case!(who_may_send_and_who_may_see_deliveries),
    ]
}

async fn an_email_sent_with_its_letter_arrives_whole_and_its_acceptance_is_recorded(backend: Backend) {
    let w = world(backend).await;
    w.send("Your complaint: our stage 1 response").await;
    assert_eq!(w.sink.arrived().len(), 0, "queued, not sent, until the worker's round");
    let round = w.deliver().await;
    assert_eq!((round.accepted, round.deferred, round.failed), (1, 0, 0));

    let arrived = w.sink.accepted();
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0].mail_from, "complaints@alpha.example");
    assert_eq!(arrived[0].rcpt_to, ["ada@example.org", "rep@example.org"]);
    let message = MessageParser::default().parse(&arrived[0].data).expect("a MIME message");
    assert_eq!(message.subject(), Some("Your complaint: our stage 1 response"));
    let to: Vec<&str> = message.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, ["ada@example.org", "rep@example.org"]);
    assert_eq!(message.from().and_then(|a| a.first()).and_then(|a| a.address()), Some("complaints@alpha.example"));
    assert_eq!(message.reply_to().and_then(|a| a.first()).and_then(|a| a.address()), Some("replies@alpha.example"));
    assert_eq!(message.body_text(0).map(|t| t.replace("\r\n", "\n")), Some(LETTER_TEXT.to_owned()));
    assert_eq!(message.body_html(0).as_deref(), Some(LETTER_HTML));
    let files: Vec<_> = message.attachments().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].attachment_name(), Some("stage-1-response.pdf"));
    let media = files[0].content_type().map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()));
    assert_eq!(media.as_deref(), Some("application/pdf"));
    assert_eq!(files[0].contents(), pdf_bytes().as_slice(), "the PDF's bytes, every one");

    let deliveries = w.app.deliveries(&w.handler, &w.complaint).await.unwrap();
    assert_eq!(deliveries.len(), 1);
    let record = &deliveries[0];
    assert_eq!(record.email.state, EmailState::Sent);
    assert_eq!(record.email.finished_at, Some(w.app.now()));
    assert_eq!(record.attempts.len(), 1);
    let attempt = &record.attempts[0].attempt;
    assert_eq!(attempt.outcome, AttemptOutcome::Accepted);
    assert_eq!(attempt.detail, "250 2.0.0 Ok: queued as sink-1", "the server's reply is kept");
    assert_eq!(attempt.instance, "test-1");
    // The Message-ID is the outbox's, so a resend after a lost answer carries the same one.
    assert_eq!(message.message_id(), Some(format!("{}@alpha.example", record.email.id).as_str()));
    // The email is the correspondence recorded with it, with the same file.
    let correspondence = w.app.correspondence(&w.handler, &w.complaint).await.unwrap();
    assert_eq!(correspondence.len(), 1);
    assert_eq!(record.email.correspondence_id, correspondence[0].item.id);
    assert_eq!(record.files[0].attachment_id.as_ref(), Some(&correspondence[0].attachments[0].id));
    assert_eq!(w.deliver().await.tried(), 0, "a sent email is not sent again");
}

async fn a_temporary_failure_is_tried_again_once_due_and_then_delivered(backend: Backend) {
    let w = world(backend).await;
    w.sink.answer_next([Answer::TryLater]);
    w.send("Your complaint: our stage 1 response").await;
    let first = w.deliver().await;
    assert_eq!((first.accepted, first.deferred), (0, 1));
    let waiting = w.app.deliveries(&w.handler, &w.complaint).await.unwrap().remove(0);
    assert_eq!(waiting.email.state, EmailState::Waiting);
    assert_eq!(waiting.attempts[0].attempt.outcome, AttemptOutcome::Deferred);
    assert!(waiting.attempts[0].attempt.detail.contains("451"), "{}", waiting.attempts[0].attempt.detail);
    assert_eq!(waiting.email.due_at, w.app.now().checked_add(SignedDuration::from_mins(1)).unwrap());

    assert_eq!(w.deliver().await.tried(), 0, "not tried again at once");
    w.at_start_plus(SignedDuration::from_secs(59));
    assert_eq!(w.deliver().await.tried(), 0, "nor before its minute is up");
    w.at_start_plus(SignedDuration::from_mins(1));
    let second = w.deliver().await;
    assert_eq!((second.accepted, second.deferred), (1, 0));

    let sent = w.app.deliveries(&w.handler, &w.complaint).await.unwrap().remove(0);
    assert_eq!(sent.email.state, EmailState::Sent);
    let outcomes: Vec<_> = sent.attempts.iter().map(|a| (a.number, a.attempt.outcome)).collect();
    assert_eq!(outcomes, [(1, AttemptOutcome::Deferred), (2, AttemptOutcome::Accepted)]);
    assert_eq!((w.sink.arrived().len(), w.sink.accepted().len()), (2, 1));
}

async fn a_permanent_refusal_is_recorded_shown_and_never_tried_again(backend: Backend) {
    let w = world(backend).await;
    w.sink.answer_next([Answer::Refuse]);
    w.send("Your complaint: our stage 1 response").await;
    let round = w.deliver().await;
    assert_eq!((round.accepted, round.deferred, round.failed), (0, 0, 1));
    let failed = w.app.deliveries(&w.handler, &w.complaint).await.unwrap().remove(0);
    assert_eq!(failed.email.state, EmailState::Failed);
    assert_eq!(failed.email.state.label(), "Not sent");
    assert_eq!(failed.attempts[0].attempt.outcome, AttemptOutcome::Rejected);
    assert!(failed.attempts[0].attempt.detail.contains("554"), "{}", failed.attempts[0].attempt.detail);
    let listed = w.app.failed_emails(&w.auditor).await.unwrap();
    assert_eq!(listed.iter().map(|e| &e.id).collect::<Vec<_>>(), [&failed.email.id], "shown to whoever reads cases");
    assert!(w.app.failed_emails(&w.stranger).await.unwrap().is_empty());
    w.at_start_plus(SignedDuration::from_hours(24));
    assert_eq!(w.deliver().await.tried(), 0, "a refusal is final");
    assert_eq!(w.sink.arrived().len(), 1);
    // Sending it again is a new email, which the server now accepts; the failure stays.
    let correspondence = failed.email.correspondence_id.clone();
    w.app.queue_email(&w.handler, &w.complaint, &correspondence, to_ada()).await.unwrap();
    assert_eq!(w.deliver().await.accepted, 1);
    let states: Vec<_> =
        w.app.deliveries(&w.handler, &w.complaint).await.unwrap().iter().map(|r| r.email.state).collect();
    assert_eq!(states, [EmailState::Failed, EmailState::Sent]);
    let resent = MessageParser::default().parse(&w.sink.accepted()[0].data).unwrap().attachments().count();
    assert_eq!(resent, 1, "the resent email carries the letter's PDF too");
}

async fn a_server_that_cannot_be_reached_leaves_the_email_waiting(backend: Backend) {
    let w = world(backend).await;
    // A port nothing listens on: bound, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let nowhere = SmtpSender::new(&settings_for(port)).unwrap();
    w.send("Your complaint: our stage 1 response").await;
    let round = w.app.deliver_due(&nowhere, &DeliveryOptions::for_instance("test-1")).await.unwrap();
    assert_eq!((round.deferred, round.failed), (1, 0));
    let waiting = w.app.deliveries(&w.handler, &w.complaint).await.unwrap().remove(0);
    assert_eq!(waiting.email.state, EmailState::Waiting);
    assert!(!waiting.attempts[0].attempt.detail.is_empty(), "the error is kept");
    w.at_start_plus(SignedDuration::from_mins(1));
    assert_eq!(w.deliver().await.accepted, 1, "sent once the server is back");
}

async fn an_email_still_not_accepted_when_the_schedule_runs_out_fails(backend: Backend) {
    let w = world(backend).await;
    w.sink.answer_next([Answer::TryLater, Answer::TryLater, Answer::TryLater]);
    w.send("Your complaint: our stage 1 response").await;
    let mut options = DeliveryOptions::for_instance("test-1");
    options.retry.give_up_after = SignedDuration::from_mins(10);
    // Tried at once, after 1 minute, and after 5 more; the next wait (30 minutes) would pass
    // the limit, so the third failure is the last.
    for (minutes, state) in [(0, EmailState::Waiting), (1, EmailState::Waiting), (6, EmailState::Failed)] {
        w.at_start_plus(SignedDuration::from_mins(minutes));
        assert_eq!(w.app.deliver_due(&w.sender, &options).await.unwrap().tried(), 1, "at {minutes} minutes");
        let record = w.app.deliveries(&w.handler, &w.complaint).await.unwrap().remove(0);
        assert_eq!(record.email.state, state, "after the attempt at {minutes} minutes");
    }
    let record = w.app.deliveries(&w.handler, &w.complaint).await.unwrap().remove(0);
    assert!(record.attempts.iter().all(|a| a.attempt.outcome == AttemptOutcome::Deferred));
    assert_eq!(record.attempts.len(), 3);
}

async fn two_workers_never_send_one_email_twice(backend: Backend) {
    let w = world(backend).await;
    for n in 0..12 {
        w.send(&format!("Letter {n}")).await;
    }
    // A second instance: its own pool on the same database, the same clock.
    let other_db = w.db.connect_again().await.unwrap();
    let other = app_on(&other_db, &w.clock);
    let other_sender = Arc::new(SmtpSender::new(&settings_for(w.sink.port())).unwrap());
    let mut first = DeliveryOptions::for_instance("instance-a");
    first.batch = 3;
    let second = DeliveryOptions { instance: "instance-b".into(), ..first.clone() };
    loop {
        let (a, b) =
            tokio::join!(w.app.deliver_due(&w.sender, &first), other.deliver_due(other_sender.as_ref(), &second));
        let (a, b) = (a.unwrap(), b.unwrap());
        if a.tried() + b.tried() == 0 {
            break;
        }
    }
    other_db.close().await;
    let arrived = w.sink.arrived();
    let subjects: BTreeSet<String> = arrived
        .iter()
        .map(|m| MessageParser::default().parse(&m.data).unwrap().subject().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(arrived.len(), 12, "each email sent once");
    assert_eq!(subjects.len(), 12);
    let records = w.app.deliveries(&w.handler, &w.complaint).await.unwrap();
    assert!(records.iter().all(|r| r.email.state == EmailState::Sent && r.attempts.len() == 1));
}

async fn who_may_send_and_who_may_see_deliveries(backend: Backend) {
    let w = world(backend).await;
    let refused = w.app.send_correspondence(&w.auditor, &w.complaint, letter("A letter"), to_ada(), None).await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
    let refused = w.app.send_correspondence(&w.stranger, &w.complaint, letter("A letter"), to_ada(), None).await;
    assert!(matches!(refused, Err(AppError::NotFound(_))), "{refused:?}");
    let nobody = EmailInput { recipients: vec!["not an address".into()], ..to_ada() };
    let refused = w.app.send_correspondence(&w.handler, &w.complaint, letter("A letter"), nobody, None).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    assert!(w.app.deliveries(&w.handler, &w.complaint).await.unwrap().is_empty(), "a refused letter queues nothing");
    assert!(w.app.correspondence(&w.handler, &w.complaint).await.unwrap().is_empty(), "nor records it");
    w.send("A letter").await;
    assert_eq!(w.app.deliveries(&w.auditor, &w.complaint).await.unwrap().len(), 1, "readers see deliveries");
    assert!(matches!(w.app.deliveries(&w.stranger, &w.complaint).await, Err(AppError::NotFound(_))));
}
