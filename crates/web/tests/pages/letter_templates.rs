//! The letter template editor and the letterhead (issue 11): administrators only; a wording is
//! previewed without saving, saved as a new version (earlier ones kept), and put back to
//! Redress's; the sandbox's refusal is the error summary; a wording that drops a required
//! element of any letter is saved, previewed with it missing, and refused by the letters crate
//! naming its provision; a logo is a PNG or JPEG with alternative text.

use axum::http::StatusCode;
use redress_app::{AppError, MAX_LOGO_BYTES, Role};
use redress_letters::{LetterContext, LetterError, LetterKind, render};
use redress_storage::Backend;

use crate::forms::correspondence::{Part, upload};
use crate::site::{Reply, Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(letter_settings_are_for_administrators_only_and_list_every_letter),
        case!(a_wording_is_previewed_without_saving_then_saved_as_a_version_and_put_back),
        case!(a_wording_the_sandbox_refuses_is_shown_in_the_error_summary_and_not_saved),
        case!(code_5_6_6_9_6_19_2_4_5_11_every_letter_saved_without_a_required_element_is_refused_naming_it),
        case!(a_logo_is_a_png_or_jpeg_with_alternative_text_shown_on_the_letterhead_and_removable),
    ]
}

const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

/// A PNG's first bytes: all the application checks.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

async fn submit(site: &Site, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    let form = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
    site.post(Some(cookie), path, &form, &SAME_SITE, None).await
}

fn editor(kind: LetterKind) -> String {
    format!("/settings/letters/{}", kind.as_str())
}

#[track_caller]
fn expect_error(reply: &Reply, field: &str, message: &str) {
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("<title>Error: "), "{}", reply.body);
    let link = format!(r##"<a href="#{field}">{message}"##);
    assert!(reply.body.contains(&link), "{link} in {}", reply.body);
}

async fn letter_settings_are_for_administrators_only_and_list_every_letter(backend: Backend) {
    let site = Site::new(backend).await;
    let admin = site.sign_in(&email(Role::Admin)).await;
    let settings = site.get(Some(&admin), "/settings").await;
    for link in [r#"href="/settings/letters""#, r#"href="/settings/letterhead""#] {
        assert!(settings.body.contains(link), "{link} on the settings page");
    }
    let list = site.get(Some(&admin), "/settings/letters").await;
    list.expect(StatusCode::OK).expect_page("Letters");
    for kind in LetterKind::ALL {
        assert!(list.body.contains(&format!(r#"href="{}">{}</a>"#, editor(kind), kind.label())), "{kind:?}");
    }
    assert_eq!(list.body.matches("Redress&#39;s wording").count(), 9, "{}", list.body);
    site.get(Some(&admin), &editor(LetterKind::Stage1Response))
        .await
        .expect(StatusCode::OK)
        .expect_page("Stage 1 response");
    site.get(Some(&admin), "/settings/letterhead").await.expect(StatusCode::OK).expect_page("Letterhead");
    site.get(Some(&admin), "/settings/letters/stage3_response").await.expect(StatusCode::NOT_FOUND);

    let handler = site.sign_in(&email(Role::Handler)).await;
    for path in ["/settings/letters", &editor(LetterKind::NotAccepted), "/settings/letterhead"] {
        site.get(Some(&handler), path).await.expect(StatusCode::FORBIDDEN);
    }
    let save = [("source", "Anything"), ("action", "save")];
    submit(&site, &handler, &editor(LetterKind::NotAccepted), &save).await.expect(StatusCode::FORBIDDEN);
    submit(&site, &handler, &format!("{}/reset", editor(LetterKind::NotAccepted)), &[])
        .await
        .expect(StatusCode::FORBIDDEN);
    submit(&site, &handler, "/settings/letterhead/remove", &[]).await.expect(StatusCode::FORBIDDEN);
    let logo = [Part::File("logo", "logo.png", "image/png", PNG), Part::Text("alt_text", "Riverside")];
    upload(&site, &handler, "/settings/letterhead", &logo).await.expect(StatusCode::FORBIDDEN);
    let member = site.member(Role::Handler);
    let refused = site.app.save_letter_template(member, LetterKind::NotAccepted, "x").await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
    let org = &site.member(Role::Admin).organisation_id;
    assert_eq!(site.app.letter_template(org, LetterKind::NotAccepted).await.unwrap(), None, "nothing saved");
    assert!(site.app.letterhead(org).await.unwrap().logo.is_none());
}

async fn a_wording_is_previewed_without_saving_then_saved_as_a_version_and_put_back(backend: Backend) {
    let site = Site::new(backend).await;
    let admin = site.sign_in(&email(Role::Admin)).await;
    let kind = LetterKind::NotAccepted;
    let ours = kind.default_template().replace("We have looked at what you told us.", "We read your letter with care.");
    let page = site.get(Some(&admin), &editor(kind)).await;
    assert!(page.body.contains("We have looked at what you told us."), "the default wording is shown");
    assert!(page.body.contains("This letter gives everything the Code requires."), "{}", page.body);

    let preview = submit(&site, &admin, &editor(kind), &[("source", &ours), ("action", "preview")]).await;
    preview.expect(StatusCode::OK).expect_page(kind.label());
    assert!(preview.body.contains("<p class=\"govuk-body\">Thank you for contacting us on"), "{}", preview.body);
    assert!(preview.body.contains("We read your letter with care."), "the letter as typed");
    assert!(preview.body.contains("Flesch reading ease") && preview.body.contains("Longest sentence"));
    assert!(preview.body.contains("Riverside Homes"), "the letterhead");
    let org = &site.member(Role::Admin).organisation_id;
    assert_eq!(site.app.letter_template(org, kind).await.unwrap(), None, "a preview saves nothing");

    // A browser sends the textarea's lines with CRLF: kept as typed, with plain line feeds.
    let typed = ours.replace('\n', "\r\n");
    submit(&site, &admin, &editor(kind), &[("source", &typed), ("action", "save")])
        .await
        .expect_redirect(&editor(kind));
    assert_eq!(site.app.letter_template(org, kind).await.unwrap().as_deref(), Some(ours.as_str()));
    let list = site.get(Some(&admin), "/settings/letters").await;
    assert!(list.body.contains("Your wording (saved 4 March 2025 at 10:00 by Riverside admin)"), "{}", list.body);
    assert_eq!(list.body.matches("Redress&#39;s wording").count(), 8);
    let page = site.get(Some(&admin), &editor(kind)).await;
    assert!(page.body.contains("We read your letter with care."), "the saved wording is shown");
    assert!(page.body.contains("Use Redress's wording"));

    submit(&site, &admin, &format!("{}/reset", editor(kind)), &[]).await.expect_redirect(&editor(kind));
    assert_eq!(site.app.letter_template(org, kind).await.unwrap(), None, "Redress's wording again");
    let page = site.get(Some(&admin), &editor(kind)).await;
    assert!(page.body.contains("We have looked at what you told us."));
    assert!(!page.body.contains("Use Redress's wording"), "nothing to go back from");
    let (_, versions) = site.app.letter_wording(site.member(Role::Admin), kind).await.unwrap();
    let kept: Vec<_> = versions.iter().map(|v| (v.version, v.source.clone())).collect();
    assert_eq!(kept, [(2, None), (1, Some(ours))], "the saved wording is kept as evidence");
    assert!(page.body.contains("Versions saved"));
    // Going back again when already back saves nothing.
    submit(&site, &admin, &format!("{}/reset", editor(kind)), &[]).await.expect_redirect(&editor(kind));
    assert_eq!(site.app.letter_wording(site.member(Role::Admin), kind).await.unwrap().1.len(), 2);
}

async fn a_wording_the_sandbox_refuses_is_shown_in_the_error_summary_and_not_saved(backend: Backend) {
    let site = Site::new(backend).await;
    let admin = site.sign_in(&email(Role::Admin)).await;
    let kind = LetterKind::Stage1Response;
    let org = &site.member(Role::Admin).organisation_id;
    for (source, message) in [
        (
            "Dear {{ resident.name }}\n{% set x = 1 %}",
            "The template cannot be used: line 2: a letter template cannot use {% set %}",
        ),
        ("Dear {{ resident.nmae }}", "The template cannot be used: the template failed at line 1"),
        ("{% if resident %}no end", "The template cannot be used: the template is not valid"),
    ] {
        for action in ["preview", "save"] {
            let reply = submit(&site, &admin, &editor(kind), &[("source", source), ("action", action)]).await;
            expect_error(&reply, "source", message);
            assert!(reply.body.contains("There is no preview until the wording can be used"));
        }
    }
    let empty = submit(&site, &admin, &editor(kind), &[("source", "  "), ("action", "save")]).await;
    expect_error(&empty, "source", "Enter the letter&#39;s wording, or choose to use Redress&#39;s wording");
    assert_eq!(site.app.letter_template(org, kind).await.unwrap(), None, "nothing saved");
}

/// For each letter, a line of its default wording whose removal drops a required element,
/// and the provision that element is required by.
const DROPPED: [(LetterKind, &str, &str); 9] = [
    (LetterKind::Stage1Acknowledgement, "{{ point.text }}", "5.6"),
    (LetterKind::Stage2Acknowledgement, "ombudsman.telephone", "3.7"),
    (LetterKind::ExtensionNotice, "extension.new_due", "6.4"),
    (LetterKind::Stage1Response, "{{ point.reasons }}", "6.9"),
    (LetterKind::Stage2Response, "ombudsman.telephone", "6.19"),
    (LetterKind::NotAccepted, "exclusion.reasons", "2.4"),
    (LetterKind::EscalationRefused, "exclusion.reasons", "5.11"),
    (LetterKind::RemedyUpdate, "remedy.due", "6.6"),
    (LetterKind::KeepingInformed, "{{ keeping_informed.message }}", "5.9"),
];

async fn code_5_6_6_9_6_19_2_4_5_11_every_letter_saved_without_a_required_element_is_refused_naming_it(
    backend: Backend,
) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let admin = site.member(Role::Admin);
    let org = &admin.organisation_id;
    let today = site.app.today().unwrap();
    for (kind, fragment, provision) in DROPPED {
        let template = kind.default_template();
        assert!(template.contains(fragment), "{kind:?}'s wording has {fragment}");
        let edited: String =
            template.lines().filter(|line| !line.contains(fragment)).map(|line| format!("{line}\n")).collect();

        // Previewed: the page names what is missing and its provision.
        let preview = submit(&site, &cookie, &editor(kind), &[("source", &edited), ("action", "preview")]).await;
        preview.expect(StatusCode::OK);
        assert!(preview.body.contains("A letter in this wording cannot be sent"), "{kind:?}: {}", preview.body);
        assert!(preview.body.contains(&format!("(Code {provision}")), "{kind:?} names Code {provision}");
        let draft = site.app.preview_letter_template(admin, kind, &edited, None).await.unwrap();
        assert!(draft.missing.iter().any(|e| e.provision.starts_with(provision)), "{kind:?}: {:?}", draft.missing);

        // Saved all the same, read back as saved, and refused when a letter is made from it.
        site.app.save_letter_template(admin, kind, &edited).await.unwrap();
        let stored = site.app.letter_template(org, kind).await.unwrap();
        assert_eq!(stored.as_deref(), Some(edited.as_str()), "{kind:?}");
        let sender = site.app.letter_sender(org).await.unwrap();
        let ombudsman = site.app.ombudsman_for(org).await.unwrap();
        let context = LetterContext::placeholder(kind, sender, ombudsman, today);
        match render(kind, stored.as_deref(), &context) {
            Err(LetterError::Incomplete(incomplete)) => {
                assert!(incomplete.to_string().contains(&format!("(Code {provision}")), "{kind:?}: {incomplete}");
            }
            other => panic!("{kind:?} should be refused as incomplete: {other:?}"),
        }
        // Redress's wording of the same letter is complete.
        assert!(render(kind, None, &context).is_ok(), "{kind:?}");
        let page = site.get(Some(&cookie), &editor(kind)).await;
        assert!(page.body.contains("A letter in this wording cannot be sent"), "the saved wording's page says so");
    }
}

async fn a_logo_is_a_png_or_jpeg_with_alternative_text_shown_on_the_letterhead_and_removable(backend: Backend) {
    let site = Site::new(backend).await;
    let admin = site.sign_in(&email(Role::Admin)).await;
    let org = &site.member(Role::Admin).organisation_id;
    let path = "/settings/letterhead";
    let page = site.get(Some(&admin), path).await;
    assert!(page.body.contains("Upload a logo") && !page.body.contains("Remove the logo"));

    let gif: &[u8] = b"GIF89a\x01\0\x01\0";
    let jpeg: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF";
    let large = [PNG, &vec![0u8; MAX_LOGO_BYTES]].concat();
    for (parts, field, message) in [
        (
            vec![Part::File("logo", "l.gif", "image/gif", gif), Part::Text("alt_text", "R")],
            "logo",
            "The logo must be a PNG or JPEG image",
        ),
        (
            vec![Part::File("logo", "l.png", "image/png", jpeg), Part::Text("alt_text", "R")],
            "logo",
            "The logo must be a PNG or JPEG image",
        ),
        (
            vec![Part::File("logo", "l.png", "image/png", &large), Part::Text("alt_text", "R")],
            "logo",
            "The logo must be smaller than 500 KB",
        ),
        (
            vec![Part::File("logo", "l.png", "image/png", PNG), Part::Text("alt_text", "  ")],
            "alt_text",
            "Enter the logo&#39;s alternative text, such as your organisation&#39;s name",
        ),
        (vec![Part::Text("alt_text", "Riverside")], "logo", "Select a PNG or JPEG file of the logo"),
    ] {
        let reply = upload(&site, &admin, path, &parts).await;
        expect_error(&reply, field, message);
        assert!(site.app.letterhead(org).await.unwrap().logo.is_none(), "{message}: nothing kept");
    }
    // A file over the upload's limit altogether is refused with the same words.
    let huge = vec![0u8; 5 * MAX_LOGO_BYTES];
    let reply = upload(&site, &admin, path, &[Part::File("logo", "l.png", "image/png", &huge)]).await;
    assert!(reply.body.contains("The logo must be smaller than 500 KB"), "{}", reply.body);

    let parts = [Part::File("logo", "logo.jpg", "image/jpeg", jpeg), Part::Text("alt_text", " Riverside Homes logo ")];
    upload(&site, &admin, path, &parts).await.expect_redirect(path);
    let logo = site.app.letterhead(org).await.unwrap().logo.unwrap();
    assert_eq!(
        (logo.media_type.as_str(), logo.alt.as_str(), logo.bytes.as_slice()),
        ("image/jpeg", "Riverside Homes logo", jpeg)
    );
    let page = site.get(Some(&admin), path).await;
    assert!(page.body.contains(r#"<img src="data:image/jpeg;base64,"#), "{}", page.body);
    assert!(page.body.contains(r#"alt="Riverside Homes logo""#));
    // Every letter's preview has it.
    let letter = site.get(Some(&admin), &editor(LetterKind::Stage1Acknowledgement)).await;
    assert!(letter.body.contains(r#"alt="Riverside Homes logo""#), "{}", letter.body);

    submit(&site, &admin, "/settings/letterhead/remove", &[]).await.expect_redirect(path);
    assert!(site.app.letterhead(org).await.unwrap().logo.is_none());
    submit(&site, &admin, "/settings/letterhead/remove", &[]).await.expect(StatusCode::NOT_FOUND);
}
