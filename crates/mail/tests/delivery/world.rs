//! A landlord with a handler, an auditor, a resident and a complaint, on a fresh database
//! with a settable clock; an SMTP sink and a sender to it; and the letters the cases send.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use redress_app::{
    Actor, App, AttachmentInput, ComplaintIntake, CorrespondenceInput, DeliveryOptions, DeliveryRound, EmailInput,
    FixedClock, ResidentInput, Role,
};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{Channel, Complexity, Direction};
use redress_domain::ids::ComplaintId;
use redress_mail::testing::SmtpSink;
use redress_mail::{SmtpSender, SmtpSettings, Tls};
use redress_storage::Backend;
use redress_storage::testing::TestDatabase;

/// When every case starts: a Monday morning.
pub const START: &str = "2026-01-05T09:00:00Z";

/// The bytes of the letter's PDF: every byte value, so that a transfer encoding that loses
/// one shows.
pub fn pdf_bytes() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(5_000));
    bytes
}

/// The letter's text, with a line that starts with a dot (which SMTP must stuff and unstuff).
pub const LETTER_TEXT: &str =
    "Dear Ada,\n\nWe have looked into your complaint.\n.hidden in plain sight\n\nYours sincerely,\nAlpha Homes";

/// The letter's HTML.
pub const LETTER_HTML: &str = "<p>Dear Ada,</p><p>We have looked into your complaint.</p>";

/// One landlord's world on one database.
pub struct World {
    /// The database (kept alive for the case).
    pub db: TestDatabase,
    /// The application on it.
    pub app: App,
    /// Its clock, which the case moves.
    pub clock: Arc<FixedClock>,
    /// A handler of the landlord: may send letters.
    pub handler: Actor,
    /// An auditor of the landlord: reads only.
    pub auditor: Actor,
    /// A handler of another landlord.
    pub stranger: Actor,
    /// A complaint of the landlord, logged at [`START`].
    pub complaint: ComplaintId,
    /// The SMTP sink the sender sends to.
    pub sink: SmtpSink,
    /// The sender to the sink.
    pub sender: SmtpSender,
}

/// Settings for a server on this machine at `port`, without TLS.
pub fn settings_for(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: Tls::None,
        username: None,
        password: None,
        from: "Alpha Homes <complaints@alpha.example>".into(),
        reply_to: Some("Complaints team <replies@alpha.example>".into()),
        timeout: Duration::from_secs(10),
    }
}

/// An application over `db` on `clock`.
pub fn app_on(db: &redress_storage::Database, clock: &Arc<FixedClock>) -> App {
    App::new(db.clone(), WorkingCalendar::england_and_wales(), clock.clone()).unwrap()
}

/// A fresh world on `backend`.
pub async fn world(backend: Backend) -> World {
    let db = TestDatabase::migrated(backend).await.unwrap();
    let clock = Arc::new(FixedClock::new(START.parse().unwrap()));
    let app = app_on(db.database(), &clock);
    let handler = member(&app, "Alpha Homes", "Hana Handler", Role::Handler).await;
    let auditor = member(&app, "Alpha Homes", "Audrey Auditor", Role::Auditor).await;
    let stranger = member(&app, "Beta Housing", "Bo Handler", Role::Handler).await;
    let complaint = complaint_of(&app, &handler).await;
    let sink = SmtpSink::start().await.unwrap();
    let sender = SmtpSender::new(&settings_for(sink.port())).unwrap();
    World { db, app, clock, handler, auditor, stranger, complaint, sink, sender }
}

/// A member of staff of organisation `org` (made if new) in `role`.
async fn member(app: &App, org: &str, name: &str, role: Role) -> Actor {
    let organisation = app.organisation_named(org).await.unwrap();
    let (_, token) = app.add_user(&organisation, name, role).await.unwrap();
    app.authenticate(&token).await.unwrap().unwrap()
}

/// A complaint of a new resident, logged by `actor` now.
async fn complaint_of(app: &App, actor: &Actor) -> ComplaintId {
    let resident = app
        .create_resident(
            actor,
            ResidentInput {
                name: "Ada Resident".into(),
                email: Some("ada@example.org".into()),
                phone: None,
                address: Some("1 High Street\nAnytown\nAN1 1AA".into()),
                preferred_contact_method: Some("email".into()),
                preferred_format: None,
                disabilities: Vec::new(),
                vulnerabilities: Vec::new(),
                reasonable_adjustments: Vec::new(),
                ..ResidentInput::default()
            },
        )
        .await
        .unwrap();
    let intake = ComplaintIntake {
        received_at: None,
        logged_on: None,
        handling_organisation_id: None,
        channel: Channel::Email,
        issue_occurred_on: jiff::civil::date(2025, 12, 1),
        became_aware_on: None,
        description: "The boiler has failed again.".into(),
        categories: Vec::new(),
        risks: BTreeSet::new(),
        risk_notes: None,
        complexity: Complexity::Straightforward,
        resident_id: resident.id,
        representative_id: None,
        property_id: None,
        service_request_ids: Vec::new(),
        linked_complaint_ids: Vec::new(),
    };
    app.log_complaint(actor, intake, None).await.unwrap().view.id
}

/// The stage 1 response, sent by email with its PDF.
pub fn letter(subject: &str) -> CorrespondenceInput {
    CorrespondenceInput {
        direction: Direction::Outgoing,
        channel: Channel::Email,
        subject: subject.into(),
        body: LETTER_TEXT.into(),
        occurred_at: None,
        attachments: vec![AttachmentInput {
            file_name: "stage-1-response.pdf".into(),
            media_type: "application/pdf".into(),
            content: pdf_bytes(),
            sha256: None,
        }],
    }
}

/// The email of [`letter`], to Ada and her representative.
pub fn to_ada() -> EmailInput {
    EmailInput { recipients: vec!["ada@example.org".into(), "rep@example.org".into()], html_body: LETTER_HTML.into() }
}

impl World {
    /// Records the letter `subject` and queues its email, as the handler.
    pub async fn send(&self, subject: &str) {
        self.app.send_correspondence(&self.handler, &self.complaint, letter(subject), to_ada(), None).await.unwrap();
    }

    /// One round of delivery now, as instance `test-1`.
    pub async fn deliver(&self) -> DeliveryRound {
        self.app.deliver_due(&self.sender, &DeliveryOptions::for_instance("test-1")).await.unwrap()
    }

    /// Moves the clock on by `by` from [`START`].
    pub fn at_start_plus(&self, by: SignedDuration) {
        let start: Timestamp = START.parse().unwrap();
        self.clock.set(start.checked_add(by).unwrap());
    }
}
