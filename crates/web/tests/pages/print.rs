//! The print queue's pages (letters waiting to be posted, by day; each letter's PDF and a day's
//! as one; marking those ticked as posted, without JavaScript) and the case file's downloads
//! from the case page.

use axum::http::StatusCode;
use redress_app::{Actor, AttachmentInput, CorrespondenceInput, Role};
use redress_documents::{Block, Document};
use redress_domain::complaint::{Channel, Direction};
use redress_domain::ids::{ComplaintId, PrintItemId};
use redress_storage::Backend;

use crate::site::{OUTSIDER, Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(the_print_queue_lists_letters_by_day_and_marks_those_ticked_as_posted),
        case!(the_case_page_offers_the_case_file_as_a_zip_and_as_a_pdf),
    ]
}

/// The same-site header every form post carries.
const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

/// Records the letter `subject` (a real one-page PDF) on `complaint` and queues it for post.
async fn queued(site: &Site, actor: &Actor, complaint: &ComplaintId, subject: &str) -> PrintItemId {
    let pdf = redress_pdf::render(&Document {
        title: subject.into(),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks: vec![Block::Heading { level: 1, text: subject.into() }],
    })
    .unwrap();
    let input = CorrespondenceInput {
        direction: Direction::Outgoing,
        channel: Channel::Letter,
        subject: subject.into(),
        body: "Dear Rosa".into(),
        occurred_at: None,
        attachments: vec![AttachmentInput {
            file_name: "letter.pdf".into(),
            media_type: "application/pdf".into(),
            content: pdf,
            sha256: None,
        }],
    };
    site.app.record_correspondence(actor, complaint, input).await.unwrap();
    let letter = site
        .app
        .correspondence(actor, complaint)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.item.subject == subject)
        .unwrap();
    let address = "Rosa Resident\n2 Low Road\nAnytown AN2 2BB";
    site.app.queue_for_post(actor, complaint, &letter.item.id, &letter.attachments[0].id, address).await.unwrap()
}

async fn the_print_queue_lists_letters_by_day_and_marks_those_ticked_as_posted(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler).clone();
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let empty = site.get(Some(&cookie), "/print").await;
    empty.expect(StatusCode::OK);
    assert!(empty.body.contains("There are no letters waiting to be posted."), "{}", empty.body);
    assert!(empty.body.contains(r#"href="/print""#), "the navigation links to the queue");

    let complaint: ComplaintId = site.complaint(&handler, "The gate is broken").await.parse().unwrap();
    let first = queued(&site, &handler, &complaint, "Your acknowledgement").await;
    let second = queued(&site, &handler, &complaint, "Your response").await;
    let page = site.get(Some(&cookie), "/print").await;
    page.expect(StatusCode::OK);
    for expected in [
        "Queued on Tuesday 4 March 2025",
        "Rosa Resident<br>2 Low Road<br>Anytown AN2 2BB",
        &format!(r#"href="/cases/{complaint}""#),
        "Your acknowledgement",
        &format!(r#"href="/print/letters/{first}""#),
        &format!(r#"value="{second}""#),
        r#"href="/print/days/2025-03-04""#,
        "(PDF, 2 letters)",
        "Mark as posted",
    ] {
        assert!(page.body.contains(expected), "the queue lacks {expected:?}: {}", page.body);
    }
    let letter = site.get(Some(&cookie), &format!("/print/letters/{first}")).await;
    letter.expect(StatusCode::OK);
    assert_eq!(letter.header("content-type"), Some("application/pdf"));
    assert!(letter.body.starts_with("%PDF"));
    let day = site.get(Some(&cookie), "/print/days/2025-03-04").await;
    day.expect(StatusCode::OK);
    assert_eq!(day.header("content-type"), Some("application/pdf"));
    assert!(day.header("content-disposition").is_some_and(|d| d.contains("letters-to-post-2025-03-04.pdf")));
    site.get(Some(&cookie), "/print/days/2025-03-03").await.expect(StatusCode::NOT_FOUND);
    site.get(Some(&cookie), "/print/days/not-a-day").await.expect(StatusCode::NOT_FOUND);

    // Ticking none is an error on the form; ticking one marks it posted and it leaves the list.
    let none = site.post(Some(&cookie), "/print/posted", "", &SAME_SITE, None).await;
    none.expect(StatusCode::BAD_REQUEST);
    assert!(none.body.contains("govuk-error-summary") && none.body.contains("Select the letters you have posted"));
    assert!(none.body.contains("<title>Error: Letters to post"), "{}", none.body);
    // The day posted is asked (blank is today): a day ahead, or not a date, is an error on it,
    // with the letter still ticked, and marks nothing.
    for (day, message) in [
        ("5&posted_on-month=3&posted_on-year=2025", "The date posted must be today or in the past"),
        ("31&posted_on-month=2&posted_on-year=2025", "The date posted must be a real date"),
        ("4&posted_on-month=&posted_on-year=2025", "The date posted must include a day, month and year"),
    ] {
        let form = format!("letter={first}&posted_on-day={day}");
        let refused = site.post(Some(&cookie), "/print/posted", &form, &SAME_SITE, None).await;
        refused.expect(StatusCode::BAD_REQUEST);
        assert!(refused.body.contains(message), "{message}: {}", refused.body);
        assert!(refused.body.contains(r##"href="#posted_on-day""##), "the summary links to the date");
        assert!(refused.body.contains(&format!(r#"value="{first}" checked"#)), "the tick is kept");
    }
    let form = format!("letter={first}&posted_on-day=4&posted_on-month=3&posted_on-year=2025");
    let posted = site.post(Some(&cookie), "/print/posted", &form, &SAME_SITE, None).await;
    posted.expect_redirect("/print?posted=1");
    let after = site.get(Some(&cookie), "/print?posted=1").await;
    assert!(after.body.contains("1 letter marked as posted"), "{}", after.body);
    assert!(!after.body.contains(&format!(r#"value="{first}""#)), "a posted letter leaves the list");
    assert!(after.body.contains(&format!(r#"value="{second}""#)));
    let stored = site.app.print_queue(&handler, None).await.unwrap();
    let posted = stored.iter().find(|p| p.id == first).and_then(|p| p.posted.clone()).expect("posted");
    assert_eq!(posted.by, handler.user_id, "recorded as posted by who ticked it");
    assert_eq!(posted.on, Some(jiff::civil::date(2025, 3, 4)), "on the day given");

    // Who may not send letters is refused, and not offered the link; another landlord's staff
    // find nothing.
    let auditor = site.sign_in(&email(Role::Auditor)).await;
    site.get(Some(&auditor), "/print").await.expect(StatusCode::FORBIDDEN);
    let home = site.get(Some(&auditor), "/").await;
    assert!(!home.body.contains(r#"href="/print""#), "the auditor is not offered the queue");
    site.post(Some(&auditor), "/print/posted", &format!("letter={second}"), &SAME_SITE, None)
        .await
        .expect(StatusCode::FORBIDDEN);
    let outsider = site.sign_in(OUTSIDER).await;
    site.get(Some(&outsider), &format!("/print/letters/{second}")).await.expect(StatusCode::NOT_FOUND);
    site.post(Some(&outsider), "/print/posted", &format!("letter={second}"), &SAME_SITE, None)
        .await
        .expect(StatusCode::NOT_FOUND);
    let theirs = site.get(Some(&outsider), "/print").await;
    assert!(theirs.body.contains("There are no letters waiting to be posted."));
}

async fn the_case_page_offers_the_case_file_as_a_zip_and_as_a_pdf(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler).clone();
    let complaint = site.complaint(&handler, "The gate is broken").await;
    // Whoever may read the case may download its file: an auditor too.
    let cookie = site.sign_in(&email(Role::Auditor)).await;
    let page = site.get(Some(&cookie), &format!("/cases/{complaint}")).await;
    assert!(page.body.contains(&format!(r#"href="/cases/{complaint}/file""#)), "{}", page.body);
    assert!(page.body.contains("Download the case file"));
    let zip = site.get(Some(&cookie), &format!("/cases/{complaint}/file")).await;
    zip.expect(StatusCode::OK);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    assert!(zip.header("content-disposition").is_some_and(|d| d.contains("case-file-CMP-")), "{:?}", zip.headers);
    assert!(zip.body.starts_with("PK"), "a zip");
    let pdf = site.get(Some(&cookie), &format!("/cases/{complaint}/file.pdf")).await;
    pdf.expect(StatusCode::OK);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with("%PDF"));
    let outsider = site.sign_in(OUTSIDER).await;
    site.get(Some(&outsider), &format!("/cases/{complaint}/file")).await.expect(StatusCode::NOT_FOUND);
}
