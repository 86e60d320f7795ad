//! What every API case starts from: a fresh database, an application on a clock the case
//! moves, two organisations with their staff and tokens, and helpers to send requests
//! through the router and to build the usual bodies.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use jiff::Timestamp;
use jiff::civil::Date;
use redress_app::{App, FixedClock, Role};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_domain::ids::{ComplaintId, OrganisationId, UserId};
use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, Database, StoredEvent};
use redress_web::AppState;
use serde_json::{Value, json};
use tower::ServiceExt;

/// A member of staff and their API token.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Their user id.
    pub id: UserId,
    /// Their token.
    pub token: String,
}

/// The API under test.
pub struct Api {
    _test_db: TestDatabase,
    /// The database, for checks the API does not show (the stored chain).
    pub db: Database,
    /// The application behind the router, for what the API does not offer (the audit).
    pub app: App,
    /// The clock the application reads.
    pub clock: Arc<FixedClock>,
    /// The working-day calendar, to work out expected due dates.
    pub calendar: WorkingCalendar,
    /// The landlord's id.
    pub landlord: OrganisationId,
    /// A handler of the landlord.
    pub handler: Staff,
    /// Another handler of the landlord (for stage 2).
    pub reviewer: Staff,
    /// The landlord's auditor, who only reads.
    pub auditor: Staff,
    /// A handler of another landlord.
    pub outsider: Staff,
    router: Router,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body's bytes.
    pub bytes: Vec<u8>,
    /// The body as JSON (`Null` if it is not JSON).
    pub json: Value,
}

impl Reply {
    /// The header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body if it differs.
    #[track_caller]
    pub fn expect(&self, status: StatusCode) -> &Reply {
        assert_eq!(self.status, status, "unexpected status; body: {}", String::from_utf8_lossy(&self.bytes));
        self
    }

    /// Asserts an RFC 9457 problem with this status.
    #[track_caller]
    pub fn expect_problem(&self, status: StatusCode) -> &Reply {
        self.expect(status);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "{:?}", self.headers);
        assert_eq!(self.json["status"], json!(status.as_u16()), "{}", self.json);
        for field in ["type", "title", "detail"] {
            assert!(self.json[field].is_string(), "problem without {field}: {}", self.json);
        }
        self
    }

    /// Asserts a refusal under the Code citing `provision`.
    #[track_caller]
    pub fn expect_refusal(&self, provision: &str) -> &Reply {
        self.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(self.json["type"], "urn:redress:problem:code-refusal", "{}", self.json);
        assert_eq!(self.json["provision"], provision, "{}", self.json);
        self
    }
}

/// The instant at `hour`:00 in England on `date`.
pub fn at(date: Date, hour: i8) -> Timestamp {
    date.at(hour, 0, 0, 0).to_zoned(london::zone().unwrap()).unwrap().timestamp()
}

impl Api {
    /// A fresh database of `backend`, an application on a clock stopped at `now`, and two
    /// landlords with their staff.
    pub async fn new(backend: Backend, now: Timestamp) -> Api {
        let test_db = TestDatabase::migrated(backend).await.expect("a fresh test database");
        let db = test_db.database().clone();
        let clock = Arc::new(FixedClock::new(now));
        let calendar = WorkingCalendar::england_and_wales();
        let app = App::new(db.clone(), calendar.clone(), clock.clone()).unwrap();
        let landlord = app.organisation_named("Riverside Homes").await.unwrap();
        let other = app.organisation_named("Hillside Housing").await.unwrap();
        let staff = |org, name, role| {
            let app = app.clone();
            async move {
                let (user, token) = app.add_user(org, name, role).await.unwrap();
                Staff { id: user.id, token }
            }
        };
        let handler = staff(&landlord, "Hana Handler", Role::Handler).await;
        let reviewer = staff(&landlord, "Rory Reviewer", Role::ComplaintsOfficer).await;
        let auditor = staff(&landlord, "Ada Auditor", Role::Auditor).await;
        let outsider = staff(&other, "Olly Outsider", Role::Handler).await;
        let router = redress_web::router(AppState::new(app.clone()));
        Api {
            _test_db: test_db,
            db,
            app,
            clock,
            calendar,
            landlord: landlord.id,
            handler,
            reviewer,
            auditor,
            outsider,
            router,
        }
    }

    /// A router on a pool of one connection to the same database, with that connection
    /// held by the returned guard: every request that needs the database waits out the
    /// pool's (short) acquire timeout. Close the pool when done.
    pub async fn saturated(&self) -> (Router, Database, Box<dyn std::any::Any + Send>) {
        let small = self._test_db.connect_small(1, std::time::Duration::from_millis(200)).await.unwrap();
        let app = App::new(small.clone(), self.calendar.clone(), self.clock.clone()).unwrap();
        let held = TestDatabase::hold_connection(&small).await.unwrap();
        (redress_web::router(AppState::new(app)), small, held)
    }

    /// Moves the clock.
    pub fn set_now(&self, now: Timestamp) {
        self.clock.set(now);
    }

    /// `date` plus `n` working days.
    pub fn add(&self, date: Date, n: i32) -> Date {
        self.calendar.add_working_days(date, n).unwrap()
    }

    /// Sends a request: `body` as JSON when given, `token` as a bearer token when given.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
        self.raw(request.body(body).unwrap()).await
    }

    /// Sends a request as it is.
    pub async fn raw(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, bytes, json }
    }

    /// `GET path` as `who`.
    pub async fn get(&self, who: &Staff, path: &str) -> Reply {
        self.send(Method::GET, path, Some(&who.token), None, &[]).await
    }

    /// `POST path` with a JSON body as `who`, sending `key` as its `Idempotency-Key`.
    pub async fn post_keyed(&self, who: &Staff, path: &str, body: &Value, key: &str) -> Reply {
        self.send(Method::POST, path, Some(&who.token), Some(body), &[("idempotency-key", key)]).await
    }

    /// `POST path` with a JSON body as `who`.
    pub async fn post(&self, who: &Staff, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(&who.token), Some(&body), &[]).await
    }

    /// A new resident's id.
    pub async fn resident(&self) -> String {
        let reply = self.post(&self.handler, "/api/v1/residents", json!({ "name": "Rosa Resident" })).await;
        reply.expect(StatusCode::CREATED);
        reply.json["id"].as_str().unwrap().to_owned()
    }

    /// Logs a complaint received now, by email, about a leak; returns the complaint.
    pub async fn complaint(&self) -> Value {
        let resident = self.resident().await;
        let reply = self.post(&self.handler, "/api/v1/complaints", new_complaint(&resident)).await;
        reply.expect(StatusCode::CREATED);
        reply.json.clone()
    }

    /// Sends a transition to a complaint as `who`.
    pub async fn act(&self, who: &Staff, complaint: &str, transition: &str, body: Value) -> Reply {
        self.post(who, &format!("/api/v1/complaints/{complaint}/{transition}"), body).await
    }

    /// The complaint as the landlord's handler sees it.
    pub async fn read(&self, complaint: &str) -> Value {
        let reply = self.get(&self.handler, &format!("/api/v1/complaints/{complaint}")).await;
        reply.expect(StatusCode::OK);
        reply.json.clone()
    }

    /// The complaint's record as stored.
    pub async fn stored_events(&self, complaint: &str) -> Vec<StoredEvent> {
        self.db.load_events(&self.landlord, &ComplaintId::trusted(complaint.into())).await.unwrap()
    }

    /// A complaint logged and acknowledged at stage 1 by the handler (two points: P1, P2).
    pub async fn acknowledged(&self) -> String {
        let id = self.complaint().await["id"].as_str().unwrap().to_owned();
        self.act(&self.handler, &id, "acknowledge", acknowledge(1, &self.handler.id)).await.expect(StatusCode::OK);
        id
    }

    /// A complaint logged, acknowledged and answered at stage 1 by the handler.
    pub async fn responded(&self) -> String {
        let id = self.acknowledged().await;
        self.act(&self.handler, &id, "respond", respond(1)).await.expect(StatusCode::OK);
        id
    }
}

/// A complaint about a leak, received now.
pub fn new_complaint(resident: &str) -> Value {
    json!({
        "channel": "email",
        "issue_occurred_on": "2024-05-20",
        "complexity": "straightforward",
        "risks": [],
        "description": "The kitchen ceiling has leaked for weeks and nobody has come.",
        "categories": ["repairs"],
        "resident_id": resident,
    })
}

/// Acknowledging `stage` with `handler`, defining two points.
pub fn acknowledge(stage: u8, handler: &str) -> Value {
    json!({
        "stage": stage,
        "handler": handler,
        "definition": {
            "points": ["The leak was not repaired", "Calls were not returned"],
            "outcomes_sought": ["Repair the ceiling", "An apology"],
        },
        "responsibility": { "responsible_for": ["Repairs to the roof"], "not_responsible_for": [] },
        "conflict": { "has_conflict": false },
    })
}

/// A complete response at `stage` to a complaint defined by [`acknowledge`] at each stage
/// (points P1 and P2 at stage 1, P3 and P4 at stage 2), with no remedy and nothing
/// outstanding.
pub fn respond(stage: u8) -> Value {
    let (first, second) = if stage == 1 { ("P1", "P2") } else { ("P3", "P4") };
    let mut answer = json!({
        "stage": stage,
        "decision": "partly_upheld",
        "decisions": [
            { "point": first, "decision": "upheld", "reasons": "The repair took longer than our policy allows." },
            { "point": second, "decision": "not_upheld", "reasons": "Our call log shows each call was returned." },
        ],
        "remedy": { "type": "no_remedy", "reason": "The repair has been done and the delay explained." },
        "outstanding": { "type": "none" },
    });
    // At stage 2 the response gives the Ombudsman's details from the organisation's settings.
    if stage == 1 {
        answer["escalation"] = json!({
            "contact": "The complaints team",
            "how": "Reply to this letter or email complaints@example.org",
            "within": "Within 20 working days of this response",
        });
    }
    answer
}
