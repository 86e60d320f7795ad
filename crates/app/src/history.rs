//! Importing complaint history from other systems (issue 12, `redress import complaints`):
//! each past complaint ([`HistoryRow`], the domain's) is logged and lived through the same
//! [`log`] and [`decide`] as a live one, each step stated as it happened and recorded now (so a
//! step that met its deadline is flagged as recorded after it, Code 5.12, with the reason that
//! it was imported), and written whole, many in one transaction, as the demo writes its lives
//! (`pending.rs`, [`redress_storage::Database::create_whole_complaints`]).
//!
//! What the history does not give is set up once per landlord ([`App::history_import`]): one
//! resident standing for the residents the history does not name, and two members of staff,
//! disabled so that no one signs in as them, who record (and handle) the imported stages, one
//! for each stage as Code 6.13 keeps stage 1's people from stage 2. A category the landlord's
//! list does not have is added to it. A complaint whose reference was imported before is
//! skipped, never imported twice (the references are kept, unique, in `imported_complaints`).

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::categories::{Category, checked_name};
use redress_domain::complaint::{Complaint, Context, Event, LogComplaint, decide, log};
use redress_domain::history::{Handlers, HistoryRow, IMPORTED, RowError};
use redress_domain::ids::{CategoryId, ComplaintId, OrganisationId, ResidentId, UserId};
use redress_domain::ombudsman::OmbudsmanContact;
use redress_storage::{NewResident, NewUser, Organisation, OrganisationKind, ResidentDetails, WholeComplaint};

use crate::complaints::{new_complaint, stored, summarise};
use crate::work::work_items;
use crate::{Actor, App, AppError, Role, Scope};

/// How many imported complaints are written in one transaction.
pub const IMPORTED_AT_ONCE: usize = 1_000;

/// What importing one landlord's history holds from start to end: its settings, read once,
/// the people who stand in for those the history does not name, and the references imported.
#[derive(Debug)]
pub struct HistoryImport {
    landlord: OrganisationId,
    calendar: WorkingCalendar,
    ombudsman: OmbudsmanContact,
    categories: Vec<Category>,
    /// The categories by name, lower-cased.
    category_ids: HashMap<String, Category>,
    resident: ResidentId,
    stage1: Actor,
    stage2: Actor,
    /// References imported before this import.
    before: HashSet<String>,
    /// References of this import so far.
    now_imported: HashSet<String>,
    /// Whether this import writes (or only checks, adding nothing, not even a category).
    writes: bool,
    /// The time every step is recorded at: when the import began.
    now: Timestamp,
}

/// A complaint of the history decided, ready to be written.
#[derive(Debug, Clone)]
pub struct ImportedComplaint(WholeComplaint);

/// Why a row of the history was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportRefusal {
    /// The row's steps cannot be a complaint's.
    #[error(transparent)]
    Row(#[from] RowError),
    /// The Code, or another rule of the record, refuses a step: the reason names the provision.
    #[error("{0}")]
    Refused(AppError),
    /// Its reference appears earlier in this import.
    #[error("the reference {0} appears more than once")]
    Duplicate(String),
}

impl From<AppError> for ImportRefusal {
    fn from(error: AppError) -> ImportRefusal {
        ImportRefusal::Refused(error)
    }
}

impl HistoryImport {
    /// The landlord whose history it is.
    pub fn landlord(&self) -> &OrganisationId {
        &self.landlord
    }

    /// Whether it writes (or only checks).
    pub fn writes(&self) -> bool {
        self.writes
    }
}

impl App {
    /// Gets ready to import `landlord`'s history: reads its settings and the references
    /// imported before, and adds the resident and the two members of staff who stand in for
    /// those the history does not name, unless an earlier import added them.
    pub async fn history_import(&self, landlord: &Organisation) -> Result<HistoryImport, AppError> {
        self.history(landlord, true).await
    }

    /// As [`App::history_import`], to check rows only: nothing is added, not even the people
    /// standing in, and [`App::import_row`] adds no category.
    pub async fn history_check(&self, landlord: &Organisation) -> Result<HistoryImport, AppError> {
        self.history(landlord, false).await
    }

    async fn history(&self, landlord: &Organisation, writes: bool) -> Result<HistoryImport, AppError> {
        if landlord.kind != OrganisationKind::Landlord {
            return Err(AppError::Invalid(format!("\"{}\" is not a landlord", landlord.name)));
        }
        let org = &landlord.id;
        let resident = self.stand_in_resident(org, writes).await?;
        let stage1 = self.stand_in_staff(org, 1, writes).await?;
        let stage2 = self.stand_in_staff(org, 2, writes).await?;
        let categories = self.db().categories(org).await?;
        let category_ids = categories.iter().map(|c| (c.name.to_lowercase(), c.clone())).collect();
        Ok(HistoryImport {
            landlord: org.clone(),
            calendar: self.calendar_for(org).await?,
            ombudsman: self.ombudsman_for(org).await?,
            categories,
            category_ids,
            resident,
            stage1,
            stage2,
            before: self.db().imported_references(org).await?.into_iter().collect(),
            now_imported: HashSet::new(),
            writes,
            now: self.now(),
        })
    }

    /// Decides one row of the history, writing nothing but a category new to the landlord's
    /// list: `Ok(None)` when its reference was imported before (it is skipped); refused when
    /// it appeared earlier in this import.
    pub async fn import_row(
        &self,
        import: &mut HistoryImport,
        row: HistoryRow,
    ) -> Result<Option<ImportedComplaint>, ImportRefusal> {
        row.check()?;
        let reference = row.reference.trim().to_owned();
        if import.before.contains(&reference) {
            return Ok(None);
        }
        if import.now_imported.contains(&reference) {
            return Err(ImportRefusal::Duplicate(reference));
        }
        // Only the row's category is offered to the domain's choice, as in use: a retired
        // one is still the history's.
        let categories = match &row.category {
            Some(name) if !name.trim().is_empty() => vec![self.category(import, name).await?],
            _ => Vec::new(),
        };
        let whole = self.decide_row(import, &row, &reference, categories)?;
        import.now_imported.insert(reference);
        Ok(Some(ImportedComplaint(whole)))
    }

    /// Writes `complaints`, all of landlord `landlord` (decided by an import of its history,
    /// [`App::history_import`]), in one transaction; returns how many. Owning what it takes,
    /// it can run while the next complaints are decided.
    pub async fn write_imported(
        self,
        landlord: OrganisationId,
        complaints: Vec<ImportedComplaint>,
    ) -> Result<usize, AppError> {
        let whole: Vec<WholeComplaint> = complaints.into_iter().map(|c| c.0).collect();
        Ok(self.db().create_whole_complaints(&landlord, &whole).await?.len())
    }

    /// The row's complaint logged and lived in memory.
    fn decide_row(
        &self,
        import: &HistoryImport,
        row: &HistoryRow,
        reference: &str,
        categories: Vec<Category>,
    ) -> Result<WholeComplaint, ImportRefusal> {
        let id = ComplaintId::trusted(self.new_id());
        let calendar = &import.calendar;
        let code = self.code();
        let command = LogComplaint {
            id: id.clone(),
            organisation: import.landlord.clone(),
            handling_organisation: import.landlord.clone(),
            channel: row.channel,
            issue_occurred_on: row.issue_occurred_on()?,
            became_aware_on: None,
            description: row.description(),
            categories: categories.iter().map(|c| c.id.clone()).collect(),
            category_list: categories,
            risks: Default::default(),
            risk_notes: None,
            complexity: Default::default(),
            resident: import.resident.clone(),
            representative: None,
            property: None,
            service_requests: Vec::new(),
            linked_complaints: Vec::new(),
        };
        let context = Context::new(import.now, Some(row.received_at), calendar, code).map_err(AppError::from)?;
        let mut logged = log(command, Some(row.logged_on()?), &context).map_err(AppError::from)?;
        if let Event::Logged(logged) = &mut logged {
            logged.imported_from = Some(reference.to_owned());
        }
        let mut complaint = Complaint::from_events([&logged]).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let mut events = vec![stored(&logged, &import.stage1, import.now)?];
        let mut decided_events = vec![logged.clone()];
        let late_reason = format!("{IMPORTED} (its reference {reference}): recorded when imported.");
        let handlers = Handlers { stage1: &import.stage1.user_id, stage2: &import.stage2.user_id };
        for step in row.steps(handlers) {
            let actor = match step.stage {
                redress_domain::complaint::StageNumber::One => &import.stage1,
                redress_domain::complaint::StageNumber::Two => &import.stage2,
            };
            let context = Context::new(import.now, Some(step.at), calendar, code)
                .map_err(AppError::from)?
                .with_ombudsman(&import.ombudsman)
                .with_late_reason(Some(&late_reason));
            let decided = decide(&complaint, step.command, &context).map_err(AppError::from)?;
            for event in &decided {
                complaint.apply(event);
                events.push(stored(event, actor, import.now)?);
            }
            decided_events.extend(decided);
        }
        let tsm = self.tsm_facts(&decided_events, calendar)?;
        let deadlines = self.deadlines_of(&complaint, calendar)?;
        let next_update = self.next_update_of(&complaint, &deadlines, calendar)?;
        let summary = summarise(&complaint, &deadlines, next_update.as_ref());
        Ok(WholeComplaint {
            work: work_items(&id, &complaint, summary.handler.as_deref()),
            complaint: new_complaint(id, summary, &complaint),
            events,
            correspondence: Vec::new(),
            service_requests: Vec::new(),
            imported_from: Some(reference.to_owned()),
            tsm,
        })
    }

    /// The landlord's category named `name` (ignoring case), added to its list if it has
    /// none, as in use.
    async fn category(&self, import: &mut HistoryImport, name: &str) -> Result<Category, AppError> {
        let key = name.trim().to_lowercase();
        if let Some(category) = import.category_ids.get(&key) {
            return Ok(Category { retired: false, ..category.clone() });
        }
        let name = checked_name(name, &import.categories, None)?;
        let id = CategoryId::trusted(self.new_id());
        if import.writes {
            self.db().add_category(&import.landlord, &id, &name).await?;
        }
        let category = Category { id, name, retired: false };
        import.categories.push(category.clone());
        import.category_ids.insert(key, category.clone());
        Ok(category)
    }

    /// The resident who stands for those the history does not name, added on first use.
    async fn stand_in_resident(&self, org: &OrganisationId, writes: bool) -> Result<ResidentId, AppError> {
        let id = ResidentId::trusted(format!("imported-{org}"));
        if writes && self.db().get_resident(org, &id).await?.is_none() {
            let details = ResidentDetails {
                name: "Resident not recorded (imported history)".into(),
                reference: None,
                email: None,
                phone: None,
                address: None,
                preferred_contact_method: None,
                preferred_format: None,
                disabilities: serde_json::Value::Array(Vec::new()),
                vulnerabilities: serde_json::Value::Array(Vec::new()),
                reasonable_adjustments: serde_json::Value::Array(Vec::new()),
                support_review_on: None,
            };
            let new = NewResident { id: id.clone(), details, created_at: self.now() };
            self.db().create_resident(org, &new).await?;
        }
        Ok(id)
    }

    /// The member of staff who records and handles stage `stage` of imported complaints,
    /// added (disabled: no one signs in as them) on first use.
    async fn stand_in_staff(&self, org: &OrganisationId, stage: u8, writes: bool) -> Result<Actor, AppError> {
        let id = UserId::trusted(format!("import{stage}-{org}"));
        let name = format!("Imported history, stage {stage}");
        if writes && self.db().get_user(org, &id).await?.is_none() {
            let new = NewUser {
                id: id.clone(),
                name: name.clone(),
                role: Role::Handler.as_str().into(),
                created_at: self.now(),
            };
            let user = self.db().create_user(org, &new).await?;
            let by = redress_storage::Assigner { user_id: None, name: crate::COMMAND_LINE.to_owned() };
            self.record_first_role(&user, Role::Handler, &by).await?;
            self.db().set_user_disabled(org, &id, true).await?;
        }
        Ok(Actor { user_id: id, name, organisation_id: org.clone(), role: Role::Handler, scope: Scope::landlord(org) })
    }
}
