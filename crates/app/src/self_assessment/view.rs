//! What the self-assessment pages show: the list of an organisation's assessments with what
//! asks for a new one (Code 8.3, 8.4) and any declared non-compliance (Code 8.5); one
//! assessment as the Code's sections of provisions; what changed since last year's.

use redress_domain::assessment::{self, Change, Entry, Status};
use redress_domain::calendar::london;
use redress_domain::code::ProvisionNumber;
use redress_domain::ids::{AssessmentId, OrganisationId};
use redress_storage::{StoredAssessment, StoredNonCompliance, StoredTrigger};

use super::entry_of;
use crate::{Actor, App, AppError, Permission};

/// An organisation's assessments and what bears on the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentList {
    /// Its assessments, the latest period first.
    pub assessments: Vec<StoredAssessment>,
    /// Every recorded trigger of a new assessment, oldest first.
    pub triggers: Vec<StoredTrigger>,
    /// The triggers no assessment has answered yet: while any remain, a new self-assessment
    /// is due (Code 8.3, 8.4).
    pub outstanding: Vec<assessment::Trigger>,
    /// Every declared period of non-compliance (Code 8.5), the earliest first.
    pub non_compliance: Vec<StoredNonCompliance>,
    /// Whether the caller may start one and record triggers.
    pub may_write: bool,
    /// Whether the caller may declare non-compliance.
    pub may_declare: bool,
}

/// One provision of an assessment, for the pages.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionRow {
    /// The Code's requirement.
    pub requirement: String,
    /// What the assessment says (with the evidence from the record).
    pub entry: Entry,
    /// How many times it has been saved.
    pub version: i64,
    /// Who saved it last, by name.
    pub saved_by_name: String,
    /// When.
    pub saved_at: jiff::Timestamp,
}

impl ProvisionRow {
    /// The provision.
    pub fn provision(&self) -> ProvisionNumber {
        self.entry.provision
    }
}

/// A section of the Code with its provisions, and how far the assessment has got with it.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionView {
    /// Its number.
    pub number: u8,
    /// Its title.
    pub title: String,
    /// Its provisions, in order.
    pub rows: Vec<ProvisionRow>,
}

impl SectionView {
    /// How many of its provisions are complete (answered, and a "No" with its explanation and
    /// date).
    pub fn complete(&self) -> usize {
        self.rows.iter().filter(|r| r.entry.statement.is_complete()).count()
    }

    /// Whether every provision is complete.
    pub fn is_complete(&self) -> bool {
        self.complete() == self.rows.len()
    }
}

/// One assessment, for its page.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentView {
    /// The assessment.
    pub assessment: StoredAssessment,
    /// The organisation's name.
    pub organisation: String,
    /// Its managing agents' names, when assessed with them.
    pub agents: Vec<String>,
    /// The Code's sections with their provisions.
    pub sections: Vec<SectionView>,
    /// Last year's published assessment, when there is one.
    pub last_year: Option<AssessmentId>,
    /// Whether the caller may change it now.
    pub may_edit: bool,
    /// Whether the caller may approve or publish it.
    pub may_approve: bool,
}

impl AssessmentView {
    /// Every provision's row, in order.
    pub fn rows(&self) -> impl Iterator<Item = &ProvisionRow> {
        self.sections.iter().flat_map(|s| s.rows.iter())
    }

    /// The row of `provision`, if the assessment has it.
    pub fn row(&self, provision: ProvisionNumber) -> Option<&ProvisionRow> {
        self.rows().find(|r| r.provision() == provision)
    }
}

/// What changed since last year's published assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangesView {
    /// This assessment.
    pub assessment: StoredAssessment,
    /// Last year's, if there is one.
    pub last_year: Option<StoredAssessment>,
    /// The provisions that differ, in order.
    pub changes: Vec<Change>,
}

impl App {
    /// The caller's organisation's assessments, the triggers of a new one and its declared
    /// non-compliance, for those who read reports.
    pub async fn assessments(&self, actor: &Actor) -> Result<AssessmentList, AppError> {
        actor.require(Permission::ReadReports)?;
        let org = &actor.organisation_id;
        let assessments = self.db().assessments(org).await?;
        let triggers = self.db().assessment_triggers(org).await?;
        let started = assessments.iter().map(|a| london::local_date(a.created_at)).collect::<Result<Vec<_>, _>>()?;
        let latest_started = started.into_iter().max();
        let plain: Vec<assessment::Trigger> = triggers.iter().map(|t| t.trigger.clone()).collect();
        let outstanding = assessment::prompts::outstanding(&plain, latest_started).into_iter().cloned().collect();
        Ok(AssessmentList {
            assessments,
            triggers,
            outstanding,
            non_compliance: self.db().declared_non_compliance(org).await?,
            may_write: actor.role.may(Permission::ChangeCases),
            may_declare: actor.role.may(Permission::ManageSettings),
        })
    }

    /// Assessment `id` as the Code's sections of provisions, for those who read reports.
    pub async fn assessment(&self, actor: &Actor, id: &AssessmentId) -> Result<AssessmentView, AppError> {
        let stored = self.stored_assessment(actor, id).await?;
        let may_edit = stored.status.is_editable() && actor.role.may(Permission::ChangeCases);
        let may_approve =
            matches!(stored.status, Status::InReview | Status::Approved) && actor.role.may(Permission::ManageSettings);
        let mut view = self.view_of(stored, &actor.scope.landlord).await?;
        (view.may_edit, view.may_approve) = (may_edit, may_approve);
        Ok(view)
    }

    /// Organisation `org`'s assessment `id`, once published, for anyone (Code 8.2: published
    /// with the annual report); a draft, or another organisation's, is not found.
    pub async fn published_assessment(
        &self,
        org: &OrganisationId,
        id: &AssessmentId,
    ) -> Result<AssessmentView, AppError> {
        let stored = self.db().assessment(org, id).await?.filter(|s| s.status == Status::Published);
        let stored = stored.ok_or(AppError::NotFound("self-assessment"))?;
        let organisation = self.db().get_organisation(org).await?.ok_or(AppError::NotFound("organisation"))?;
        let landlord = organisation.parent_id.clone().unwrap_or_else(|| org.clone());
        self.view_of(stored, &landlord).await
    }

    /// The view of `stored`, an assessment of one of landlord `landlord`'s organisations, that
    /// nobody may change.
    async fn view_of(&self, stored: StoredAssessment, landlord: &OrganisationId) -> Result<AssessmentView, AppError> {
        let version = self.code().version(stored.code_version).ok_or(AppError::NotFound("Code version"))?;
        let mut rows = Vec::new();
        for saved in self.db().assessment_entries(&stored.organisation_id, &stored.id).await? {
            let requirement =
                version.provision(saved.provision).map(|p| p.requirement.trim().to_owned()).unwrap_or_default();
            rows.push(ProvisionRow {
                requirement,
                entry: entry_of(&saved)?,
                version: saved.version,
                saved_by_name: saved.saved_by_name,
                saved_at: saved.saved_at,
            });
        }
        rows.sort_by_key(|r| r.provision());
        let sections = version
            .sections
            .iter()
            .map(|s| SectionView {
                number: s.number,
                title: s.title.clone(),
                rows: rows.iter().filter(|r| r.provision().section == s.number).cloned().collect(),
            })
            .filter(|s| !s.rows.is_empty())
            .collect();
        let organisations = self.db().organisations_of_landlord(landlord).await?;
        let organisation =
            organisations.iter().find(|o| o.id == stored.organisation_id).map(|o| o.name.clone()).unwrap_or_default();
        let agents = match stored.coverage {
            assessment::Coverage::Alone => Vec::new(),
            assessment::Coverage::WithAgents => organisations
                .iter()
                .filter(|o| o.parent_id.as_ref() == Some(&stored.organisation_id))
                .filter(|o| o.kind == redress_storage::OrganisationKind::ManagingAgent)
                .map(|o| o.name.clone())
                .collect(),
        };
        let last_year =
            self.db().last_published_assessment(&stored.organisation_id, stored.period_from).await?.map(|a| a.id);
        Ok(AssessmentView {
            assessment: stored,
            organisation,
            agents,
            sections,
            last_year,
            may_edit: false,
            may_approve: false,
        })
    }

    /// What changed in assessment `id` since the organisation's previous published one,
    /// provision by provision.
    pub async fn assessment_changes(&self, actor: &Actor, id: &AssessmentId) -> Result<ChangesView, AppError> {
        let stored = self.stored_assessment(actor, id).await?;
        let now = self.entries_of(actor, id).await?;
        let last_year = self.db().last_published_assessment(&actor.organisation_id, stored.period_from).await?;
        let before = match &last_year {
            Some(last) if last.code_version == stored.code_version => self.entries_of(actor, &last.id).await?,
            // Against another version of the Code the numbers mean other provisions: every one is new.
            Some(_) | None => Vec::new(),
        };
        let changes = if last_year.is_some() { assessment::changes(&before, &now) } else { Vec::new() };
        Ok(ChangesView { assessment: stored, last_year, changes })
    }
}
