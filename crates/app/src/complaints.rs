//! Complaints: logging one and reading one. Acting on one is in `acting.rs`, listing them in
//! `complaint_list.rs`.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::categories::Category;
use redress_domain::complaint::{
    Channel, Command, Complaint, Complexity, Context, Deadline, Event, LogComplaint, Risk, Status, UpdateDue,
    answered_late, deadlines, log, met_only_by_late_records, next_open,
};
use redress_domain::ids::{
    CategoryId, ComplaintId, OrganisationId, PropertyId, RepresentativeId, ResidentId, ServiceRequestId, UserId,
};
use redress_domain::ombudsman::OmbudsmanContact;
use redress_storage::{
    Complaint as StoredComplaint, ComplaintSummary, NewComplaint, NewEvent, StorageError, StoredEvent, Triage,
};
use serde::{Deserialize, Serialize};

use crate::grouped::NewCreation;
use crate::ids::id_for_key;
use crate::keys::{Answer, RequestKey, answered};
use crate::{Actor, App, AppError, Permission, Scope};

/// A new complaint as staff record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintIntake {
    /// When it was received (default: now). May be in the past, for complaints recorded late
    /// or brought in from another system; the Code in force then governs it.
    #[serde(default)]
    pub received_at: Option<Timestamp>,
    /// When it was logged, if not today.
    #[serde(default)]
    pub logged_on: Option<Date>,
    /// The organisation handling it: the caller's (the default), or a managing agent or
    /// contractor acting for it (Code 5.4).
    #[serde(default)]
    pub handling_organisation_id: Option<OrganisationId>,
    /// How it arrived.
    pub channel: Channel,
    /// When the issue occurred (Code 2.3). Also accepted as `issue_date`, its name before
    /// the date the resident became aware of it was recorded apart.
    #[serde(alias = "issue_date")]
    pub issue_occurred_on: Date,
    /// When the resident became aware of the issue, if later than it occurred: Code 2.3's 12
    /// months count from the later of the two.
    #[serde(default)]
    pub became_aware_on: Option<Date>,
    /// What it is about, as the resident put it.
    pub description: String,
    /// The categories it is about, by id, from the organisation's list (none retired).
    #[serde(default)]
    pub categories: Vec<CategoryId>,
    /// The risks considered at triage (Code 6.1): always asked, so required; an empty list
    /// says none was found.
    pub risks: BTreeSet<Risk>,
    /// What the risks are for this resident, in words; required for `other`.
    #[serde(default)]
    pub risk_notes: Option<String>,
    /// How complex it is, considered at triage (Code 6.1): always asked, so required.
    pub complexity: Complexity,
    /// The resident.
    pub resident_id: ResidentId,
    /// A representative acting for them, with their authority on record (Code 3.6).
    #[serde(default)]
    pub representative_id: Option<RepresentativeId>,
    /// The home it concerns.
    #[serde(default)]
    pub property_id: Option<PropertyId>,
    /// The service requests it arose from; they stay open (Code 1.5).
    #[serde(default)]
    pub service_request_ids: Vec<ServiceRequestId>,
    /// Related complaints.
    #[serde(default)]
    pub linked_complaint_ids: Vec<ComplaintId>,
}

/// One event of a complaint's record, with who recorded it and when, and its place in the
/// hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedEvent {
    /// Its position in the complaint's record, from 1.
    pub seq: i64,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// Who recorded it.
    pub actor: String,
    /// The SHA-256 chaining it to the event before.
    pub hash: String,
    /// What happened.
    pub event: Event,
}

/// A complaint as a caller sees it: its state, every deadline with its explanation, and its
/// whole record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintView {
    /// Its id.
    pub id: ComplaintId,
    /// Its reference.
    pub reference: String,
    /// Its status.
    pub status: Status,
    /// Its current stage.
    pub stage: u8,
    /// The complaint, rebuilt from its record.
    pub complaint: Complaint,
    /// Every deadline it has reached, judged today.
    pub deadlines: Vec<Deadline>,
    /// The next update due to the resident, judged today (Code 5.9).
    pub next_update: Option<UpdateDue>,
    /// The record.
    pub events: Vec<RecordedEvent>,
}

/// What triage found when the complaint was logged, for the list's filters.
pub(crate) fn triage_of(complaint: &Complaint) -> Triage {
    Triage { complexity: complaint.logged.complexity, risks: complaint.logged.risks.clone() }
}

/// Who handles the complaint now, as lists show it: the current stage's handler, or stage
/// 1's while stage 2 awaits its acknowledgement.
pub(crate) fn handler_of(complaint: &Complaint) -> Option<UserId> {
    complaint.current_stage().handler().or(complaint.stage1.handler()).cloned()
}

/// The summary columns of a complaint, for lists and filters.
pub fn summarise(complaint: &Complaint, deadlines: &[Deadline], next_update: Option<&UpdateDue>) -> ComplaintSummary {
    let current = complaint.current_stage();
    let handler = handler_of(complaint);
    let deadline = next_open(deadlines).or(deadlines.last());
    ComplaintSummary {
        resident_id: complaint.logged.resident.clone(),
        stage: Some(current.number.into()),
        status: complaint.status(),
        handler,
        organisation_handling: complaint.handling_organisation().clone(),
        received_on: complaint.logged.received_on,
        channel: complaint.logged.channel.as_str().to_owned(),
        next_due: next_open(deadlines).map(|d| d.due),
        deadline_status: deadline.map(|d| d.status.as_str().to_owned()),
        next_update_due: next_update.map(|u| u.due),
        met_by_late_records: u32::try_from(met_only_by_late_records(deadlines)).unwrap_or(u32::MAX),
        deadlines_answered_late: Some(u32::try_from(answered_late(deadlines)).unwrap_or(u32::MAX)),
        search_text: search_text_of(complaint),
    }
}

/// The words full-text search finds a complaint by: its description, then the points of each
/// stage, one a line.
fn search_text_of(complaint: &Complaint) -> String {
    let stages = std::iter::once(&complaint.stage1).chain(complaint.stage2.as_ref());
    let definitions = stages.filter_map(|stage| stage.acknowledgement.as_ref().map(|a| &a.definition));
    let points = definitions.flat_map(|definition| definition.points.iter().map(|p| p.text.as_str()));
    std::iter::once(complaint.logged.description.as_str()).chain(points).collect::<Vec<_>>().join("\n")
}

/// A new complaint as storage creates it: its id, summary, and what is fixed when it is
/// logged (triage, categories).
pub(crate) fn new_complaint(id: ComplaintId, summary: ComplaintSummary, complaint: &Complaint) -> NewComplaint {
    NewComplaint { id, summary, triage: triage_of(complaint), categories: complaint.logged.category_ids.clone() }
}

pub(crate) fn stored(event: &Event, actor: &Actor, recorded_at: Timestamp) -> Result<NewEvent, AppError> {
    let payload = serde_json::to_string(event).map_err(|e| AppError::Corrupt(e.to_string()))?;
    // The tag comes first in what serde writes, so the kind is read from the payload rather
    // than by serialising the event a second time (importers store millions).
    let kind = match payload.strip_prefix(r#"{"type":""#).and_then(|rest| rest.split_once('"')) {
        Some((kind, _)) => kind.to_owned(),
        None => serde_json::to_value(event)
            .ok()
            .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
            .unwrap_or_default(),
    };
    Ok(NewEvent { kind, payload, actor: actor.user_id.to_string(), recorded_at })
}

pub(crate) fn read(events: Vec<StoredEvent>) -> Result<Vec<RecordedEvent>, AppError> {
    events
        .into_iter()
        .map(|e| {
            let event = serde_json::from_str(&e.payload)
                .map_err(|err| AppError::Corrupt(format!("event {} of complaint {}: {err}", e.seq, e.complaint_id)))?;
            Ok(RecordedEvent { seq: e.seq, recorded_at: e.recorded_at, actor: e.actor, hash: e.hash, event })
        })
        .collect()
}

/// The complaint its record makes. Each event's stored actor stands in as the recorder of an
/// acknowledgement or response stored before events named theirs (Code 6.13).
pub(crate) fn rebuild(events: &[RecordedEvent]) -> Result<Complaint, AppError> {
    Complaint::from_recorded(events.iter().map(|e| (&e.event, e.actor.parse().ok())))
        .map_err(|e| AppError::Corrupt(e.to_string()))
}

/// The view of a complaint from what a use case already holds.
pub(crate) fn view_of(
    id: ComplaintId,
    reference: String,
    complaint: Complaint,
    deadlines: Vec<Deadline>,
    next_update: Option<UpdateDue>,
    events: Vec<RecordedEvent>,
) -> ComplaintView {
    ComplaintView {
        id,
        reference,
        status: complaint.status(),
        stage: complaint.current_stage().number.into(),
        complaint,
        deadlines,
        next_update,
        events,
    }
}

/// The representative a new complaint names, with whether their authority is evidenced:
/// refused if they act for someone other than its resident.
pub(crate) fn acting_for(
    intake: &ComplaintIntake,
    id: RepresentativeId,
    acts_for: &ResidentId,
    authority_evidence: &str,
) -> Result<(RepresentativeId, bool), AppError> {
    if *acts_for != intake.resident_id {
        return Err(AppError::Invalid("the representative acts for a different resident".into()));
    }
    Ok((id, !authority_evidence.trim().is_empty()))
}

/// The organisation handling a complaint logged by the staff of `own`, a managing agent or
/// contractor: their own, whatever else is asked for.
pub(crate) fn own_handling(
    own: &OrganisationId,
    requested: Option<&OrganisationId>,
) -> Result<OrganisationId, AppError> {
    match requested {
        None => Ok(own.clone()),
        Some(requested) if requested == own => Ok(own.clone()),
        Some(_) => Err(AppError::NotFound("handling organisation")),
    }
}

/// The domain's command to log complaint `id` from `intake`, its records checked.
pub(crate) fn log_command_of(
    scope: &Scope,
    id: &ComplaintId,
    intake: ComplaintIntake,
    representative: Option<(RepresentativeId, bool)>,
    handling_organisation: OrganisationId,
    category_list: Vec<Category>,
) -> LogComplaint {
    LogComplaint {
        id: id.clone(),
        organisation: scope.landlord.clone(),
        handling_organisation,
        channel: intake.channel,
        issue_occurred_on: intake.issue_occurred_on,
        became_aware_on: intake.became_aware_on,
        description: intake.description,
        categories: intake.categories,
        category_list,
        risks: intake.risks,
        risk_notes: intake.risk_notes,
        complexity: intake.complexity,
        resident: intake.resident_id,
        representative,
        property: intake.property_id,
        service_requests: intake.service_request_ids,
        linked_complaints: intake.linked_complaint_ids,
    }
}

impl App {
    pub(crate) fn context<'a>(
        &'a self,
        at: Option<Timestamp>,
        calendar: &'a WorkingCalendar,
    ) -> Result<Context<'a>, AppError> {
        Ok(Context::new(self.now(), at, calendar, self.code())?)
    }

    /// The Housing Ombudsman's details from landlord `landlord`'s settings, when `command`
    /// gives them to the resident (its event records a copy); `None` otherwise, saving the read.
    pub(crate) async fn ombudsman_for_command(
        &self,
        landlord: &OrganisationId,
        command: &Command,
    ) -> Result<Option<OmbudsmanContact>, AppError> {
        if !command.gives_ombudsman_details() {
            return Ok(None);
        }
        Ok(Some(self.ombudsman_for(landlord).await?))
    }

    pub(crate) fn deadlines_of(
        &self,
        complaint: &Complaint,
        calendar: &WorkingCalendar,
    ) -> Result<Vec<Deadline>, AppError> {
        let version = self
            .code()
            .version(complaint.logged.code_version)
            .ok_or_else(|| AppError::Corrupt("the complaint's Code version is not in this build".into()))?;
        Ok(deadlines(complaint, version, calendar, self.today()?)?)
    }

    /// Logs a new complaint. With an idempotency key, a retry of the same request gets the
    /// first answer instead of creating another (the complaint's id is derived from the key,
    /// so two retries racing each other cannot both create one).
    pub async fn log_complaint(
        &self,
        actor: &Actor,
        intake: ComplaintIntake,
        key: Option<&RequestKey>,
    ) -> Result<Answer, AppError> {
        actor.require(Permission::ChangeCases)?;
        let scope = actor.scope.clone();
        // Keys are the caller's organisation's: an agent's key never finds the landlord's.
        let id = ComplaintId::trusted(
            key.map_or_else(|| self.new_id(), |key| id_for_key(&actor.organisation_id, &key.key, &key.fingerprint)),
        );
        let command = self.log_command(&scope, &id, intake.clone()).await?;
        let calendar = self.calendar_in(&scope).await?;
        let event = log(command, intake.logged_on, &self.context(intake.received_at, &calendar)?)?;
        let complaint = Complaint::from_events([&event]).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let deadlines = self.deadlines_of(&complaint, &calendar)?;
        let next_update = self.next_update_of(&complaint, &deadlines, &calendar)?;
        let summary = summarise(&complaint, &deadlines, next_update.as_ref());
        let first = stored(&event, actor, self.now())?;
        let request_key = self.stored_key(actor, key);
        let creation = NewCreation {
            organisation: scope.landlord.clone(),
            complaint: new_complaint(id.clone(), summary, &complaint),
            events: vec![first],
            request_key,
            tsm: self.tsm_facts([&event], &calendar)?,
        };
        let created = match self.together.create(self.db(), creation).await {
            Ok(created) => created,
            // A concurrent retry with the same key stored it first: answer as it did.
            Err(StorageError::KeyTaken { .. } | StorageError::Duplicate { .. }) if let Some(key) = key => {
                return match self.replay(actor, key).await? {
                    Some(answer) => Ok(answer),
                    // The key's day is over but its complaint exists: that is the answer.
                    None => Ok(Answer {
                        view: self.complaint(actor, &id).await?,
                        correspondence: self.correspondence_of(&scope.landlord, &id).await?,
                        status: key.status,
                        replayed: true,
                    }),
                };
            }
            Err(error) => return Err(error.into()),
        };
        tracing::info!(complaint = %id, "complaint logged");
        let (row, events) = created;
        let view = view_of(row.id, row.reference, complaint, deadlines, next_update, read(events)?);
        Ok(answered(view, Vec::new(), key, 201))
    }

    /// Checks the records a new complaint points at, in the caller's organisation, and builds
    /// the domain's command.
    pub(crate) async fn log_command(
        &self,
        scope: &Scope,
        id: &ComplaintId,
        intake: ComplaintIntake,
    ) -> Result<LogComplaint, AppError> {
        let db = self.db();
        let org = &scope.landlord;
        // An agent's or contractor's staff log complaints only for the residents they see.
        self.visible_resident(scope, &intake.resident_id).await?;
        // The list is read only when a category is chosen (none need no check), and is kept
        // between requests with the landlord's people (`choices.rs`).
        let category_list = if intake.categories.is_empty() {
            Vec::new()
        } else {
            self.landlord_people(scope).await?.categories().to_vec()
        };
        let representative = match &intake.representative_id {
            Some(rep_id) => {
                let rep = db.get_representative(org, rep_id).await?.ok_or(AppError::NotFound("representative"))?;
                Some(acting_for(&intake, rep.id, &rep.resident_id, &rep.authority_evidence)?)
            }
            None => None,
        };
        if let Some(property) = &intake.property_id {
            let home = db.get_property(org, property).await?.ok_or(AppError::NotFound("property"))?;
            // Nor can they name a home their organisation does not manage.
            if let Some(own) = &scope.handling
                && home.manager.as_ref().is_none_or(|m| &m.organisation != own)
            {
                return Err(AppError::NotFound("property"));
            }
        }
        for request in &intake.service_request_ids {
            db.get_service_request(org, request).await?.ok_or(AppError::NotFound("service request"))?;
        }
        self.check_linked(scope, &intake).await?;
        let handling = match &scope.handling {
            Some(own) => own_handling(own, intake.handling_organisation_id.as_ref())?,
            None => self.handling_organisation(org, intake.handling_organisation_id.as_ref()).await?,
        };
        Ok(log_command_of(scope, id, intake, representative, handling, category_list))
    }

    /// Checks that the complaints a new complaint is linked to are within `scope`.
    pub(crate) async fn check_linked(&self, scope: &Scope, intake: &ComplaintIntake) -> Result<(), AppError> {
        for linked in &intake.linked_complaint_ids {
            self.complaint_row(scope, linked).await.map_err(|_| AppError::NotFound("linked complaint"))?;
        }
        Ok(())
    }

    /// Refuses to pass complaint `complaint_id` to `organisation` unless the caller is the
    /// landlord's staff and the organisation is the landlord or acts for it (Code 5.4): an
    /// agent's staff handle what they are given, and pass nothing on (a complaint outside
    /// their scope is not found first, so the refusal does not say it exists).
    pub(crate) async fn check_passed_to(
        &self,
        scope: &Scope,
        complaint_id: &ComplaintId,
        organisation: &OrganisationId,
    ) -> Result<(), AppError> {
        if scope.is_agent() {
            self.complaint_row(scope, complaint_id).await?;
        }
        may_pass_complaints(scope)?;
        self.handling_organisation(&scope.landlord, Some(organisation)).await.map(|_| ())
    }

    /// The organisation that will handle a complaint: the landlord itself, or a managing agent
    /// or contractor acting for it (Code 5.4).
    async fn handling_organisation(
        &self,
        org: &OrganisationId,
        requested: Option<&OrganisationId>,
    ) -> Result<OrganisationId, AppError> {
        let Some(requested) = requested.filter(|r| *r != org) else { return Ok(org.clone()) };
        let agent = self.db().get_organisation(requested).await?.ok_or(AppError::NotFound("handling organisation"))?;
        if agent.parent_id.as_ref() != Some(org) {
            return Err(AppError::NotFound("handling organisation"));
        }
        Ok(agent.id)
    }

    pub(crate) async fn load(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<StoredEvent>, AppError> {
        match self.db().load_events(org, complaint_id).await {
            Ok(events) => Ok(events),
            Err(StorageError::NotFound { .. }) => Err(AppError::NotFound("complaint")),
            Err(error) => Err(error.into()),
        }
    }

    /// The stored row of a complaint within `scope`: of its landlord and, for an agent's or
    /// contractor's staff, handled by their organisation. Any other is not found.
    pub(crate) async fn complaint_row(
        &self,
        scope: &Scope,
        complaint_id: &ComplaintId,
    ) -> Result<StoredComplaint, AppError> {
        let row = self.db().get_complaint(&scope.landlord, complaint_id).await?;
        row.filter(|r| scope.covers(&r.summary.organisation_handling)).ok_or(AppError::NotFound("complaint"))
    }

    /// A complaint with its deadlines and record.
    pub async fn complaint(&self, actor: &Actor, complaint_id: &ComplaintId) -> Result<ComplaintView, AppError> {
        self.complaint_upto(actor, complaint_id, None).await
    }

    /// A complaint as its record stood at event `upto` (all of it if `None`), with its
    /// deadlines judged today: what a replayed request answers.
    pub(crate) async fn complaint_upto(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        upto: Option<i64>,
    ) -> Result<ComplaintView, AppError> {
        let scope = actor.scope.clone();
        let row = self.complaint_row(&scope, complaint_id).await?;
        let mut events = read(self.load(&scope.landlord, &row.id).await?)?;
        if let Some(upto) = upto {
            events.retain(|e| e.seq <= upto);
        }
        let complaint = rebuild(&events)?;
        if !scope.covers(complaint.handling_organisation()) {
            return Err(AppError::NotFound("complaint"));
        }
        let calendar = self.calendar_in(&scope).await?;
        let deadlines = self.deadlines_of(&complaint, &calendar)?;
        let next_update = self.next_update_of(&complaint, &deadlines, &calendar)?;
        Ok(view_of(row.id, row.reference, complaint, deadlines, next_update, events))
    }
}

/// Refuses the staff of a managing agent or contractor, who handle the complaints they are
/// given and pass none on: only the landlord's staff pass a complaint to another organisation.
pub fn may_pass_complaints(scope: &Scope) -> Result<(), AppError> {
    if scope.is_agent() {
        return Err(AppError::Forbidden(
            "the staff of a managing agent or contractor cannot pass a complaint to another organisation".into(),
        ));
    }
    Ok(())
}
