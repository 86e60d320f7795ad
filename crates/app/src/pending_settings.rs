//! What pending complaints ([`crate::PendingComplaint`]) check their steps against, held in
//! memory: the landlord's settings read once ([`PendingSettings`]), and the records the caller
//! made itself and so knows exist ([`Known`]).
//!
//! A live request reads what its step checks: the closure days, the handler it names, the
//! policy's grounds, the Ombudsman's details, the resident, home and service requests a new
//! complaint names. A writer alone with its complaints (the demo, an importer) would read the
//! same rows thousands of times; it reads the settings once, before the first complaint, and
//! names the people it recorded itself. The checks are those of the live request, made on what
//! is held: a handler who is not an enabled member of staff of the landlord or of an
//! organisation acting for it, or a resident, representative, home or service request the
//! caller does not know, is refused as the live request refuses it.

use redress_domain::calendar::WorkingCalendar;
use redress_domain::categories::Category;
use redress_domain::complaint::{Capacity, Command, LogComplaint};
use redress_domain::ids::{ComplaintId, OrganisationId, UserId};
use redress_domain::ombudsman::OmbudsmanContact;
use redress_storage::{NewProperty, NewRepresentative, NewResident, NewServiceRequest, User};

use crate::complaints::{ComplaintIntake, acting_for, log_command_of, own_handling};
use crate::work::capacity_of;
use crate::{Actor, App, AppError, Permission, Scope};

/// A landlord's settings as pending complaints use them, read once: its working-day calendar,
/// the further exclusion grounds of its policy, the Ombudsman's details it gives residents,
/// the organisations acting for it and the staff of all of them.
#[derive(Debug, Clone)]
pub struct PendingSettings {
    /// The landlord.
    pub(crate) landlord: OrganisationId,
    /// Its calendar, with its closure days.
    pub(crate) calendar: WorkingCalendar,
    /// Its policy's further exclusion grounds.
    pub(crate) policy_grounds: Vec<String>,
    /// The Housing Ombudsman's details it gives residents.
    pub(crate) ombudsman: OmbudsmanContact,
    /// The managing agents and contractors acting for it.
    agents: Vec<OrganisationId>,
    /// The staff of the landlord and of those organisations.
    staff: Vec<User>,
    /// Its list of complaint categories, retired ones too.
    categories: Vec<Category>,
}

/// Records of the landlord that the caller recorded itself, which a new pending complaint or
/// service request may name: what it names must be among them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// Residents.
    pub residents: &'a [&'a NewResident],
    /// Representatives of residents.
    pub representatives: &'a [&'a NewRepresentative],
    /// Homes.
    pub properties: &'a [&'a NewProperty],
    /// Service requests.
    pub service_requests: &'a [&'a NewServiceRequest],
}

impl App {
    /// The settings of the landlord whose complaints `actor` changes, for pending complaints:
    /// read now, once, and not again however many complaints use them.
    pub async fn pending_settings(&self, actor: &Actor) -> Result<PendingSettings, AppError> {
        actor.require(Permission::ChangeCases)?;
        let landlord = actor.scope.landlord.clone();
        let agents = self.agents_of(&landlord).await?;
        let mut staff = Vec::new();
        for org in std::iter::once(&landlord).chain(&agents) {
            staff.extend(self.db().list_users(org).await?);
        }
        Ok(PendingSettings {
            calendar: self.calendar_for(&landlord).await?,
            policy_grounds: self.db().list_policy_grounds(&landlord).await?,
            categories: self.db().categories(&landlord).await?,
            ombudsman: self.ombudsman_for(&landlord).await?,
            landlord,
            agents,
            staff,
        })
    }

    /// As `log_command`, checking the records a new complaint names against `known` and
    /// `settings` instead of reading them (linked complaints, rare, are still read).
    pub(crate) async fn log_command_known(
        &self,
        settings: &PendingSettings,
        scope: &Scope,
        id: &ComplaintId,
        intake: ComplaintIntake,
        known: Known<'_>,
    ) -> Result<LogComplaint, AppError> {
        if !known.residents.iter().any(|r| r.id == intake.resident_id) {
            return Err(AppError::NotFound("resident"));
        }
        let representative = match &intake.representative_id {
            Some(rep_id) => {
                let rep = known.representatives.iter().find(|r| r.id == *rep_id);
                let rep = rep.ok_or(AppError::NotFound("representative"))?;
                Some(acting_for(&intake, rep.id.clone(), &rep.resident_id, &rep.authority_evidence)?)
            }
            None => None,
        };
        if let Some(property) = &intake.property_id
            && !known.properties.iter().any(|p| p.id == *property)
        {
            return Err(AppError::NotFound("property"));
        }
        if intake.service_request_ids.iter().any(|id| !known.service_requests.iter().any(|s| s.id == *id)) {
            return Err(AppError::NotFound("service request"));
        }
        self.check_linked(scope, &intake).await?;
        let handling = match &scope.handling {
            Some(own) => own_handling(own, intake.handling_organisation_id.as_ref())?,
            None => settings.handling_organisation(intake.handling_organisation_id.as_ref())?,
        };
        let categories = if intake.categories.is_empty() { Vec::new() } else { settings.categories.clone() };
        Ok(log_command_of(scope, id, intake, representative, handling, categories))
    }
}

impl PendingSettings {
    /// As `App::named_handler`, from the staff held: the handler a command names, with
    /// whether their role may change cases; `None` for a command that names none.
    pub(crate) fn named_handler(
        &self,
        scope: &Scope,
        command: &Command,
    ) -> Result<Option<(UserId, Capacity)>, AppError> {
        let Some(handler) = command.named_handler() else {
            return Ok(None);
        };
        let own = scope.handling.as_ref().unwrap_or(&scope.landlord);
        // The caller's own organisation, then (for the landlord's staff) those acting for it.
        let agents = if scope.handling.is_none() { self.agents.as_slice() } else { &[] };
        for org in std::iter::once(own).chain(agents) {
            let user = self.staff.iter().find(|u| u.organisation_id == *org && u.id == *handler && !u.disabled);
            if let Some(user) = user {
                return Ok(Some((user.id.clone(), capacity_of(user)?)));
            }
        }
        Err(AppError::NotFound("handler"))
    }

    /// As `App::handling_organisation`, from the organisations held: the landlord, or one
    /// acting for it.
    fn handling_organisation(&self, requested: Option<&OrganisationId>) -> Result<OrganisationId, AppError> {
        match requested.filter(|r| **r != self.landlord) {
            None => Ok(self.landlord.clone()),
            Some(agent) if self.agents.contains(agent) => Ok(agent.clone()),
            Some(_) => Err(AppError::NotFound("handling organisation")),
        }
    }
}
