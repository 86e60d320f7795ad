//! `POST /complaints/{id}/<transition>`: one route per command of the complaint lifecycle,
//! each taking its command's payload from the domain as its body (with an optional `at`, see
//! `commands.rs`) and answering with the complaint after the change. Item transitions take
//! the item's id (a remedy's, an action's, an order's) from the path.
//! An `at` may not be in the future nor before the complaint was received.
//!
//! Correspondence, which carries files, is in `correspondence.rs`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use redress_app::{RequestKey, Stated};
use redress_domain::complaint::{Command, Item};
use redress_domain::ids::ComplaintId;

use super::commands::{
    Acknowledge, AddAction, AddPoints, Close, CompleteAction, CompleteRemedy, Escalate, Extend, NotAccept, OfferRemedy,
    PassHandling, Reassign, RecordDetermination, RecordOrderCompliance, ReferToOmbudsman, RefuseEscalation, Respond,
    Timed, Untimed, UpdateAction, UpdateInterval,
};
use super::extract::{ApiPath, Caller};
use super::keyed::{self, KEY_DOC, KeyedJson};
use super::views::ComplaintBody;
use crate::AppState;
use crate::problem::Problem;

/// Carries out a command once per idempotency key and answers with the complaint after it.
async fn act(
    state: &AppState,
    actor: &redress_app::Actor,
    complaint_id: &ComplaintId,
    command: Command,
    stated: Stated,
    key: Option<RequestKey>,
) -> Result<Response, Problem> {
    let answer = state.app().act_keyed(actor, complaint_id, command, stated, key.as_ref()).await?;
    Ok(keyed::answer(answer))
}

/// A handler for `POST /complaints/{id}/<path>` with body `$body`.
macro_rules! transition {
    ($(#[$doc:meta])* $name:ident, $path:literal, $body:ty) => {
        $(#[$doc])*
        #[utoipa::path(post, path = $path, tag = "Transitions",
            params(("id" = String, Path, description = "The complaint's id"),
                ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
            request_body(content = inline($body), content_type = "application/json"),
            responses((status = 200, description = "The complaint after the change", body = ComplaintBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            Caller(actor): Caller,
            ApiPath(id): ApiPath<ComplaintId>,
            request: KeyedJson<$body>,
        ) -> Result<Response, Problem> {
            let key = request.key(StatusCode::OK);
            let Timed { body, at, late_reason } = request.body;
            act(&state, &actor, &id, Command::from(body), Stated { at, late_reason }, key).await
        }
    };
}

/// A handler for `POST /complaints/{id}/<kind>/{item}/<path>` with body `$body`.
macro_rules! item_transition {
    ($(#[$doc:meta])* $name:ident, $path:literal, $item:literal, $item_doc:literal, $body:ty) => {
        $(#[$doc])*
        #[utoipa::path(post, path = $path, tag = "Transitions",
            params(("id" = String, Path, description = "The complaint's id"), ($item = String, Path, description = $item_doc),
                ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
            request_body(content = inline($body), content_type = "application/json"),
            responses((status = 200, description = "The complaint after the change", body = ComplaintBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            Caller(actor): Caller,
            ApiPath((id, item)): ApiPath<(ComplaintId, String)>,
            request: KeyedJson<$body>,
        ) -> Result<Response, Problem> {
            let key = request.key(StatusCode::OK);
            let Timed { body, at, late_reason } = request.body;
            act(&state, &actor, &id, Command::from(Item { id: item, body }), Stated { at, late_reason }, key).await
        }
    };
}

transition!(
    /// Decides not to accept the complaint, on a ground in the policy, with reasons (Code 2.1-2.5).
    not_accept, "/complaints/{id}/not-accept", NotAccept
);
transition!(
    /// Acknowledges a stage and defines the complaint (Code 5.6-5.8, 6.2, 6.11, 6.13).
    acknowledge, "/complaints/{id}/acknowledge", Acknowledge
);
/// Names another handler for the stage the complaint is at, with the reason, while it is open
/// (acknowledged and not closed). Only someone whose role may change cases can be named; at
/// stage 2, not someone who took part in stage 1 (Code 6.13), and not recorded by one. It takes
/// effect when recorded: it takes no `at`.
#[utoipa::path(post, path = "/complaints/{id}/reassign", tag = "Transitions",
    params(("id" = String, Path, description = "The complaint's id"),
        ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    request_body(content = inline(Reassign), content_type = "application/json"),
    responses((status = 200, description = "The complaint after the change", body = ComplaintBody)),
    security(("bearer" = [])))]
pub async fn reassign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ComplaintId>,
    request: KeyedJson<Reassign>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::OK);
    let Untimed(body) = request.body;
    act(&state, &actor, &id, Command::Reassign(body), Stated::default(), key).await
}

/// Passes the complaint to another organisation to handle while it is open (Code 5.4): a
/// managing agent or contractor acting for the landlord, or back to the landlord. Only the
/// landlord's staff pass complaints (an agent's staff are refused with 403); an organisation
/// that does not act for the landlord is not found. The stage's handler stays named until the
/// organisation now handling it names its own. It takes effect when recorded: it takes no `at`.
#[utoipa::path(post, path = "/complaints/{id}/handling-organisation", tag = "Transitions",
    params(("id" = String, Path, description = "The complaint's id"),
        ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    request_body(content = inline(PassHandling), content_type = "application/json"),
    responses((status = 200, description = "The complaint after the change", body = ComplaintBody)),
    security(("bearer" = [])))]
pub async fn pass_handling(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ComplaintId>,
    request: KeyedJson<PassHandling>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::OK);
    let Untimed(body) = request.body;
    act(&state, &actor, &id, Command::PassHandling(body), Stated::default(), key).await
}

transition!(
    /// Adds related points to the stage 1 definition before its response (Code 6.8).
    add_points, "/complaints/{id}/points", AddPoints
);
transition!(
    /// Records the update interval agreed with the resident (Code 5.9).
    update_interval, "/complaints/{id}/update-interval", UpdateInterval
);
transition!(
    /// Extends a stage's response deadline (Code 6.4, 6.5, 6.15, 6.16).
    extend, "/complaints/{id}/extend", Extend
);
transition!(
    /// Issues a stage's response, refused unless it has everything Code 6.9 (6.19) requires.
    respond, "/complaints/{id}/respond", Respond
);
transition!(
    /// Records the resident's request to escalate to stage 2 (Code 6.10, 6.12, 5.3).
    escalate, "/complaints/{id}/escalate", Escalate
);
transition!(
    /// Refuses to escalate, with reasons on a section 2 ground (Code 5.11).
    refuse_escalation, "/complaints/{id}/refuse-escalation", RefuseEscalation
);
transition!(
    /// Offers a remedy (Code 5.13, 7.1-7.3).
    offer_remedy, "/complaints/{id}/remedies", OfferRemedy
);
item_transition!(
    /// Records that a remedy was carried out (Code 7.3).
    complete_remedy, "/complaints/{id}/remedies/{rid}/complete", "rid", "The remedy's number, such as R1", CompleteRemedy
);
transition!(
    /// Adds an outstanding action (Code 6.6, 6.17).
    add_action, "/complaints/{id}/actions", AddAction
);
item_transition!(
    /// Records progress on an outstanding action (Code 6.6).
    update_action, "/complaints/{id}/actions/{aid}/updates", "aid", "The action's number, such as A1", UpdateAction
);
item_transition!(
    /// Records that an outstanding action is done (Code 6.6, 6.17).
    complete_action, "/complaints/{id}/actions/{aid}/complete", "aid", "The action's number, such as A1", CompleteAction
);
transition!(
    /// Records the referral of the complaint to the Housing Ombudsman.
    refer_to_ombudsman, "/complaints/{id}/ombudsman/referral", ReferToOmbudsman
);
transition!(
    /// Records the Ombudsman's determination, with its orders and recommendations.
    record_determination, "/complaints/{id}/ombudsman/determination", RecordDetermination
);
item_transition!(
    /// Records compliance with an order or recommendation of the Ombudsman.
    record_order_compliance, "/complaints/{id}/ombudsman/orders/{oid}/compliance", "oid",
    "The order's number, such as O1", RecordOrderCompliance
);
transition!(
    /// Closes the complaint, recording what was learnt (Code 9.1).
    close, "/complaints/{id}/close", Close
);
