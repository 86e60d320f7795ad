//! Post: a letter's PDF queued for printing, the day's list, and marking letters posted, by
//! whoever may send letters.

use jiff::SignedDuration;
use redress_app::AppError;
use redress_domain::complaint::Channel;
use redress_storage::Backend;

use crate::world::{World, letter, pdf_bytes, world};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(a_letter_for_post_is_on_its_days_list_until_posted_by_who_may_send),
        case!(only_an_outgoing_letters_own_file_can_be_queued_for_post),
    ]
}

/// Records a letter for post with its PDF; its correspondence and attachment ids.
async fn letter_for_post(w: &World) -> (redress_domain::ids::CorrespondenceId, redress_domain::ids::AttachmentId) {
    let mut input = letter("Your complaint: our stage 1 response");
    input.channel = Channel::Letter;
    w.app.record_correspondence(&w.handler, &w.complaint, input).await.unwrap();
    let recorded = w.app.correspondence(&w.handler, &w.complaint).await.unwrap().remove(0);
    (recorded.item.id, recorded.attachments[0].id.clone())
}

async fn a_letter_for_post_is_on_its_days_list_until_posted_by_who_may_send(backend: Backend) {
    let w = world(backend).await;
    let (correspondence, pdf) = letter_for_post(&w).await;
    let address = "Ada Resident\n1 High Street\nAnytown\nAN1 1AA";
    let queued = w.app.queue_for_post(&w.handler, &w.complaint, &correspondence, &pdf, address).await.unwrap();
    let today = w.app.print_queue(&w.handler, None).await.unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!((&today[0].id, today[0].item.recipient.as_str()), (&queued, address));
    assert!(today[0].posted.is_none());
    let (item, file) = w.app.letter_to_print(&w.handler, &queued).await.unwrap();
    assert_eq!((item.id, file.content), (queued.clone(), pdf_bytes()));
    // Who may not send letters may not see the queue or post them.
    assert!(matches!(w.app.print_queue(&w.auditor, None).await, Err(AppError::Forbidden(_))));
    assert!(matches!(
        w.app.mark_posted(&w.auditor, std::slice::from_ref(&queued), None).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(w.app.print_queue(&w.stranger, None).await.unwrap().is_empty());
    assert!(matches!(
        w.app.mark_posted(&w.stranger, std::slice::from_ref(&queued), None).await,
        Err(AppError::NotFound(_))
    ));
    // The next day's list is empty; the letter stays on its own day's.
    w.at_start_plus(SignedDuration::from_hours(24));
    assert!(w.app.print_queue(&w.handler, None).await.unwrap().is_empty());
    let on_its_day = w.app.today().unwrap().yesterday().unwrap();
    let one = std::slice::from_ref(&queued);
    // Posted yesterday, ticked off today: the day is stated, never ahead of today nor before
    // the letter was queued, and a refused day marks nothing.
    let tomorrow = w.app.today().unwrap().tomorrow().unwrap();
    let ahead = w.app.mark_posted(&w.handler, one, Some(tomorrow)).await;
    assert!(matches!(&ahead, Err(AppError::Invalid(m)) if m.contains("today or in the past")), "{ahead:?}");
    let before = w.app.mark_posted(&w.handler, one, Some(on_its_day.yesterday().unwrap())).await;
    assert!(matches!(&before, Err(AppError::Invalid(m)) if m.contains("queued to print")), "{before:?}");
    assert_eq!(w.app.mark_posted(&w.handler, one, Some(on_its_day)).await.unwrap(), 1);
    assert_eq!(w.app.mark_posted(&w.handler, one, None).await.unwrap(), 0, "posted once");
    let listed = w.app.print_queue(&w.handler, Some(on_its_day)).await.unwrap();
    let posted = listed[0].posted.clone().expect("posted");
    assert_eq!((posted.by, posted.at, posted.on), (w.handler.user_id.clone(), w.app.now(), Some(on_its_day)));
}

async fn only_an_outgoing_letters_own_file_can_be_queued_for_post(backend: Backend) {
    let w = world(backend).await;
    let (correspondence, pdf) = letter_for_post(&w).await;
    let (_, other_pdf) = {
        w.app.record_correspondence(&w.handler, &w.complaint, letter("Another letter")).await.unwrap();
        let all = w.app.correspondence(&w.handler, &w.complaint).await.unwrap();
        let other = all.into_iter().find(|c| c.item.id != correspondence).unwrap();
        (other.item.id, other.attachments[0].id.clone())
    };
    let refused = w.app.queue_for_post(&w.handler, &w.complaint, &correspondence, &other_pdf, "Ada").await;
    assert!(matches!(refused, Err(AppError::NotFound("attachment"))), "{refused:?}");
    let refused = w.app.queue_for_post(&w.handler, &w.complaint, &correspondence, &pdf, "  ").await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    let refused = w.app.queue_for_post(&w.stranger, &w.complaint, &correspondence, &pdf, "Ada").await;
    assert!(matches!(refused, Err(AppError::NotFound(_))), "{refused:?}");
    assert!(w.app.print_queue(&w.handler, None).await.unwrap().is_empty());
}
