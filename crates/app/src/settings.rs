//! An organisation's settings: its details (with the Housing Ombudsman's contact details), its
//! closure days (and so its working-day calendar) and the further exclusion grounds of its
//! complaints policy. Only administrators change them ([`Permission::ManageSettings`]).

use jiff::civil::Date;
use redress_domain::calendar::{ClosureDay, NonWorkingDay, WorkingCalendar, london};
use redress_domain::ids::OrganisationId;
use redress_domain::ombudsman::OmbudsmanContact;
use redress_domain::text::{LONG, SHORT, TextLimit, WEB_ADDRESS};
use redress_storage::{Organisation, OrganisationDetails, StorageError};

use crate::{Actor, App, AppError, Permission, Scope};

/// A settings text, trimmed, within its limit (of [`redress_domain::text`]).
fn checked(text: &str, what: &str, limit: TextLimit) -> Result<String, AppError> {
    let text = text.trim();
    redress_domain::text::check(what, text, limit)?;
    Ok(text.to_owned())
}

impl App {
    /// The working-day calendar of landlord `landlord`: England and Wales bank holidays, the
    /// closure days of the configuration, and the closure days kept in its settings that were
    /// recorded before the day itself. Deadlines are worked out from each case's record with
    /// it whenever they are shown or a case changes, so a closure day added in advance moves
    /// the due dates that span it, and one added on the day or afterwards moves none.
    pub async fn calendar_for(&self, landlord: &OrganisationId) -> Result<WorkingCalendar, AppError> {
        let closures = self.stored_closure_days(landlord).await?;
        Ok(self.calendar().clone().with_closures(closures))
    }

    /// The closure days kept in landlord `landlord`'s settings, each with the date in England
    /// it was recorded.
    async fn stored_closure_days(&self, landlord: &OrganisationId) -> Result<Vec<ClosureDay>, AppError> {
        let stored = self.db().list_closure_days(landlord).await?;
        stored
            .into_iter()
            .map(|c| {
                let recorded_on = london::local_date(c.recorded_at)?;
                Ok(ClosureDay { date: c.day, name: c.name, recorded_on: Some(recorded_on) })
            })
            .collect()
    }

    /// The working-day calendar of the organisation whose complaints `actor` sees.
    pub async fn calendar_of(&self, actor: &Actor) -> Result<WorkingCalendar, AppError> {
        self.calendar_in(&actor.scope).await
    }

    /// The working-day calendar of `scope`'s landlord, kept between requests: its closure
    /// days are read again only when the calendar version resolved with the scope (read with
    /// the caller's token, migration 0015) differs from the one kept. A scope resolved without
    /// a version reads them every time.
    ///
    /// A calendar is kept under the version its caller read before reading the closure days,
    /// so it is never older than that version: a change moves the version in its own
    /// transaction, and whoever sees the new version reads the days after it.
    pub async fn calendar_in(&self, scope: &Scope) -> Result<WorkingCalendar, AppError> {
        let Some(version) = scope.calendar_version else { return self.calendar_for(&scope.landlord).await };
        if let Some(calendar) = self.calendars.kept(&scope.landlord, version) {
            return Ok(calendar);
        }
        let calendar = self.calendar_for(&scope.landlord).await?;
        self.calendars.keep(&scope.landlord, version, &calendar);
        Ok(calendar)
    }

    /// The caller's organisation and its details (empty until first saved).
    pub async fn organisation_details(&self, actor: &Actor) -> Result<(Organisation, OrganisationDetails), AppError> {
        actor.require(Permission::ManageSettings)?;
        let org =
            self.db().get_organisation(&actor.organisation_id).await?.ok_or(AppError::NotFound("organisation"))?;
        let details = self.db().get_organisation_details(&org.id).await?.unwrap_or_default();
        Ok((org, details))
    }

    /// The Housing Ombudsman's contact details landlord `landlord` gives its residents: those in
    /// its settings, or the Housing Ombudsman Service's published ones until it saves its own.
    pub async fn ombudsman_for(&self, landlord: &OrganisationId) -> Result<OmbudsmanContact, AppError> {
        Ok(self.db().get_organisation_details(landlord).await?.map(|d| d.ombudsman).unwrap_or_default())
    }

    /// The details that the organisation whose complaints `actor` sees gives residents in its
    /// letters (how to reach its complaints team, the Housing Ombudsman's contact details),
    /// for the forms that record them given or prefill from them. Any member of staff may read
    /// them; until the organisation saves its own, the Ombudsman's are the Housing Ombudsman
    /// Service's.
    pub async fn letter_details(&self, actor: &Actor) -> Result<OrganisationDetails, AppError> {
        let scope = actor.scope.clone();
        Ok(self.db().get_organisation_details(&scope.landlord).await?.unwrap_or_default())
    }

    /// Renames the caller's organisation and saves its details.
    pub async fn save_organisation_details(
        &self,
        actor: &Actor,
        name: &str,
        details: &OrganisationDetails,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        let name = checked(name, "The name", SHORT)?;
        if name.is_empty() {
            return Err(AppError::Invalid("Enter the organisation's name".into()));
        }
        let details = OrganisationDetails {
            address: checked(&details.address, "The address", LONG)?,
            complaints_email: checked(&details.complaints_email, "The complaints email address", SHORT)?,
            complaints_phone: checked(&details.complaints_phone, "The complaints telephone number", SHORT)?,
            policy_url: checked(&details.policy_url, "The address of the complaints policy", WEB_ADDRESS)?,
            ombudsman_member_number: checked(&details.ombudsman_member_number, "The membership number", SHORT)?,
            // A resident is given every one of the Ombudsman's details, so all are required.
            ombudsman: details.ombudsman.checked().map_err(|e| AppError::Invalid(e.message))?,
        };
        if !details.complaints_email.is_empty() && !details.complaints_email.contains('@') {
            return Err(AppError::Invalid(
                "Enter an email address in the correct format, like complaints@example.org".into(),
            ));
        }
        if !details.policy_url.is_empty()
            && !details.policy_url.starts_with("https://")
            && !details.policy_url.starts_with("http://")
        {
            return Err(AppError::Invalid("Enter the policy's web address starting https://".into()));
        }
        match self.db().save_organisation_details(&actor.organisation_id, &name, &details, self.now()).await {
            Ok(()) => Ok(()),
            Err(StorageError::Duplicate { .. }) => {
                Err(AppError::Invalid(format!("Another organisation is already called {name}")))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The closure days kept in the settings of the organisation whose complaints `actor`
    /// sees: what its deadlines skip, for anyone who reads its cases.
    pub async fn closures_of(&self, actor: &Actor) -> Result<Vec<ClosureDay>, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = actor.scope.clone();
        self.stored_closure_days(&scope.landlord).await
    }

    /// The closure days kept in the caller's organisation's settings, including those recorded
    /// too late to move any deadline ([`ClosureDay::moves_deadlines`]).
    pub async fn closure_days(&self, actor: &Actor) -> Result<Vec<ClosureDay>, AppError> {
        actor.require(Permission::ManageSettings)?;
        self.stored_closure_days(&actor.organisation_id).await
    }

    /// Adds a closure day. A day that is already not a working day (a weekend, a bank
    /// holiday, an existing closure) is refused, since closing it would change nothing.
    pub async fn add_closure_day(&self, actor: &Actor, on: Date, name: &str) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        let name = checked(name, "The name of the closure", SHORT)?;
        if name.is_empty() {
            return Err(AppError::Invalid("Enter what the closure is, like Christmas closure".into()));
        }
        let calendar = self.calendar_for(&actor.organisation_id).await?;
        calendar.is_working_day(on)?;
        let shown = on.strftime("%-d %B %Y");
        match calendar.non_working_reason(on) {
            None => {}
            Some(NonWorkingDay::Weekend) => {
                return Err(AppError::Invalid(format!("{shown} is a weekend day, which is never a working day")));
            }
            Some(NonWorkingDay::BankHoliday(holiday)) => {
                return Err(AppError::Invalid(format!(
                    "{shown} is a bank holiday ({holiday}), already not a working day"
                )));
            }
            Some(NonWorkingDay::Closure(closure)) => {
                return Err(AppError::Invalid(format!("{shown} is already a closure day ({closure})")));
            }
        }
        match self.db().add_closure_day(&actor.organisation_id, on, &name, self.now()).await {
            // The TSM's stored judgements counted working days without it (tsm_stages).
            Ok(()) => self.judge_again_across(&actor.organisation_id, on).await.map(|_| ()),
            Err(StorageError::Duplicate { .. }) => Err(AppError::Invalid(format!("{shown} is already a closure day"))),
            Err(error) => Err(error.into()),
        }
    }

    /// Removes a closure day that is still to come. One that is today or past is kept: it may
    /// have moved deadlines already counted, and removing it would make them earlier, turning
    /// a deadline met on time into one missed, or the other way round.
    pub async fn remove_closure_day(&self, actor: &Actor, on: Date) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        if on <= self.today()? {
            return Err(AppError::Invalid(format!(
                "{} has begun or passed, so it stays: deadlines already counted it, and removing it \
                 would move them",
                on.strftime("%-d %B %Y")
            )));
        }
        match self.db().remove_closure_day(&actor.organisation_id, on).await {
            Err(StorageError::NotFound { .. }) => Err(AppError::NotFound("closure day")),
            // The TSM's stored judgements counted working days with it (tsm_stages).
            other => {
                other?;
                self.judge_again_across(&actor.organisation_id, on).await.map(|_| ())
            }
        }
    }

    /// The further exclusion grounds of the complaints policy of the organisation whose
    /// complaints `actor` sees (Code 2.2). While there are none, any ground named when not
    /// accepting a complaint is taken as the policy's; once there are, only these are.
    pub async fn policy_grounds(&self, actor: &Actor) -> Result<Vec<String>, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = actor.scope.clone();
        Ok(self.db().list_policy_grounds(&scope.landlord).await?)
    }

    /// Adds a further exclusion ground, in the policy's words.
    pub async fn add_policy_ground(&self, actor: &Actor, wording: &str) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        let wording = checked(wording, "The ground", SHORT)?;
        if wording.is_empty() {
            return Err(AppError::Invalid("Enter the ground as the complaints policy words it".into()));
        }
        let listed = self.db().list_policy_grounds(&actor.organisation_id).await?;
        if listed.iter().any(|l| l.to_lowercase() == wording.to_lowercase()) {
            return Err(AppError::Invalid("The policy's grounds already include this one".into()));
        }
        match self.db().add_policy_ground(&actor.organisation_id, &wording, self.now()).await {
            Err(StorageError::Duplicate { .. }) => {
                Err(AppError::Invalid("The policy's grounds already include this one".into()))
            }
            other => Ok(other?),
        }
    }

    /// Removes a further exclusion ground. Decisions already made on it keep it in their
    /// record.
    pub async fn remove_policy_ground(&self, actor: &Actor, wording: &str) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        match self.db().remove_policy_ground(&actor.organisation_id, wording).await {
            Err(StorageError::NotFound { .. }) => Err(AppError::NotFound("exclusion ground")),
            other => Ok(other?),
        }
    }
}
