//! The case list's CSV export carries what a complaints officer's tracker holds: each stage's
//! key dates and decision, the closure, and how many deadlines were missed.

use axum::http::StatusCode;
use redress_app::{ComplaintIntake, Role, Stated};
use redress_domain::complaint::Command;
use redress_storage::Backend;
use serde_json::json;

use crate::site::{Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(the_csv_export_gives_each_stages_key_dates_and_decision_and_the_deadlines_missed)]
}

async fn the_csv_export_gives_each_stages_key_dates_and_decision_and_the_deadlines_missed(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let resident = site.resident("Rosa Resident").await;
    // Received on Monday 6 January 2025 and acknowledged today, 4 March: its acknowledgement
    // was due on 13 January, so one deadline is missed.
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "received_at": "2025-01-06T10:00:00Z", "channel": "phone", "issue_occurred_on": "2025-01-02",
        "complexity": "straightforward", "risks": [], "description": "The boiler failed",
        "resident_id": resident,
    }))
    .unwrap();
    let logged = site.app.log_complaint(handler, intake, None).await.unwrap().view;
    let act = |command: serde_json::Value| async {
        let command: Command = serde_json::from_value(command).unwrap();
        site.app.act(handler, &logged.id, command, Stated::default()).await.unwrap();
    };
    act(json!({
        "command": "acknowledge", "stage": 1, "handler": handler.user_id,
        "definition": { "points": ["The boiler failed", "Calls were not returned"], "outcomes_sought": ["Heating"] },
        "responsibility": { "responsible_for": ["The boiler"], "not_responsible_for": [] },
    }))
    .await;
    act(json!({
        "command": "respond", "stage": 1, "decision": "partly_upheld",
        "decisions": [
            { "point": "P1", "decision": "upheld", "reasons": "The repair took too long." },
            { "point": "P2", "decision": "not_upheld", "reasons": "Each call was returned." },
        ],
        "remedy": { "type": "no_remedy", "reason": "The boiler was replaced." },
        "outstanding": { "type": "none" },
        "escalation": { "contact": "The complaints team", "how": "Reply to this letter", "within": "20 working days" },
    }))
    .await;
    act(json!({ "command": "request_escalation", "channel": "letter" })).await;

    let cookie = site.sign_in(&email(Role::Auditor)).await;
    let csv = site.get(Some(&cookie), "/cases.csv").await;
    csv.expect(StatusCode::OK);
    let lines: Vec<&str> = csv.body.split_terminator("\r\n").collect();
    assert!(
        lines[0].ends_with(
            "Stage 1 acknowledged,Stage 1 response,Stage 1 decision,Stage 2 asked for,Stage 2 acknowledged,\
             Stage 2 response,Stage 2 decision,Closed,Deadlines missed"
        ),
        "{}",
        lines[0]
    );
    let row = lines.iter().find(|l| l.starts_with(&logged.reference)).expect("the complaint's row");
    assert!(row.ends_with(",2025-03-04,2025-03-04,Partly upheld,2025-03-04,,,,,1"), "{row}");
}
