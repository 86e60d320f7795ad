//! Pending complaints: a complaint's life decided step by step in memory, then written whole,
//! with many others, in one transaction.
//!
//! A live request is one unit of work per step: read the record, decide, write. Making a
//! complaint's whole history at once (the demo generator; an importer of another system's
//! cases) that way pays for a read and a transaction at every step. A [`PendingComplaint`]
//! is the unit of work instead: it holds the complaint's record from the moment it is logged,
//! with the service requests raised for it ([`App::raise_pending`]), and each step is decided
//! by the same code as a live request's — the same checks of the actor and of the people and
//! grounds a command names (made on the landlord's settings read once and the records the
//! caller knows, see `pending_settings.rs`), [`decide`], the deadlines, the summary and the
//! [`ComplaintView`] — and kept, chained by storage's own function, until
//! [`App::write_pending`] stores whole complaints with
//! [`Database::create_whole_complaints`](redress_storage::Database::create_whole_complaints).
//! What is stored is what the same steps taken one at a time would have stored.
//!
//! Nothing is written before [`App::write_pending`]: a pending complaint has no reference
//! yet, and no one else sees it. It is for a writer that is alone with its complaints; steps
//! of a live request go through [`App::act`] and the like.

use redress_domain::complaint::{Command, Complaint, Event, decide, log};
use redress_domain::ids::{ComplaintId, OrganisationId};
use redress_storage::{
    ComplaintSummary, NewAttachment, NewCorrespondence, NewEvent, NewServiceRequest, WholeComplaint,
};

use crate::complaints::{new_complaint, stored, summarise, view_of};
use crate::correspondence::Prepared;
use crate::pending_settings::{Known, PendingSettings};
use crate::work::work_items;
use crate::{
    Actor, App, AppError, ComplaintIntake, ComplaintView, CorrespondenceInput, Permission, RecordedEvent,
    ServiceRequestInput,
};

/// A complaint logged and lived in memory, not yet written: see the module's header.
#[derive(Debug, Clone)]
pub struct PendingComplaint {
    /// The landlord whose complaint it is.
    organisation: OrganisationId,
    /// The service requests raised for it, written before it.
    service_requests: Vec<NewServiceRequest>,
    /// The complaint as a caller sees it after its last step (its reference is empty).
    view: ComplaintView,
    /// The summary after its last step.
    summary: ComplaintSummary,
    /// Every event, as storage will take them.
    events: Vec<NewEvent>,
    /// The correspondence recorded, with its files.
    correspondence: Vec<(NewCorrespondence, Vec<NewAttachment>)>,
}

impl PendingComplaint {
    /// The complaint as it stands after its last step, as [`App::complaint`] would show it,
    /// but with no reference until written.
    pub fn view(&self) -> &ComplaintView {
        &self.view
    }
}

impl App {
    /// As [`App::create_service_request`], but kept in memory until written with the pending
    /// complaint it is raised for (see [`App::log_pending`]): the same checks, the resident and
    /// home among those `known`; an agent's staff are refused.
    pub fn raise_pending(
        &self,
        actor: &Actor,
        input: ServiceRequestInput,
        known: Known<'_>,
    ) -> Result<NewServiceRequest, AppError> {
        actor.require(Permission::ManageResidents)?;
        if !known.residents.iter().any(|r| r.id == input.resident_id) {
            return Err(AppError::NotFound("resident"));
        }
        if actor.scope.is_agent() {
            return Err(AppError::Forbidden(
                "the staff of a managing agent or contractor do not keep the landlord's residents or homes".into(),
            ));
        }
        input.check_texts()?;
        if let Some(property) = &input.property_id
            && !known.properties.iter().any(|p| p.id == *property)
        {
            return Err(AppError::NotFound("property"));
        }
        self.new_service_request(input)
    }

    /// As [`App::log_complaint`] without an idempotency key, but kept in memory: checks the
    /// intake and the records it names (among those `known`, and the service requests
    /// `raised` for it, which are written with it) against `settings`, and decides the first
    /// event, writing nothing.
    pub async fn log_pending(
        &self,
        settings: &PendingSettings,
        actor: &Actor,
        intake: ComplaintIntake,
        known: Known<'_>,
        raised: Vec<NewServiceRequest>,
    ) -> Result<PendingComplaint, AppError> {
        actor.require(Permission::ChangeCases)?;
        let scope = actor.scope.clone();
        let org = &scope.landlord;
        if *org != settings.landlord {
            return Err(AppError::Invalid("the settings are of another landlord".into()));
        }
        let id = ComplaintId::trusted(self.new_id());
        let named: Vec<&NewServiceRequest> = known.service_requests.iter().copied().chain(&raised).collect();
        let known = Known { service_requests: &named, ..known };
        let command = self.log_command_known(settings, &scope, &id, intake.clone(), known).await?;
        let calendar = &settings.calendar;
        let event = log(command, intake.logged_on, &self.context(intake.received_at, calendar)?)?;
        let complaint = Complaint::from_events([&event]).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let deadlines = self.deadlines_of(&complaint, calendar)?;
        let next_update = self.next_update_of(&complaint, &deadlines, calendar)?;
        let summary = summarise(&complaint, &deadlines, next_update.as_ref());
        let mut pending = PendingComplaint {
            organisation: org.clone(),
            service_requests: raised,
            view: view_of(id, String::new(), complaint, deadlines, next_update, Vec::new()),
            summary,
            events: Vec::new(),
            correspondence: Vec::new(),
        };
        pending.record(vec![event], actor, self.now())?;
        Ok(pending)
    }

    /// As [`App::act`] on a pending complaint: the same checks and decision, made against
    /// `settings` (see [`App::pending_settings`]), kept in memory. A refused command leaves it
    /// as it was.
    pub async fn act_pending(
        &self,
        settings: &PendingSettings,
        actor: &Actor,
        pending: &mut PendingComplaint,
        command: Command,
        at: Option<jiff::Timestamp>,
    ) -> Result<(), AppError> {
        actor.require(Permission::ChangeCases)?;
        let scope = actor.scope.clone();
        if scope.landlord != pending.organisation || !scope.covers(pending.view.complaint.handling_organisation()) {
            return Err(AppError::NotFound("complaint"));
        }
        if settings.landlord != pending.organisation {
            return Err(AppError::Invalid("the settings are of another landlord".into()));
        }
        let named = settings.named_handler(&scope, &command)?;
        if matches!(command, Command::NotAccept { .. } | Command::RefuseEscalation { .. }) {
            command.check_policy_ground(&settings.policy_grounds)?;
        }
        let calendar = &settings.calendar;
        let context = self.context(at, calendar)?.acting_as(&actor.user_id);
        let context =
            if command.gives_ombudsman_details() { context.with_ombudsman(&settings.ombudsman) } else { context };
        let context = named.as_ref().map_or(context, |(handler, capacity)| context.naming_handler(handler, *capacity));
        let new_events = decide(&pending.view.complaint, command, &context)?;
        let mut complaint = pending.view.complaint.clone();
        for event in &new_events {
            complaint.apply(event);
        }
        let deadlines = self.deadlines_of(&complaint, calendar)?;
        let next_update = self.next_update_of(&complaint, &deadlines, calendar)?;
        pending.summary = summarise(&complaint, &deadlines, next_update.as_ref());
        let view = &mut pending.view;
        view.status = complaint.status();
        view.stage = complaint.current_stage().number.into();
        view.complaint = complaint;
        view.deadlines = deadlines;
        view.next_update = next_update;
        pending.record(new_events, actor, self.now())
    }

    /// As [`App::record_correspondence`] on a pending complaint: the text and files are kept
    /// with the event that records them, to be written with the complaint.
    pub async fn record_correspondence_pending(
        &self,
        settings: &PendingSettings,
        actor: &Actor,
        pending: &mut PendingComplaint,
        input: CorrespondenceInput,
    ) -> Result<(), AppError> {
        actor.require(Permission::ChangeCases)?;
        let Prepared { new, attachments, command, at } =
            self.prepare_correspondence(&pending.organisation, &pending.view.id, input, actor, None)?;
        self.act_pending(settings, actor, pending, command, Some(at)).await?;
        pending.correspondence.push((new, attachments));
        Ok(())
    }

    /// Writes pending complaints, all of one landlord, in one transaction and in the order
    /// given, each with the next reference and registry entry; returns their references.
    pub async fn write_pending(&self, pending: Vec<PendingComplaint>) -> Result<Vec<String>, AppError> {
        let Some(org) = pending.first().map(|p| p.organisation.clone()) else { return Ok(Vec::new()) };
        if pending.iter().any(|p| p.organisation != org) {
            return Err(AppError::Invalid("pending complaints of different landlords are written apart".into()));
        }
        let calendar = self.calendar_for(&org).await?;
        let whole: Vec<WholeComplaint> = pending
            .into_iter()
            .map(|p| {
                let tsm = self.tsm_facts(p.view.events.iter().map(|e| &e.event), &calendar)?;
                let id = p.view.id;
                Ok(WholeComplaint {
                    work: work_items(&id, &p.view.complaint, p.summary.handler.as_deref()),
                    complaint: new_complaint(id, p.summary, &p.view.complaint),
                    events: p.events,
                    correspondence: p.correspondence,
                    service_requests: p.service_requests,
                    imported_from: None,
                    tsm,
                })
            })
            .collect::<Result<_, AppError>>()?;
        let created = self.db().create_whole_complaints(&org, &whole).await?;
        Ok(created.into_iter().map(|c| c.reference).collect())
    }
}

impl PendingComplaint {
    /// Adds `events`, decided as `actor` at `now`, to the record and to the view's, chained as
    /// storage will chain them.
    fn record(&mut self, events: Vec<Event>, actor: &Actor, now: jiff::Timestamp) -> Result<(), AppError> {
        let new = events.iter().map(|e| stored(e, actor, now)).collect::<Result<Vec<_>, _>>()?;
        let (last_seq, head) = match self.view.events.last() {
            Some(last) => (last.seq, last.hash.as_str()),
            None => (0, redress_storage::GENESIS_HASH),
        };
        let chained = redress_storage::chain_events(&self.organisation, &self.view.id, last_seq, head, &new);
        for (event, link) in events.into_iter().zip(chained) {
            let recorded = RecordedEvent {
                seq: link.seq,
                recorded_at: link.recorded_at,
                actor: link.actor,
                hash: link.hash,
                event,
            };
            self.view.events.push(recorded);
        }
        self.events.extend(new);
        Ok(())
    }
}
