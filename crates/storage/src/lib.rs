//! Storage for Redress: the only crate that knows SQL.
//!
//! One [`Database`] value stands for either backend, chosen at run time from
//! the URL scheme: SQLite (the default, one file) or PostgreSQL. Both use
//! plain, portable SQL through sqlx's concrete pools, never its `Any` driver,
//! and each has its own migration folder kept in lockstep
//! (`migrations/sqlite`, `migrations/postgres`, same file names).
//!
//! What belongs here: connecting, migrating, queries and the mapping between
//! rows and domain types. What does not: HTTP, templates, business rules
//! (those live in `redress-domain`), reading configuration.
//!
//! Every query must behave the same on both backends; the `conformance`
//! test target runs one suite against each. With the `testing` feature the
//! [`testing`] module hands other crates fresh databases for their tests.

#[macro_use]
mod dispatch;
#[macro_use]
mod events;

mod annual_reports;
mod audit;
mod backend;
mod batches;
mod categories;
mod checkpoints;
mod complaint_list;
mod complaints;
mod correspondence;
mod creations;
mod dashboard_reads;
mod database;
mod drafts;
mod error;
mod hashing;
mod homes;
mod idempotency;
mod letter_templates;
mod letterhead;
mod migrate;
mod missed_counts;
mod organisations;
mod outbox;
mod paging;
mod people;
mod people_list;
mod print_queue;
mod query;
mod registers;
mod reporting;
mod resident_search;
mod residents;
mod restrictions;
mod roles;
mod search;
mod self_assessments;
mod service_requests;
mod sessions;
mod settings;
#[cfg(feature = "testing")]
pub mod testing;
mod throttle;
mod triage;
mod tsm_stages;
mod tx;
mod users;
mod values;
mod whole_records;
mod work;

pub use annual_reports::{
    AnnualReportText, NewReportDocument, Published, ReportApproval, ReportDocumentInfo, Step, StoredAnnualReport,
};
pub use audit::{
    AuditOptions, AuditProblem, AuditReport, AuditedComplaint, AuditedFile, ComplaintAudit, ContentCheck,
    ContentFinding, ProblemKind, RegistryHead,
};
pub use backend::Backend;
pub use checkpoints::Checkpoint;
pub use complaint_list::{ComplaintFilter, ListOrder, ListedComplaint};
pub use complaints::{Complaint, ComplaintSummary, NewComplaint};
pub use correspondence::{Attachment, AttachmentInfo, Correspondence, Direction, NewAttachment, NewCorrespondence};
pub use creations::{Creation, MOST_CREATED_TOGETHER};
pub use database::Database;
pub use drafts::{
    DraftAttachment, DraftAttachmentInfo, DraftKey, DraftSave, NewDraftAttachment, ResponseDraft, UsedDraft,
};
pub use error::StorageError;
pub use events::{EventRow, Extras, NewEvent, StoredEvent, chain as chain_events};
pub use hashing::{
    CheckpointHead, GENESIS_HASH, checkpoint_digest, event_hash, hash_token, registry_hash, request_fingerprint,
    sha256_hex,
};
pub use homes::{Assignment, HomeFilter, MOST_HOMES, Manager};
pub use idempotency::{
    COMPLAINT, KEY_LIFETIME_HOURS, NewRequestKey, PROPERTY, REPRESENTATIVE, RESIDENT, RESTRICTION, RequestKeyRecord,
    SERVICE_REQUEST, key_expiry,
};
pub use letter_templates::LetterTemplateVersion;
pub use letterhead::{Logo, NewLogo};
pub use missed_counts::ComplaintKey;
pub use organisations::{NewOrganisation, Organisation, OrganisationKind};
pub use outbox::{Email, EmailAttempt, EmailFile, EmailFileInfo, EmailRecord, NewEmail, NewEmailAttempt, NewEmailFile};
pub use paging::{ComplaintCursor, Cursor, Page, Paged, ResidentCursor, ServiceRequestCursor, WorkCursor};
pub use people::{NewProperty, NewRepresentative, Property, Representative};
pub use people_list::{ResidentFilter, ServiceRequestFilter};
pub use print_queue::{NewPrintItem, Posted, PrintItem};
pub use registers::NewHome;
pub use resident_search::{CANDIDATES as MOST_SEARCH_CANDIDATES, ResidentMatches, ResidentSearch};
pub use residents::{NewResident, Resident, ResidentDetails};
pub use restrictions::{NewRestriction, Restriction};
pub use roles::{Assigner, RoleAssignment, RoleHolder, UserChange};
pub use self_assessments::{
    EntrySave, EntryVersion, NewAssessment, StoredAssessment, StoredNonCompliance, StoredTrigger,
};
pub use service_requests::{NewServiceRequest, ServiceRequest};
pub use sessions::{Credentials, NewSession};
pub use settings::{OrganisationDetails, StoredClosureDay};
pub use throttle::{FailureKey, RecentFailures};
pub use triage::Triage;
pub use tsm_stages::TsmStagesOf;
pub use users::{LandlordVersions, NewUser, User};
pub use whole_records::WholeComplaint;
pub use work::{ListedWorkItem, WorkFilter, WorkItem, WorkKind};

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use redress_domain::ids::{AttachmentId, ComplaintId, OrganisationId, ResidentId, UserId};

    use super::*;

    fn is_send<T: Send>(_: &T) {}

    /// The web server runs these on a multi-threaded runtime, so every
    /// storage future must be `Send`. (Only compiled, never awaited.)
    #[tokio::test]
    async fn storage_futures_can_move_between_threads() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let (org, user) = (OrganisationId::trusted("o".into()), UserId::trusted("u".into()));
        let summary = ComplaintSummary {
            resident_id: ResidentId::trusted("r".into()),
            stage: None,
            status: redress_domain::complaint::Status::Investigating,
            handler: None,
            organisation_handling: org.clone(),
            received_on: jiff::civil::date(2025, 1, 1),
            channel: String::new(),
            next_due: None,
            deadline_status: None,
            next_update_due: None,
            met_by_late_records: 0,
            deadlines_answered_late: Some(0),
            search_text: String::new(),
        };
        let new = NewComplaint {
            id: ComplaintId::trusted("c".into()),
            summary: summary.clone(),
            triage: Triage::default(),
            categories: Vec::new(),
        };
        is_send(&db.create_complaint(&org, &new, &[]));
        is_send(&db.append_events(&org, &new.id, 1, &[], &summary));
        is_send(&db.load_events(&org, &new.id));
        is_send(&db.list_complaints(&org, &ComplaintFilter::default()));
        is_send(&db.verify_audit());
        is_send(&db.get_attachment(&org, &AttachmentId::trusted("a".into())));
        is_send(&db.find_user_by_token_hash("h"));
        is_send(&db.add_api_token(&org, &user, "h", Timestamp::UNIX_EPOCH));
        is_send(&db.request_key(&org, "k", Timestamp::UNIX_EPOCH));
        is_send(&db.make_checkpoint(&org, Timestamp::UNIX_EPOCH));
        is_send(&db.audit(AuditOptions::default()));
    }
}
