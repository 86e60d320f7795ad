//! Not accepting a complaint, and refusing to escalate one (with points added before), through
//! the forms; the Ombudsman's referral of a complaint not accepted.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use super::{acknowledge, pairs};
use crate::site::{Site, email};

pub async fn a_complaint_not_accepted_goes_to_the_ombudsman_through_the_forms(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = site.complaint(site.member(Role::Handler), "Noise from next door").await;
    let case = format!("/cases/{id}");
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&format!(r#"href="{case}/not-accept""#)), "{}", page.body);
    assert!(!page.body.contains(&format!(r#"href="{case}/refuse-escalation""#)), "stage 1 only");
    // A referral can be recorded whenever the resident goes to the Ombudsman (decide takes it
    // at any time), so its form is offered from the start.
    assert!(page.body.contains(&format!(r#"href="{case}/refer""#)));
    site.get(Some(&cookie), &format!("{case}/not-accept"))
        .await
        .expect(StatusCode::OK)
        .expect_page("Do not accept the complaint");

    let reply = site.submit(&cookie, &format!("{case}/not-accept"), &[("reasons", "A claim is at court")]).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains(r##"<a href="#ground">Select the ground</a>"##), "{}", reply.body);

    // The form shows the Ombudsman's details it records as given (Code 2.4), not a tick box.
    let form = site.get(Some(&cookie), &format!("{case}/not-accept")).await;
    assert!(form.body.contains("Telephone: 0300 111 3000"), "{}", form.body);
    assert!(!form.body.contains(r#"name="told""#), "{}", form.body);
    let policy = [("ground", "policy_ground"), ("reasons", "Outside our policy")];
    let refused = site.submit(&cookie, &format!("{case}/not-accept"), &policy).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Name the circumstance in the complaints policy that excludes this complaint (Code 2.2)"),
        "{}",
        refused.body
    );

    let told = [("ground", "legal_proceedings_started"), ("reasons", "A claim is at court")];
    site.submit(&cookie, &format!("{case}/not-accept"), &told).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "not_accepted");
    let given = view.complaint.not_accepted.unwrap().ombudsman.unwrap();
    assert_eq!(given.postal_address, "PO Box 1484, Unit D, Preston, PR2 0ET");
    let page = site.get(Some(&cookie), &case).await;
    assert!(!page.body.contains(&format!(r#"href="{case}/acknowledge""#)), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{case}/refer""#)), "{}", page.body);

    site.submit(&cookie, &format!("{case}/refer"), &[("case_reference", "HOS-202512345")]).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(!page.body.contains(&format!(r#"href="{case}/refer""#)), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{case}/determination""#)), "{}", page.body);

    let reply = site
        .submit(&cookie, &format!("{case}/determination"), &[("finding-1-aspect", "Handling of the complaint")])
        .await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r##"<a href="#finding-1-outcome">Select the outcome of finding 1</a>"##),
        "{}",
        reply.body
    );
    let determination = [
        ("finding-1-aspect", "Handling of the complaint"),
        ("finding-1-outcome", "maladministration"),
        ("order-1-kind", "order"),
        ("order-1-description", "Apologise to the resident"),
        ("order-1-due-day", "1"),
        ("order-1-due-month", "6"),
        ("order-1-due-year", "2030"),
    ];
    site.submit(&cookie, &format!("{case}/determination"), &determination).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let ombudsman = view.complaint.ombudsman.unwrap();
    assert_eq!(ombudsman.case_reference.as_deref(), Some("HOS-202512345"));
    let determination = ombudsman.determination.unwrap();
    assert_eq!((determination.findings.len(), determination.orders.len()), (1, 1));
    assert!(!site.get(Some(&cookie), &case).await.body.contains(&format!(r#"href="{case}/determination""#)));
}

pub async fn points_are_added_and_escalation_refused_through_the_forms(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = site.complaint(site.member(Role::Handler), "The boiler has failed twice").await;
    let case = format!("/cases/{id}");
    let handler = site.member(Role::Handler).user_id.clone();
    let ack = acknowledge(&handler, "The boiler failed\nNo hot water for a week");
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&format!(r#"href="{case}/add-points""#)), "{}", page.body);
    site.submit(&cookie, &format!("{case}/add-points"), &[("points", "The engineer was rude\n\n")])
        .await
        .expect_redirect(&case);
    assert!(site.get(Some(&cookie), &case).await.body.contains("<li>The engineer was rude</li>"));
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let points = &view.complaint.stage1.acknowledgement.as_ref().unwrap().definition.points;
    assert_eq!(points.len(), 3);
    // P3 needs a decision too.
    let mut respond = vec![
        ("decision", "upheld"),
        ("decision-P1", "upheld"),
        ("reasons-P1", "Late"),
        ("decision-P2", "upheld"),
        ("reasons-P2", "Late"),
        ("decision-P3", "not_upheld"),
        ("reasons-P3", "The engineer followed our code of conduct"),
        ("remedy", "none"),
        ("no_remedy_reason", "Put right already"),
        ("outstanding", "none"),
    ];
    respond.extend(super::STAGE_TWO_ROUTE);
    site.respond(&cookie, &case, &respond).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(!page.body.contains(&format!(r#"href="{case}/add-points""#)), "{}", page.body);
    let refused = site.submit(&cookie, &format!("{case}/add-points"), &[("points", "Too late")]).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Code 6.8"), "{}", refused.body);

    site.submit(&cookie, &format!("{case}/escalate"), &[("channel", "letter"), ("reason", "Still cold")])
        .await
        .expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&format!(r#"href="{case}/refuse-escalation""#)), "{}", page.body);
    assert!(!page.body.contains(&format!(r#"href="{case}/not-accept""#)));
    let path = format!("{case}/refuse-escalation");
    // Refusing is stage 2's decision, which the handler of stage 1 may not make (Code 6.13).
    let officer = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let form = site.get(Some(&officer), &path).await;
    assert!(form.body.contains("Email: info@housing-ombudsman.org.uk"), "{}", form.body);
    let earlier = site.complaint(site.member(Role::Handler), "The boiler, the year before").await;
    let earlier = site.app.complaint(site.member(Role::Handler), &earlier.parse().unwrap()).await.unwrap().reference;
    let earlier = earlier.as_str();
    let no_reasons = [("ground", "previously_considered"), ("earlier_complaint", earlier)];
    let refused = site.submit(&officer, &path, &no_reasons).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Refuse to escalate");
    assert!(
        refused.body.contains("A refusal to escalate must clearly set out valid reasons (Code 5.11)"),
        "{}",
        refused.body
    );
    let told =
        [("ground", "previously_considered"), ("earlier_complaint", earlier), ("reasons", "Already decided in 2024")];
    let by_stage_one = site.submit(&cookie, &path, &told).await;
    by_stage_one.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(by_stage_one.body.contains("The stage 2 decision to refuse escalation"), "{}", by_stage_one.body);
    site.submit(&officer, &path, &told).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.escalation_refusals.len(), 1);
    assert!(view.complaint.escalation_refusals[0].ombudsman.is_some());
    assert!(!site.get(Some(&cookie), &case).await.body.contains(&format!(r#"href="{path}""#)));
}

/// Code 5.11: "previously considered" must name an earlier complaint of the landlord, never the
/// complaint being escalated, whose own stage 1 is what the resident asks to have reviewed.
pub async fn code_5_11_previously_considered_names_an_earlier_complaint_not_this_one_through_the_forms(
    backend: Backend,
) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = site.complaint(handler, "The boiler has failed twice").await;
    let case = format!("/cases/{id}");
    let ack = acknowledge(&handler.user_id, "The boiler failed");
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await.expect_redirect(&case);
    let respond = [
        ("decision", "upheld"),
        ("decision-P1", "upheld"),
        ("reasons-P1", "Late"),
        ("remedy", "none"),
        ("no_remedy_reason", "Put right already"),
        ("outstanding", "none"),
        ("escalation_contact", "The complaints team"),
        ("escalation_how", "Reply to this letter"),
        ("escalation_within", "Within 20 working days of this response"),
    ];
    site.respond(&cookie, &case, &respond).await.expect_redirect(&case);
    site.submit(&cookie, &format!("{case}/escalate"), &[("channel", "letter"), ("reason", "Still cold")])
        .await
        .expect_redirect(&case);
    let own = site.app.complaint(handler, &id.parse().unwrap()).await.unwrap().reference;
    let path = format!("{case}/refuse-escalation");
    // Refused by someone who took no part in stage 1 (Code 6.13).
    let officer = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let refuse = |earlier: &str| {
        let fields = [
            ("ground", "previously_considered"),
            ("earlier_complaint", earlier),
            ("reasons", "Answered before"),
            ("told", "yes"),
        ];
        fields.map(|(k, v)| (k, v.to_owned()))
    };
    let send = async |earlier: &str| {
        let fields = refuse(earlier);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        site.submit(&officer, &path, &fields).await
    };
    let itself = send(&own).await;
    itself.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        itself.body.contains("A complaint cannot be refused escalation as previously considered by itself"),
        "{}",
        itself.body
    );
    let unnamed = send("").await;
    unnamed.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unnamed.body.contains("Name the earlier complaint that considered the matter"), "{}", unnamed.body);
    let unknown = send("CMP-1999-000001").await;
    unknown.expect(StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains("Enter the reference of one of our complaints"), "{}", unknown.body);
    assert!(site.app.complaint(handler, &id.parse().unwrap()).await.unwrap().complaint.escalation_refusals.is_empty());

    let earlier = site.complaint(handler, "The boiler, the year before").await;
    let reference = site.app.complaint(handler, &earlier.parse().unwrap()).await.unwrap().reference;
    send(&reference).await.expect_redirect(&case);
    let refusals = site.app.complaint(handler, &id.parse().unwrap()).await.unwrap().complaint.escalation_refusals;
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].requested_on, refusals[0].on, "asked and refused on the same day");
}
