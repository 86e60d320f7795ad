//! The print queue's letters to post, whatever day they were queued, and a day's letters as
//! one PDF made of the PDFs as issued.

use jiff::{SignedDuration, Timestamp};
use redress_app::{AppError, AttachmentInput, CorrespondenceInput};
use redress_documents::{Block, Document};
use redress_domain::complaint::{Channel, Direction};
use redress_domain::ids::PrintItemId;
use redress_storage::Backend;

use crate::world::{NOW, World, world};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(the_letters_to_post_are_listed_by_day_and_a_days_letters_print_as_one_pdf)]
}

/// A one-page letter's PDF saying `words`.
fn pdf(words: &str) -> Vec<u8> {
    redress_pdf::render(&Document {
        title: words.into(),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks: vec![Block::Heading { level: 1, text: words.into() }],
    })
    .unwrap()
}

/// Records the letter `subject` with its PDF and queues it for post to Ada, as the handler.
async fn post(w: &World, subject: &str) -> PrintItemId {
    let input = CorrespondenceInput {
        direction: Direction::Outgoing,
        channel: Channel::Letter,
        subject: subject.into(),
        body: "Dear Ada".into(),
        occurred_at: None,
        attachments: vec![AttachmentInput {
            file_name: "letter.pdf".into(),
            media_type: "application/pdf".into(),
            content: pdf(subject),
            sha256: None,
        }],
    };
    w.app.record_correspondence(&w.handler, &w.complaint, input).await.unwrap();
    let recorded = w.app.correspondence(&w.handler, &w.complaint).await.unwrap();
    let letter = recorded.into_iter().find(|c| c.item.subject == subject).unwrap();
    let address = "Ada Resident\n1 High Street\nAnytown\nAN1 1AA";
    w.app.queue_for_post(&w.handler, &w.complaint, &letter.item.id, &letter.attachments[0].id, address).await.unwrap()
}

fn pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).unwrap().get_pages().len()
}

async fn the_letters_to_post_are_listed_by_day_and_a_days_letters_print_as_one_pdf(backend: Backend) {
    let w = world(backend).await;
    assert!(w.app.letters_to_post(&w.handler).await.unwrap().is_empty());
    let first = post(&w, "Your acknowledgement").await;
    let second = post(&w, "Your extension").await;
    let day_one = w.app.today().unwrap();
    w.clock.set(NOW.parse::<Timestamp>().unwrap().checked_add(SignedDuration::from_hours(24)).unwrap());
    let third = post(&w, "Your response").await;
    let listed = w.app.letters_to_post(&w.handler).await.unwrap();
    assert_eq!(listed.iter().map(|l| &l.id).collect::<Vec<_>>(), [&first, &second, &third]);
    assert_eq!(listed[2].subject, "Your response");
    assert_eq!((listed[0].item.queued_on, listed[2].item.queued_on), (day_one, w.app.today().unwrap()));

    let (count, joined) = w.app.day_to_print(&w.handler, day_one).await.unwrap();
    assert_eq!((count, pages(&joined)), (2, 2), "the first day's two letters");
    let text = lopdf::Document::load_mem(&joined).unwrap().extract_text(&[1, 2]).unwrap();
    assert!(text.contains("Your acknowledgement") && text.contains("Your extension"), "{text}");

    // Posted letters leave the list and the day's PDF; a day with none to post has no PDF.
    assert_eq!(w.app.mark_posted(&w.handler, std::slice::from_ref(&first), None).await.unwrap(), 1);
    let listed = w.app.letters_to_post(&w.handler).await.unwrap();
    assert_eq!(listed.iter().map(|l| &l.id).collect::<Vec<_>>(), [&second, &third]);
    let (count, joined) = w.app.day_to_print(&w.handler, day_one).await.unwrap();
    assert_eq!((count, pages(&joined)), (1, 1));
    let none = w.app.day_to_print(&w.handler, day_one.yesterday().unwrap()).await;
    assert!(matches!(none, Err(AppError::NotFound(_))), "{none:?}");

    // Who may not send letters may not see them; another landlord's staff find none.
    assert!(matches!(w.app.letters_to_post(&w.auditor).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.day_to_print(&w.auditor, day_one).await, Err(AppError::Forbidden(_))));
    assert!(w.app.letters_to_post(&w.stranger).await.unwrap().is_empty());
    assert!(matches!(w.app.day_to_print(&w.stranger, day_one).await, Err(AppError::NotFound(_))));
}
