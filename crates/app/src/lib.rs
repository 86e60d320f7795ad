//! The use cases of Redress, shared by the web server and the command line.
//!
//! Each use case loads what it needs from storage, asks the pure domain to decide, and
//! persists the events the domain returns, retrying when another writer got to the same
//! complaint first. Nothing here knows HTTP or SQL: handlers call these functions, and these
//! functions call `redress-storage` and `redress-domain`.

mod accounts;
mod acting;
mod annual_report;
mod audit;
mod board_pack;
mod case_file;
mod case_people;
mod categories;
mod choices;
mod clock;
mod complaint_list;
mod complaints;
mod correspondence;
mod dashboard;
mod delivery;
mod drafts;
mod error;
mod evidence;
mod export;
mod finding;
mod grouped;
mod history;
mod homes;
mod ids;
mod kept;
mod keys;
mod letter_templates;
mod letterhead;
mod letters;
mod missed_counts;
mod once;
mod pending;
mod pending_settings;
mod people;
mod print_queue;
mod restrictions;
mod self_assessment;
mod settings;
mod sign_in;
mod staff;
mod texts;
mod tsm;
mod updates;
mod work;

pub use accounts::{Actor, Permission, Role, Scope};
pub use acting::Stated;
pub use annual_report::{AnnualReportView, MAX_REPORT_DOCUMENT_BYTES, ReportDocumentInput};
pub use board_pack::BoardPack;
pub use case_file::CaseFile;
pub use case_people::CasePeople;
pub use choices::CaseListChoices;
pub use clock::{Clock, FixedClock, SystemClock};
pub use complaints::{ComplaintIntake, ComplaintView, RecordedEvent, may_pass_complaints, summarise};
pub use correspondence::{AttachmentInput, CorrespondenceInput, CorrespondenceRecord};
pub use dashboard::Dashboard;
pub use delivery::{
    Accepted, DeliveryOptions, DeliveryRound, EmailInput, MailSender, OutgoingFile, OutgoingMessage, SendError,
};
pub use drafts::{DraftFields, DraftedResponse, ResponseDraft, ResponseLetter, ResponseTask};
pub use error::AppError;
pub use export::ExportedComplaint;
pub use finding::MOST_FOUND;
pub use history::{HistoryImport, IMPORTED_AT_ONCE, ImportRefusal, ImportedComplaint};
pub use homes::{HomeSelection, Homes};
pub use ids::{IdSource, RandomIds};
pub use keys::{Answer, RequestKey};
pub use letter_templates::LetterWording;
pub use letterhead::MAX_LOGO_BYTES;
pub use letters::{
    DeliveryChoices, IssueLetter, IssuedLetter, LetterDelivery, LetterExtra, LetterPreview, render_letter,
};
pub use once::{Keyed, Once};
pub use pending::PendingComplaint;
pub use pending_settings::{Known, PendingSettings};
pub use people::{RepresentativeInput, ResidentInput, ResidentRecord, ServiceRequestInput};
pub use self_assessment::{AssessmentList, AssessmentStart, AssessmentView, ChangesView, ProvisionRow, SectionView};
pub use sign_in::{
    FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS, MIN_PASSWORD_CHARS, SESSION_IDLE, SignIn, THROTTLE_WINDOW,
};
pub use staff::{COMMAND_LINE, NewStaff, StaffMember};
pub use tsm::{TsmReport, TsmReports};
pub use work::{MY_WORK_LIMIT, MyWork, WORK_PAGE};

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::calendar::{WorkingCalendar, london};
use redress_domain::code::CodeBook;
use redress_storage::{Backend, Database, NewRequestKey};

/// Everything a use case needs: the database, the Code, the organisation's calendar and the
/// clock. Cheap to clone.
#[derive(Clone)]
pub struct App {
    db: Database,
    code: &'static CodeBook,
    calendar: Arc<WorkingCalendar>,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    /// The key of the keyed request a change to the register runs for (set by `once.rs` on
    /// its own copy), which the change's write stores in its transaction.
    register_key: Option<Arc<NewRequestKey>>,
    /// New complaints waiting to be written together (`grouped.rs`), shared by every copy.
    together: Arc<grouped::Together>,
    /// Landlords' calendars kept between requests (`kept.rs`), shared by every copy.
    calendars: Arc<kept::Kept<WorkingCalendar>>,
    /// Landlords' people and categories kept between requests (`kept.rs`, `choices.rs`),
    /// shared by every copy.
    people: Arc<kept::Kept<Arc<choices::LandlordPeople>>>,
    /// Rung when an email is queued, to wake the delivery worker (`delivery.rs`), shared by
    /// every copy.
    outbox_bell: Arc<tokio::sync::Notify>,
}

impl App {
    /// An application over `db`, counting working days with `calendar` and reading the time
    /// from `clock`.
    pub fn new(db: Database, calendar: WorkingCalendar, clock: Arc<dyn Clock>) -> Result<App, AppError> {
        Ok(App {
            db,
            code: CodeBook::embedded()?,
            calendar: Arc::new(calendar),
            clock,
            ids: Arc::new(RandomIds),
            register_key: None,
            together: Arc::default(),
            calendars: Arc::default(),
            people: Arc::default(),
            outbox_bell: Arc::default(),
        })
    }

    /// The same application, taking new record ids from `ids`.
    pub fn with_ids(self, ids: Arc<dyn IdSource>) -> App {
        App { ids, ..self }
    }

    /// The same application, its change to the register storing `key` with its record.
    pub(crate) fn with_register_key(self, key: Option<NewRequestKey>) -> App {
        App { register_key: key.map(Arc::new), ..self }
    }

    /// The key a change to the register stores with its record, if it runs for a keyed
    /// request ([`App::once`]).
    pub(crate) fn register_key(&self) -> Option<&NewRequestKey> {
        self.register_key.as_deref()
    }

    /// A new record id.
    pub(crate) fn new_id(&self) -> String {
        self.ids.new_id()
    }

    /// The database: storage is reached through the use cases only.
    pub(crate) fn db(&self) -> &Database {
        &self.db
    }

    /// Whether the database answers (for health checks).
    pub async fn ping(&self) -> Result<(), AppError> {
        Ok(self.db.ping().await?)
    }

    /// Which database this is, for the logs.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// The Code.
    pub fn code(&self) -> &'static CodeBook {
        self.code
    }

    /// The working-day calendar common to every organisation: bank holidays and the closure
    /// days of the configuration. An organisation's own is [`App::calendar_for`].
    pub fn calendar(&self) -> &WorkingCalendar {
        &self.calendar
    }

    /// Now.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Today's date in England.
    pub fn today(&self) -> Result<Date, AppError> {
        Ok(london::local_date(self.now())?)
    }
}
