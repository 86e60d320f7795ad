//! The mechanics of living a complaint's life through the application: moving the clock to
//! each step, stopping at the end of the demo, keeping side tasks (completing remedies and
//! actions, complying with orders) in time order with the main line, and recording
//! correspondence. What happens at each step is in `story.rs`.

use std::sync::Arc;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use redress_app::{
    Actor, App, AppError, AttachmentInput, ComplaintView, CorrespondenceInput, FixedClock, PendingComplaint,
    PendingSettings,
};
use redress_domain::complaint::{Channel, Command, Direction, StageNumber, Step};
use redress_storage::Organisation;

use crate::DemoError;
use crate::random::between;

/// Everything every life shares: the application on its settable clock, the organisations,
/// the staff, and where the demo ends.
pub(crate) struct World {
    /// The application, reading the time from `clock`.
    pub app: App,
    /// The landlord's settings, read once, which every step is checked against.
    pub settings: PendingSettings,
    /// The clock, moved to each step's time.
    pub clock: Arc<FixedClock>,
    /// The demo's seed.
    pub seed: u64,
    /// How many homes there are.
    pub homes: u32,
    /// The first day of the demo.
    pub from: Date,
    /// When the homes and people were recorded.
    pub set_up_at: Timestamp,
    /// The start of the demo's last day: nothing happens from then on.
    pub cutoff: Timestamp,
    /// Europe/London.
    pub tz: TimeZone,
    /// The managing agent acting for it.
    pub agent: Organisation,
    /// Who acts.
    pub staff: Staff,
}

/// The members of staff who act on complaints, each as an [`Actor`] of the landlord.
pub(crate) struct Staff {
    /// A complaint handler.
    pub handler: Actor,
    /// The complaints officer.
    pub officer: Actor,
    /// The senior lead for complaints.
    pub senior: Actor,
    /// The managing agent's handler, acting for the landlord (Code 5.4).
    pub agent_handler: Actor,
}

impl World {
    /// `on` at `at` in England.
    pub fn instant(&self, on: Date, at: Time) -> Result<Timestamp, DemoError> {
        Ok(on.to_datetime(at).to_zoned(self.tz.clone())?.timestamp())
    }
}

/// Why a life stopped before its plan ended.
pub(crate) enum Stop {
    /// The next step falls on or after the end of the demo.
    Cutoff,
    /// Something failed.
    Failed(DemoError),
}

impl From<DemoError> for Stop {
    fn from(error: DemoError) -> Stop {
        Stop::Failed(error)
    }
}

impl From<redress_storage::StorageError> for Stop {
    fn from(error: redress_storage::StorageError) -> Stop {
        Stop::Failed(error.into())
    }
}

impl From<redress_domain::calendar::CalendarError> for Stop {
    fn from(error: redress_domain::calendar::CalendarError) -> Stop {
        Stop::Failed(error.into())
    }
}

impl From<jiff::Error> for Stop {
    fn from(error: jiff::Error) -> Stop {
        Stop::Failed(error.into())
    }
}

/// Something to do at a given time, apart from the main line.
struct Pending {
    at: Timestamp,
    actor: Actor,
    command: Command,
    what: &'static str,
}

/// One complaint being lived.
pub(crate) struct Life<'w> {
    /// The shared world.
    pub world: &'w World,
    /// This complaint's own generator.
    pub rng: StdRng,
    /// The name the demo gives it, for messages: it has no reference until written.
    key: String,
    /// Its record so far, in memory until the demo writes it with others.
    pub complaint: PendingComplaint,
    /// Correspondence recorded.
    pub letters: u64,
    last: Timestamp,
    pending: Vec<Pending>,
}

impl<'w> Life<'w> {
    /// The life of complaint `key`, logged at `at`.
    pub fn new(world: &'w World, key: String, rng: StdRng, complaint: PendingComplaint, at: Timestamp) -> Life<'w> {
        Life { world, key, rng, complaint, letters: 0, last: at, pending: Vec::new() }
    }

    /// The complaint as it stands.
    pub fn view(&self) -> &ComplaintView {
        self.complaint.view()
    }

    /// A time in office hours on `on`.
    fn office_time(&mut self, on: Date) -> Result<Timestamp, DemoError> {
        let at = Time::new(between(&mut self.rng, 9, 16) as i8, between(&mut self.rng, 0, 59) as i8, 0, 0)?;
        self.world.instant(on, at)
    }

    /// Moves to `on` (in office hours, and after everything so far), doing first whatever side
    /// task falls due before then. Stops at the end of the demo.
    pub async fn step(&mut self, on: Date) -> Result<Timestamp, Stop> {
        let mut at = self.office_time(on)?;
        if at <= self.last {
            let minutes = i64::from(between(&mut self.rng, 3, 40));
            at = self.last.checked_add(SignedDuration::from_mins(minutes))?;
        }
        if at >= self.world.cutoff {
            return Err(Stop::Cutoff);
        }
        self.flush(|due| due <= at).await?;
        self.set(at);
        Ok(at)
    }

    fn set(&mut self, at: Timestamp) {
        self.last = self.last.max(at);
        self.world.clock.set(self.last);
    }

    /// Does `command` as `actor` now.
    pub async fn act(&mut self, actor: &Actor, command: Command, what: &'static str) -> Result<(), Stop> {
        let acted = self.world.app.act_pending(&self.world.settings, actor, &mut self.complaint, command, None).await;
        acted.map_err(|source| self.failed(what, source))
    }

    /// The error for a step the application refused: a defect of the generator.
    pub fn failed(&self, step: &'static str, source: AppError) -> Stop {
        Stop::Failed(DemoError::Step { complaint: self.key.clone(), step, source: Box::new(source) })
    }

    /// Plans `command` for `on`, to be done in time order with the main line, unless that is
    /// after the end of the demo.
    pub fn later(&mut self, on: Date, actor: &Actor, command: Command, what: &'static str) -> Result<(), Stop> {
        let at = self.office_time(on)?;
        if at < self.world.cutoff {
            self.pending.push(Pending { at, actor: actor.clone(), command, what });
        }
        Ok(())
    }

    /// Does the side tasks whose time passes `due`, in time order.
    async fn flush(&mut self, due: impl Fn(Timestamp) -> bool) -> Result<(), Stop> {
        loop {
            let next = self.pending.iter().enumerate().filter(|(_, p)| due(p.at)).min_by_key(|(_, p)| p.at);
            let Some((index, _)) = next else { return Ok(()) };
            let task = self.pending.swap_remove(index);
            self.set(task.at);
            self.act(&task.actor, task.command, task.what).await?;
        }
    }

    /// Does every side task left before the end of the demo.
    pub async fn finish(&mut self) -> Result<(), Stop> {
        let cutoff = self.world.cutoff;
        self.flush(|at| at < cutoff).await
    }

    /// Records correspondence a few minutes after the last step, with an attachment if given,
    /// and brings it into the complaint's record (Code 5.12). Skipped if that is after the end.
    pub async fn letter(&mut self, actor: &Actor, letter: Letter) -> Result<(), Stop> {
        let minutes = i64::from(between(&mut self.rng, 1, 9));
        let at = self.last.checked_add(SignedDuration::from_mins(minutes))?;
        if at >= self.world.cutoff {
            return Ok(());
        }
        self.set(at);
        let attachments = letter
            .attachment
            .map(|file_name| AttachmentInput {
                file_name: file_name.to_owned(),
                media_type: "text/plain".into(),
                content: letter.body.clone().into_bytes(),
                sha256: None,
            })
            .into_iter()
            .collect();
        let input = CorrespondenceInput {
            direction: letter.direction,
            channel: letter.channel,
            subject: letter.subject,
            body: letter.body,
            occurred_at: Some(at),
            attachments,
        };
        self.letters += 1;
        let recorded =
            self.world.app.record_correspondence_pending(&self.world.settings, actor, &mut self.complaint, input).await;
        recorded.map_err(|source| self.failed("record correspondence", source))
    }

    /// The due date of a deadline the complaint has reached.
    pub fn due(&self, stage: StageNumber, step: Step) -> Result<Date, Stop> {
        let deadline = self.view().deadlines.iter().find(|d| d.stage == stage && d.step == step);
        deadline.map(|d| d.due).ok_or_else(|| {
            Stop::Failed(DemoError::Invalid(format!("complaint {} has no stage {stage} {step:?} deadline", self.key)))
        })
    }

    /// The date of the last step, in England.
    pub fn today(&self) -> Date {
        self.last.to_zoned(self.world.tz.clone()).date()
    }
}

/// A piece of correspondence.
pub(crate) struct Letter {
    /// In or out.
    pub direction: Direction,
    /// How.
    pub channel: Channel,
    /// Subject or summary.
    pub subject: String,
    /// The text.
    pub body: String,
    /// The file name of a copy attached as a text file, if any.
    pub attachment: Option<&'static str>,
}
