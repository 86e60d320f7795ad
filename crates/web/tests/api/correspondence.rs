//! Correspondence and attachments (Code 5.12): stored with their SHA-256, recorded in the
//! complaint's chain, and served back byte for byte with the checksum in the headers; a
//! refused request stores nothing; and the case file, one zip of it all.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::civil::date;
use redress_storage::{Backend, sha256_hex};
use serde_json::json;

use crate::case;
use crate::support::{Api, at};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(code_5_12_correspondence_and_attachments_are_kept_with_their_sha256),
        case!(a_refused_correspondence_request_stores_nothing),
        case!(code_5_12_the_case_file_is_one_zip_of_the_pdf_the_record_and_the_files),
    ]
}

async fn code_5_12_correspondence_and_attachments_are_kept_with_their_sha256(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.acknowledged().await;
    let photo: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let note = b"Called the resident: the leak is worse.".to_vec();
    api.set_now(at(date(2024, 6, 4), 16));
    let email = json!({
        "direction": "incoming", "channel": "email", "subject": "Photos of the ceiling",
        "body": "Please see the attached photos.", "at": at(date(2024, 6, 4), 9).to_string(),
        "attachments": [
            { "file_name": "ceiling.jpg", "media_type": "image/jpeg", "content_base64": STANDARD.encode(&photo),
              "sha256": sha256_hex(&photo) },
            { "file_name": "call \"note\".txt", "media_type": "text/plain", "content_base64": STANDARD.encode(&note) },
        ],
    });
    let c = api.act(&api.handler, &id, "correspondence", email).await;
    let c = c.expect(StatusCode::OK).json.clone();
    let item = &c["correspondence"][0];
    assert_eq!((item["direction"].clone(), item["channel"].clone()), (json!("in"), json!("email")));
    assert_eq!(item["occurred_at"], at(date(2024, 6, 4), 9).to_string());
    assert_eq!(item["sha256"].as_str().unwrap().len(), 64);
    let event = c["events"].as_array().unwrap().last().unwrap();
    assert_eq!(event["event"]["type"], "correspondence_recorded");
    assert_eq!(event["event"]["correspondence"], item["id"]);
    assert_eq!(c["complaint"]["correspondence"], json!([item["id"]]));

    let attachments = item["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    for (bytes, media_type) in [(&photo, "image/jpeg"), (&note, "text/plain")] {
        let listed = attachments.iter().find(|a| a["media_type"] == media_type).unwrap();
        assert_eq!(listed["sha256"], sha256_hex(bytes));
        assert_eq!(listed["size_bytes"], bytes.len());
        let reply = api.get(&api.handler, listed["href"].as_str().unwrap()).await;
        reply.expect(StatusCode::OK);
        assert_eq!(&reply.bytes, bytes);
        assert_eq!(reply.header("content-type"), Some(media_type));
        assert_eq!(reply.header("etag"), Some(format!("\"{}\"", sha256_hex(bytes)).as_str()));
        let digest = reply.header("digest").unwrap().strip_prefix("sha-256=").unwrap();
        let digest: String = STANDARD.decode(digest).unwrap().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(digest, sha256_hex(bytes));
        assert!(reply.header("repr-digest").unwrap().starts_with("sha-256=:"));
        assert!(reply.header("content-disposition").unwrap().starts_with("attachment; filename=\""));
    }
    // The auditor reads it too; a path naming the wrong correspondence finds nothing.
    let href = attachments[0]["href"].as_str().unwrap();
    api.get(&api.auditor, href).await.expect(StatusCode::OK);
    let wrong = href.replace(item["id"].as_str().unwrap(), "someone-elses");
    api.get(&api.handler, &wrong).await.expect_problem(StatusCode::NOT_FOUND);
    assert!(api.db.verify_audit().await.unwrap().is_clean());
}

async fn a_refused_correspondence_request_stores_nothing(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.acknowledged().await;
    let before = api.read(&id).await;
    let attachment = |sha: &str| {
        json!([{ "file_name": "a.txt", "media_type": "text/plain", "content_base64": STANDARD.encode(b"abc"),
                 "sha256": sha }])
    };
    let wrong_checksum = json!({
        "direction": "incoming", "channel": "email", "subject": "Hello", "attachments": attachment(&"0".repeat(64)),
    });
    let reply = api.act(&api.handler, &id, "correspondence", wrong_checksum).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let before_received = json!({
        "direction": "outgoing", "channel": "letter", "subject": "Hello", "at": at(date(2024, 6, 2), 10).to_string(),
        "attachments": attachment(&sha256_hex(b"abc")),
    });
    let reply = api.act(&api.handler, &id, "correspondence", before_received).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.read(&id).await, before);
    assert!(api.db.list_correspondence(&api.landlord, &id.parse().unwrap()).await.unwrap().is_empty());
}

async fn code_5_12_the_case_file_is_one_zip_of_the_pdf_the_record_and_the_files(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.acknowledged().await;
    let photo: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    api.set_now(at(date(2024, 6, 4), 16));
    let email = json!({
        "direction": "incoming", "channel": "email", "subject": "Photos of the ceiling",
        "body": "Please see the attached photo.", "at": at(date(2024, 6, 4), 9).to_string(),
        "attachments": [
            { "file_name": "ceiling.jpg", "media_type": "image/jpeg", "content_base64": STANDARD.encode(&photo) },
        ],
    });
    api.act(&api.handler, &id, "correspondence", email).await.expect(StatusCode::OK);
    let reply = api.get(&api.auditor, &format!("/api/v1/complaints/{id}/file")).await;
    reply.expect(StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/zip"));
    assert!(reply.header("content-disposition").is_some_and(|d| d.starts_with("attachment; filename=\"case-file-")));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&reply.bytes)).unwrap();
    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut bytes).unwrap();
        bytes
    };
    assert!(read("case-file.pdf").starts_with(b"%PDF"));
    assert_eq!(read("attachments/ceiling.jpg"), photo);
    let record: serde_json::Value = serde_json::from_slice(&read("record.json")).unwrap();
    let complaint = api.get(&api.handler, &format!("/api/v1/complaints/{id}")).await.json.clone();
    assert_eq!(record["events"].as_array().unwrap().len(), complaint["events"].as_array().unwrap().len());
    assert_eq!(record["correspondence"][0]["attachments"][0]["sha256"], sha256_hex(&photo));
    assert_eq!(record["integrity"]["verified"], true);
}
