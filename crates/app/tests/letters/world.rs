//! A landlord with a handler and a senior lead, a resident with an email and a postal address,
//! on a fresh database with a settable clock; complaints lived to each letter's moment through
//! the use cases; an SMTP sink with a sender to it; and reading PDFs with poppler.

use std::collections::BTreeSet;
use std::io::{ErrorKind, Write};
use std::process::Command as Process;
use std::sync::Arc;
use std::time::Duration;

use jiff::SignedDuration;
use jiff::civil::date;
use redress_app::{Actor, App, ComplaintIntake, FixedClock, RepresentativeInput, ResidentInput, Role, Stated};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{
    Acknowledge, ActionPlan, Channel, Command, Complexity, ConflictDeclaration, Decision, DefinitionInput,
    ExclusionGround, Extend, NotAccept, Outstanding, PointDecision, RefuseEscalation, RemedyKind, RemedyOffer,
    RemedyOutcome, RequestEscalation, Respond, Responsibility, StageNumber, StageTwoRoute,
};
use redress_domain::ids::{ComplaintId, ResidentId};
use redress_domain::people::ReasonableAdjustment;
use redress_mail::testing::SmtpSink;
use redress_mail::{SmtpSender, SmtpSettings, Tls};
use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, OrganisationDetails};

/// When every case starts: a Monday morning.
pub const START: &str = "2026-01-05T09:00:00Z";

/// The points of the stage 1 definition.
pub const POINTS: [&str; 2] = ["The boiler was not repaired for three weeks", "Nobody called back after the visit"];

/// Each point's reasons, in order.
pub const REASONS: [&str; 2] =
    ["Our contractor missed two booked appointments.", "The call log shows one call back, on 2 January."];

/// The remedy offered at stage 1.
pub const REMEDY: &str = "Pay you for the weeks without heating";

/// The action still to do after stage 1.
pub const ACTION: &str = "Replace the pump of the boiler";

/// How to ask for stage 2.
pub const ROUTE: [&str; 3] =
    ["The complaints team", "Reply to this letter or email complaints@alpha.example", "within 20 working days"];

/// One landlord's world on one database.
pub struct World {
    /// The database, kept alive for the case.
    _db: TestDatabase,
    /// The application on it.
    pub app: App,
    /// Its clock, which the lives move on.
    pub clock: Arc<FixedClock>,
    /// Handles stage 1.
    pub handler: Actor,
    /// Handles stage 2 (not the stage 1 handler: Code 6.13).
    pub senior: Actor,
    /// An auditor: reads only.
    pub auditor: Actor,
    /// The resident.
    pub resident: ResidentId,
}

/// A fresh world on `backend`, its resident as `resident` describes them.
pub async fn world_with(backend: Backend, resident: ResidentInput) -> World {
    let db = TestDatabase::migrated(backend).await.unwrap();
    let clock = Arc::new(FixedClock::new(START.parse().unwrap()));
    let app = App::new(db.database().clone(), WorkingCalendar::england_and_wales(), clock.clone()).unwrap();
    let handler = member(&app, "Hana Handler", Role::Handler).await;
    let senior = member(&app, "Sam Senior", Role::SeniorLead).await;
    let auditor = member(&app, "Audrey Auditor", Role::Auditor).await;
    let admin = member(&app, "Adam Admin", Role::Admin).await;
    let details = OrganisationDetails {
        address: "10 Market Street\nAnytown\nAN1 9ZZ".into(),
        complaints_email: "complaints@alpha.example".into(),
        complaints_phone: "0113 496 0001".into(),
        ..OrganisationDetails::default()
    };
    app.save_organisation_details(&admin, "Alpha Homes", &details).await.unwrap();
    let resident = app.create_resident(&handler, resident).await.unwrap().id;
    World { _db: db, app, clock, handler, senior, auditor, resident }
}

/// A fresh world whose resident prefers email and has a postal address too.
pub async fn world(backend: Backend) -> World {
    world_with(backend, ada()).await
}

/// Ada, who prefers email.
pub fn ada() -> ResidentInput {
    ResidentInput {
        name: "Ada Resident".into(),
        email: Some("ada@example.org".into()),
        address: Some("1 High Street\nAnytown\nAN1 1AA".into()),
        preferred_contact_method: Some("Email".into()),
        ..ResidentInput::default()
    }
}

/// Bea, who asks for letters by post in large print (Code 5.10).
pub fn bea() -> ResidentInput {
    ResidentInput {
        name: "Bea Resident".into(),
        address: Some("2 Low Road, Anytown AN1 2BB".into()),
        preferred_contact_method: Some("Letter".into()),
        reasonable_adjustments: vec![ReasonableAdjustment {
            adjustment: "Letters in large print".into(),
            review_on: date(2026, 12, 1),
        }],
        ..ResidentInput::default()
    }
}

async fn member(app: &App, name: &str, role: Role) -> Actor {
    let organisation = app.organisation_named("Alpha Homes").await.unwrap();
    let (_, token) = app.add_user(&organisation, name, role).await.unwrap();
    app.authenticate(&token).await.unwrap().unwrap()
}

/// How far a complaint is lived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Upto {
    /// Logged only.
    Logged,
    /// Stage 1 acknowledged and defined.
    Acknowledged,
    /// Stage 1's response deadline extended.
    Extended,
    /// Stage 1 answered, with a remedy and an action.
    Responded,
    /// Stage 2 asked for and acknowledged.
    StageTwo,
    /// Stage 2 answered.
    Final,
}

impl World {
    /// Moves the clock on by an hour: each step happens after the one before.
    fn tick(&self) {
        let now = self.app.now();
        self.clock.set(now.checked_add(SignedDuration::from_hours(1)).unwrap());
    }

    async fn act(&self, actor: &Actor, complaint: &ComplaintId, command: Command) {
        self.tick();
        self.app.act(actor, complaint, command, Stated::default()).await.unwrap();
    }

    /// A complaint of the resident, logged now.
    pub async fn logged(&self) -> ComplaintId {
        self.logged_with_representative(false).await
    }

    /// A complaint of the resident, logged now, with a representative who has an email
    /// address when `represented`.
    pub async fn logged_with_representative(&self, represented: bool) -> ComplaintId {
        let representative = if represented {
            let input = RepresentativeInput {
                name: "Ben Adviser".into(),
                relationship: "Adviser".into(),
                email: Some("ben@advice.example".into()),
                authority_evidence: "Signed authority form on file".into(),
                ..RepresentativeInput::default()
            };
            Some(self.app.add_representative(&self.handler, &self.resident, input).await.unwrap().id)
        } else {
            None
        };
        let intake = ComplaintIntake {
            received_at: None,
            logged_on: None,
            handling_organisation_id: None,
            channel: Channel::Email,
            issue_occurred_on: date(2025, 12, 1),
            became_aware_on: None,
            description: "The boiler has failed again.".into(),
            categories: Vec::new(),
            risks: BTreeSet::new(),
            risk_notes: None,
            complexity: Complexity::Straightforward,
            resident_id: self.resident.clone(),
            representative_id: representative,
            property_id: None,
            service_request_ids: Vec::new(),
            linked_complaint_ids: Vec::new(),
        };
        self.app.log_complaint(&self.handler, intake, None).await.unwrap().view.id
    }

    /// A complaint lived to `upto`.
    pub async fn lived(&self, upto: Upto) -> ComplaintId {
        let id = self.logged().await;
        self.live(&id, Upto::Logged, upto).await;
        id
    }

    /// Lives complaint `id` on from `from` to `upto`.
    pub async fn live(&self, id: &ComplaintId, from: Upto, upto: Upto) {
        let (handler, senior) = (&self.handler, &self.senior);
        let step = |s: Upto| from < s && s <= upto;
        if step(Upto::Acknowledged) {
            self.act(handler, id, acknowledge(StageNumber::One, handler, &POINTS)).await;
        }
        if step(Upto::Extended) {
            let extend = Extend {
                stage: StageNumber::One,
                working_days: 5,
                reason: "We are waiting for the engineer's report.".into(),
                resident_informed: true,
                good_reason: None,
                update_interval: Some(5),
                new_due: None,
            };
            self.act(handler, id, Command::Extend(extend)).await;
        }
        if step(Upto::Responded) {
            self.act(handler, id, Command::Respond(stage_one_response(handler))).await;
        }
        if step(Upto::StageTwo) {
            let escalate = RequestEscalation { reason: Some("The boiler failed again.".into()), channel: None };
            self.act(handler, id, Command::RequestEscalation(escalate)).await;
            self.act(senior, id, acknowledge(StageNumber::Two, senior, &["The repair did not last"])).await;
        }
        if step(Upto::Final) {
            let respond = Respond {
                stage: StageNumber::Two,
                decision: Some(Decision::Upheld),
                decisions: vec![PointDecision {
                    point: "P3".into(),
                    decision: Decision::Upheld,
                    reasons: "The new pump failed within a week.".into(),
                }],
                remedy: Some(RemedyOutcome::Offered {
                    remedies: vec![RemedyOffer {
                        kind: RemedyKind::Financial,
                        description: "Compensation for the time and trouble".into(),
                        amount_pence: Some(25000),
                        due: Some(date(2026, 3, 6)),
                    }],
                }),
                outstanding: Some(Outstanding::None),
                escalation: None,
            };
            self.act(senior, id, Command::Respond(respond)).await;
        }
    }

    /// A complaint not accepted (Code 2.4).
    pub async fn not_accepted(&self) -> ComplaintId {
        let id = self.logged().await;
        let command = Command::NotAccept(NotAccept {
            ground: ExclusionGround::LegalProceedingsStarted,
            reasons: "You have filed a claim at the county court about the same repair.".into(),
            discretion: None,
        });
        self.act(&self.handler, &id, command).await;
        id
    }

    /// A complaint whose stage 2 was refused (Code 5.11).
    pub async fn escalation_refused(&self) -> ComplaintId {
        let id = self.lived(Upto::Responded).await;
        let escalate = RequestEscalation { reason: Some("I disagree.".into()), channel: None };
        self.act(&self.handler, &id, Command::RequestEscalation(escalate)).await;
        let refuse = RefuseEscalation {
            ground: ExclusionGround::LegalProceedingsStarted,
            reasons: "You have since filed a claim at the county court about the same repair.".into(),
        };
        self.act(&self.senior, &id, Command::RefuseEscalation(refuse)).await;
        id
    }
}

fn acknowledge(stage: StageNumber, handler: &Actor, points: &[&str]) -> Command {
    Command::Acknowledge(Acknowledge {
        stage,
        handler: handler.user_id.clone(),
        definition: DefinitionInput {
            points: points.iter().map(|p| (*p).to_owned()).collect(),
            outcomes_sought: vec!["A working boiler".into()],
        },
        responsibility: Responsibility {
            responsible_for: vec!["Repairs to the boiler".into()],
            not_responsible_for: vec!["The gas supply, which is the supplier's".into()],
        },
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
    })
}

fn stage_one_response(handler: &Actor) -> Respond {
    Respond {
        stage: StageNumber::One,
        decision: Some(Decision::PartlyUpheld),
        decisions: vec![
            PointDecision { point: "P1".into(), decision: Decision::Upheld, reasons: REASONS[0].into() },
            PointDecision { point: "P2".into(), decision: Decision::NotUpheld, reasons: REASONS[1].into() },
        ],
        remedy: Some(RemedyOutcome::Offered {
            remedies: vec![RemedyOffer {
                kind: RemedyKind::Financial,
                description: REMEDY.into(),
                amount_pence: Some(15000),
                due: Some(date(2026, 2, 13)),
            }],
        }),
        outstanding: Some(Outstanding::Actions {
            actions: vec![ActionPlan {
                description: ACTION.into(),
                owner: handler.user_id.clone(),
                due: date(2026, 2, 20),
            }],
        }),
        escalation: Some(StageTwoRoute { contact: ROUTE[0].into(), how: ROUTE[1].into(), within: ROUTE[2].into() }),
    }
}

/// The SMTP sink and a sender to it.
pub async fn smtp() -> (SmtpSink, SmtpSender) {
    let sink = SmtpSink::start().await.unwrap();
    let settings = SmtpSettings {
        host: "127.0.0.1".into(),
        port: sink.port(),
        tls: Tls::None,
        username: None,
        password: None,
        from: "Alpha Homes <complaints@alpha.example>".into(),
        reply_to: None,
        timeout: Duration::from_secs(10),
    };
    let sender = SmtpSender::new(&settings).unwrap();
    (sink, sender)
}

/// The PDF's text (`pdftotext -raw`), its lines joined by spaces; `None`, with a line saying
/// so, when poppler is not installed.
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Process::new("pdftotext").arg("-raw").arg(&path).arg("-").output() {
        Ok(output) => {
            assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
            Some(String::from_utf8_lossy(&output.stdout).split_whitespace().collect::<Vec<_>>().join(" "))
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {
            let test = std::thread::current().name().unwrap_or("a letters test").to_owned();
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: pdftotext is not installed (Debian: apt-get install poppler-utils)"
            );
            None
        }
        Err(error) => panic!("pdftotext could not be run: {error}"),
    }
}
