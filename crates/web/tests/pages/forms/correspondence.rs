//! Correspondence through a multipart upload, shown on the case page with its attachments,
//! which download with their SHA-256.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use redress_app::Role;
use redress_storage::{Backend, sha256_hex};
use redress_web::api::correspondence::MAX_CORRESPONDENCE_BYTES;

use super::acknowledged_case;
use crate::site::{OUTSIDER, Reply, Site, email};

const BOUNDARY: &str = "----redress-test-boundary";

/// A part of a multipart form: a text field, or a file `(name, file name, media type, bytes)`.
pub(crate) enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a str, &'a [u8]),
}

pub(crate) async fn upload(site: &Site, cookie: &str, path: &str, parts: &[Part<'_>]) -> Reply {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
                body.extend_from_slice(value.as_bytes());
            }
            Part::File(name, file_name, media_type, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {media_type}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    site.raw(request).await
}

pub async fn correspondence_is_recorded_with_attachments_that_round_trip(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    let path = format!("{case}/correspondence");
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&format!(r#"href="{path}""#)), "{}", page.body);
    assert!(page.body.contains("No correspondence has been recorded."));

    let form = site.get(Some(&cookie), &path).await;
    form.expect(StatusCode::OK).expect_page("Record correspondence");
    assert!(form.body.contains(r#"enctype="multipart/form-data""#), "{}", form.body);
    assert!(
        form.body.contains(r#"class="govuk-file-upload" id="attachments" name="attachments" type="file" multiple"#)
    );

    // Bad input: errors, with the text kept.
    let reply =
        upload(&site, &cookie, &path, &[Part::Text("body", "Dear Ms Resident"), Part::Text("time", "noon")]).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Record correspondence");
    for error in [
        r##"<a href="#direction">Select whether it was received or sent</a>"##,
        r##"<a href="#channel">Select how it was sent or received</a>"##,
        r##"<a href="#subject">Enter the subject</a>"##,
        r##"<a href="#time">Time sent or received must be a time, like 14:30</a>"##,
    ] {
        assert!(reply.body.contains(error), "{error}: {}", reply.body);
    }
    assert!(reply.body.contains(">Dear Ms Resident</textarea>"), "{}", reply.body);

    // A date in the future: refused by the form, nothing stored.
    let future = [
        Part::Text("direction", "outgoing"),
        Part::Text("channel", "letter"),
        Part::Text("subject", "Your complaint"),
        Part::Text("on-day", "1"),
        Part::Text("on-month", "1"),
        Part::Text("on-year", "2030"),
    ];
    let refused = upload(&site, &cookie, &path, &future).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("Date and time sent or received must not be in the future"), "{}", refused.body);
    assert!(site.app.correspondence(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap().is_empty());

    let letter: &[u8] = b"%PDF-1.4 a letter about the boiler";
    let photo: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let parts = [
        Part::Text("direction", "incoming"),
        Part::Text("channel", "email"),
        Part::Text("subject", "Photos of the boiler"),
        Part::Text("body", "Here are the photos you asked for."),
        Part::Text("on-day", "3"),
        Part::Text("on-month", "3"),
        Part::Text("on-year", "2025"),
        Part::Text("time", ""),
        Part::File("attachments", "letter.pdf", "application/pdf", letter),
        Part::File("attachments", "boiler.jpg", "image/jpeg", &photo),
        Part::File("attachments", "", "application/octet-stream", b""),
    ];
    let refused = upload(&site, &cookie, &path, &parts).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("must not be before the complaint was received"),
        "3 March is before the complaint: {}",
        refused.body
    );
    let mut parts = parts;
    parts[4] = Part::Text("on-day", "4");
    upload(&site, &cookie, &path, &parts).await.expect_redirect(&case);

    let records = site.app.correspondence(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].attachments.len(), 2, "the empty file input is not a file");
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains("Photos of the boiler") && page.body.contains("Here are the photos you asked for."));
    assert!(page.body.contains("4 March 2025 at 10:00") && page.body.contains(">Received</td>"), "{}", page.body);
    assert!(page.body.contains("Correspondence recorded: Photos of the boiler"), "timeline: {}", page.body);
    for attachment in &records[0].attachments {
        let bytes = if attachment.file_name == "letter.pdf" { letter } else { photo.as_slice() };
        let href = format!("{path}/{}/attachments/{}", records[0].item.id, attachment.id);
        assert!(page.body.contains(&format!(r#"href="{href}""#)), "{}", page.body);
        let download = site.get(Some(&cookie), &href).await;
        download.expect(StatusCode::OK);
        let sha = sha256_hex(bytes);
        assert_eq!(download.header("etag"), Some(format!("\"{sha}\"").as_str()));
        assert_eq!(attachment.sha256, sha);
        assert!(download.header("content-disposition").unwrap().contains(&attachment.file_name));
        assert_eq!(download.header("content-type"), Some(attachment.media_type.as_str()));
        // The body is read as text by the harness; compare what survives that.
        assert_eq!(download.body, String::from_utf8_lossy(bytes));

        let auditor = site.sign_in(&email(Role::Auditor)).await;
        site.get(Some(&auditor), &href).await.expect(StatusCode::OK);
        let outsider = site.sign_in(OUTSIDER).await;
        site.get(Some(&outsider), &href).await.expect(StatusCode::NOT_FOUND);
    }
    site.get(Some(&cookie), &format!("{path}/{}/attachments/nope", records[0].item.id))
        .await
        .expect(StatusCode::NOT_FOUND);

    let auditor = site.sign_in(&email(Role::Auditor)).await;
    site.get(Some(&auditor), &path).await.expect(StatusCode::FORBIDDEN);
    upload(&site, &auditor, &path, &parts).await.expect(StatusCode::FORBIDDEN);
    let outsider = site.sign_in(OUTSIDER).await;
    upload(&site, &outsider, &path, &parts).await.expect(StatusCode::NOT_FOUND);
    assert_eq!(site.app.correspondence(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap().len(), 1);
}

pub async fn attachments_over_the_limit_are_refused_with_the_form_kept(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let path = format!("/cases/{id}/correspondence");
    let huge = vec![b'x'; MAX_CORRESPONDENCE_BYTES + 1];
    let parts = [
        Part::Text("direction", "incoming"),
        Part::Text("channel", "email"),
        Part::Text("subject", "A very large scan"),
        Part::File("attachments", "scan.tiff", "image/tiff", &huge),
    ];
    let reply = upload(&site, &cookie, &path, &parts).await;
    reply.expect(StatusCode::PAYLOAD_TOO_LARGE).expect_page("Error: Record correspondence");
    assert!(
        reply.body.contains(r##"<a href="#attachments">The files must be 32 MB or smaller in all</a>"##),
        "{}",
        reply.body
    );
    assert!(site.app.correspondence(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap().is_empty());
}
