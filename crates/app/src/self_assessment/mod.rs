//! The self-assessment against the Code (issue 13, Code 8.1-8.5): starting a draft for a
//! period with the evidence from the record and last year's answers, answering a provision,
//! refreshing the evidence, the workflow to approval and publication, the triggers of a new
//! assessment (8.3, 8.4) and declared non-compliance (8.5). What the pages show is in
//! [`view`]; the export document in [`document`].
//!
//! Who may do what: reading is for those who read the reports ([`Permission::ReadReports`]);
//! writing an assessment (starting, answering, refreshing, sending for review or back, recording
//! a trigger) also needs [`Permission::ChangeCases`] (complaints officers, senior leads and
//! administrators); the governing body's approval, publication and declaring non-compliance
//! are recorded by administrators ([`Permission::ManageSettings`]).

mod document;
mod view;

use std::collections::BTreeMap;

use redress_domain::assessment::{
    self, Answer, Command, Coverage, NonCompliance, ProvisionEvidence, Statement, Status, Trigger,
};
use redress_domain::code::{ProvisionNumber, VersionId};
use redress_domain::ids::AssessmentId;
use redress_domain::reporting::Period;
use redress_selfassessment::{Comply, SelfAssessment};
use redress_storage::{EntrySave, EntryVersion, NewAssessment, StorageError, StoredAssessment};

use crate::{Actor, App, AppError, Permission};

pub use view::{AssessmentList, AssessmentView, ChangesView, ProvisionRow, SectionView};

/// What starts a new draft.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentStart {
    /// The organisation alone, or with its managing agents.
    pub coverage: Coverage,
    /// The period assessed.
    pub period: Period,
    /// A published self-assessment read by the importer, to pre-fill the answers from when
    /// the organisation has no published assessment of its own in Redress.
    pub imported: Option<SelfAssessment>,
}

impl App {
    /// Refuses an actor who may not write self-assessments.
    fn may_write_assessments(actor: &Actor) -> Result<(), AppError> {
        actor.require(Permission::ReadReports)?;
        actor.require(Permission::ChangeCases)
    }

    /// Starts a draft self-assessment of the caller's organisation against the Code in force
    /// on the period's last day: every provision with the evidence from the record (and its
    /// suggested answer), and the answers of the organisation's last published assessment, or
    /// else of `start.imported`.
    pub async fn start_assessment(&self, actor: &Actor, start: AssessmentStart) -> Result<AssessmentId, AppError> {
        Self::may_write_assessments(actor)?;
        let org = &actor.organisation_id;
        let version = self.code().in_force_on(start.period.last()).ok_or_else(|| {
            AppError::Invalid("no version of the Code was in force on the last day of that period".into())
        })?;
        let evidence = self.evidence_for(actor, version.id, start.period).await?;
        let last = self.db().last_published_assessment(org, start.period.first()).await?;
        let previous: BTreeMap<ProvisionNumber, Statement> = match &last {
            Some(last) => {
                self.entries_of(actor, &last.id).await?.into_iter().map(|e| (e.provision, e.statement)).collect()
            }
            None => start.imported.as_ref().map(|imported| from_import(imported, version.id)).unwrap_or_default(),
        };
        let saves = version
            .provisions
            .iter()
            .map(|p| {
                Ok(EntrySave {
                    provision: p.number,
                    from_record: evidence.get(&p.number).map(record_json).transpose()?,
                    statement: previous.get(&p.number).cloned().unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let id = AssessmentId::trusted(self.new_id());
        let new = NewAssessment {
            id: id.clone(),
            organisation_id: org.clone(),
            coverage: start.coverage,
            code_version: version.id,
            period_from: start.period.first(),
            period_to: start.period.last(),
        };
        self.db().start_assessment(&new, &saves, &actor.user_id, self.now()).await?;
        Ok(id)
    }

    /// Saves `statement` as what assessment `id` says about `provision`, keeping the evidence
    /// from the record it had. A new version: the earlier ones stay.
    pub async fn answer_provision(
        &self,
        actor: &Actor,
        id: &AssessmentId,
        provision: ProvisionNumber,
        statement: Statement,
    ) -> Result<(), AppError> {
        Self::may_write_assessments(actor)?;
        let stored = self.stored_assessment(actor, id).await?;
        editable(&stored)?;
        statement.check()?;
        let current = self.db().assessment_entries(&actor.organisation_id, id).await?;
        let entry = current.into_iter().find(|e| e.provision == provision).ok_or(AppError::NotFound("provision"))?;
        let save = EntrySave { provision, from_record: entry.from_record, statement };
        self.save_entries(actor, id, &[save]).await
    }

    /// Draws the evidence from the record again for assessment `id`'s period, and saves a new
    /// version of each provision whose evidence changed, keeping what the landlord said.
    /// Returns how many changed.
    pub async fn refresh_assessment_evidence(&self, actor: &Actor, id: &AssessmentId) -> Result<usize, AppError> {
        Self::may_write_assessments(actor)?;
        let stored = self.stored_assessment(actor, id).await?;
        editable(&stored)?;
        let period = Period::new(stored.period_from, stored.period_to).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let evidence = self.evidence_for(actor, stored.code_version, period).await?;
        let mut saves = Vec::new();
        for entry in self.db().assessment_entries(&actor.organisation_id, id).await? {
            let fresh = evidence.get(&entry.provision).map(record_json).transpose()?;
            if fresh != entry.from_record {
                saves.push(EntrySave {
                    provision: entry.provision,
                    from_record: fresh,
                    statement: statement_of(&entry),
                });
            }
        }
        if !saves.is_empty() {
            self.save_entries(actor, id, &saves).await?;
        }
        Ok(saves.len())
    }

    /// Takes a step of assessment `id`'s workflow; returns its new status. Sending for review
    /// and back is for those who write assessments; approval and publication for administrators.
    pub async fn assessment_step(
        &self,
        actor: &Actor,
        id: &AssessmentId,
        command: Command,
    ) -> Result<Status, AppError> {
        match command {
            Command::SendForReview | Command::ReturnToDraft => Self::may_write_assessments(actor)?,
            Command::Approve(_) | Command::Publish(_) => {
                actor.require(Permission::ReadReports)?;
                actor.require(Permission::ManageSettings)?;
            }
        }
        let stored = self.stored_assessment(actor, id).await?;
        let entries = self.entries_of(actor, id).await?;
        let approved_on = stored.approval.as_ref().map(|a| a.on);
        let decision = assessment::decide(stored.status, &entries, command, self.today()?, approved_on)?;
        self.db()
            .move_assessment(&actor.organisation_id, id, stored.status, &decision, &actor.user_id, self.now())
            .await
            .map_err(changed_meanwhile)?;
        Ok(decision.status())
    }

    /// Every saved version of what assessment `id` says about `provision`, newest first.
    pub async fn assessment_provision_history(
        &self,
        actor: &Actor,
        id: &AssessmentId,
        provision: ProvisionNumber,
    ) -> Result<Vec<EntryVersion>, AppError> {
        self.stored_assessment(actor, id).await?;
        Ok(self.db().assessment_entry_versions(&actor.organisation_id, id, provision).await?)
    }

    /// Records something that asks for a new self-assessment: a restructure, merger or change
    /// in procedures (Code 8.3), or the Ombudsman's request after an investigation (Code 8.4).
    pub async fn record_assessment_trigger(&self, actor: &Actor, trigger: Trigger) -> Result<(), AppError> {
        Self::may_write_assessments(actor)?;
        trigger.check(self.today()?)?;
        let id = self.new_id();
        Ok(self
            .db()
            .record_assessment_trigger(&actor.organisation_id, &id, &trigger, &actor.user_id, self.now())
            .await?)
    }

    /// Records a declared period of non-compliance because of exceptional circumstances
    /// (Code 8.5), for administrators.
    pub async fn declare_non_compliance(&self, actor: &Actor, declaration: NonCompliance) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        declaration.check(self.today()?)?;
        let id = self.new_id();
        Ok(self
            .db()
            .declare_non_compliance(&actor.organisation_id, &id, &declaration, &actor.user_id, self.now())
            .await?)
    }

    /// Assessment `id` of the caller's organisation, for those who read reports.
    async fn stored_assessment(&self, actor: &Actor, id: &AssessmentId) -> Result<StoredAssessment, AppError> {
        actor.require(Permission::ReadReports)?;
        self.db().assessment(&actor.organisation_id, id).await?.ok_or(AppError::NotFound("self-assessment"))
    }

    /// What assessment `id` says now, as domain entries in provision order.
    async fn entries_of(&self, actor: &Actor, id: &AssessmentId) -> Result<Vec<assessment::Entry>, AppError> {
        let mut entries = self
            .db()
            .assessment_entries(&actor.organisation_id, id)
            .await?
            .iter()
            .map(entry_of)
            .collect::<Result<Vec<_>, AppError>>()?;
        entries.sort_by_key(|e| e.provision);
        Ok(entries)
    }

    /// The evidence from the record for the caller's organisation over `period`, by provision;
    /// none for an assessment against the 2022 Code, whose provisions the evidence does not
    /// number.
    async fn evidence_for(
        &self,
        actor: &Actor,
        version: VersionId,
        period: Period,
    ) -> Result<BTreeMap<ProvisionNumber, ProvisionEvidence>, AppError> {
        if version != VersionId::V2024 {
            return Ok(BTreeMap::new());
        }
        let evidence = self.assessment_evidence(actor, Some(&actor.organisation_id), period).await?;
        Ok(evidence.into_iter().map(|e| (e.provision, e)).collect())
    }

    async fn save_entries(&self, actor: &Actor, id: &AssessmentId, saves: &[EntrySave]) -> Result<(), AppError> {
        self.db()
            .save_assessment_entries(&actor.organisation_id, id, saves, &actor.user_id, self.now())
            .await
            .map_err(changed_meanwhile)
    }
}

/// Refuses a change to an assessment the governing body has approved.
fn editable(stored: &StoredAssessment) -> Result<(), AppError> {
    if stored.status.is_editable() {
        Ok(())
    } else {
        Err(redress_domain::refusal::Refusal::State(format!(
            "a self-assessment that is {} cannot be changed: start a new one",
            stored.status.label().to_lowercase()
        ))
        .into())
    }
}

/// The assessment moved on while the caller was changing it.
fn changed_meanwhile(error: StorageError) -> AppError {
    match error {
        StorageError::Stale { .. } => redress_domain::refusal::Refusal::State(
            "the self-assessment was changed by someone else meanwhile (or approved); look at it again".into(),
        )
        .into(),
        other => other.into(),
    }
}

fn record_json(evidence: &ProvisionEvidence) -> Result<String, AppError> {
    serde_json::to_string(evidence).map_err(|e| AppError::Corrupt(e.to_string()))
}

/// The landlord's statement in a stored version.
pub(crate) fn statement_of(entry: &EntryVersion) -> Statement {
    Statement {
        answer: entry.answer,
        evidence: entry.evidence.clone(),
        links: entry.links.clone(),
        documents: entry.documents.clone(),
        commentary: entry.commentary.clone(),
        explanation: entry.explanation.clone(),
        comply_by: entry.comply_by,
    }
}

/// A stored version as the domain's entry, its evidence from the record read back.
pub(crate) fn entry_of(entry: &EntryVersion) -> Result<assessment::Entry, AppError> {
    let from_record = entry
        .from_record
        .as_deref()
        .map(serde_json::from_str::<ProvisionEvidence>)
        .transpose()
        .map_err(|e| AppError::Corrupt(format!("the evidence of {}: {e}", entry.provision)))?;
    Ok(assessment::Entry { provision: entry.provision, from_record, statement: statement_of(entry) })
}

/// The answers of an imported published self-assessment, by the provision of `version` they
/// answer: a 2022 assessment's provisions answer the first 2024 provision they correspond to.
/// "Partial" and "N/A" are not answers the Code's form allows, so they are left for the
/// landlord to give, with what the document said in the commentary.
fn from_import(imported: &SelfAssessment, version: VersionId) -> BTreeMap<ProvisionNumber, Statement> {
    let mut statements = BTreeMap::new();
    for row in &imported.provisions {
        let number = if imported.code_version == version {
            Some(row.provision)
        } else {
            row.in_2024.as_ref().and_then(|mapped| mapped.first().copied())
        };
        let Some(number) = number else { continue };
        let answer = match row.comply {
            Some(Comply::Yes) => Some(Answer::Yes),
            Some(Comply::No) => Some(Answer::No),
            _ => None,
        };
        let mut commentary = row.commentary.clone();
        if let Some(other @ (Comply::Partial | Comply::NotApplicable)) = row.comply {
            let said = format!("Last published answer: {}.", other.as_str());
            commentary = if commentary.is_empty() { said } else { format!("{said}\n\n{commentary}") };
        }
        statements.entry(number).or_insert(Statement {
            answer,
            evidence: row.evidence.clone(),
            commentary,
            ..Statement::default()
        });
    }
    statements
}
