//! The evidence from the record for a self-assessment (Code 8.1-8.3): for every provision the
//! compliance matrix says Redress supports in whole or in part, what the record shows for a
//! period, what remains for the landlord to attest, the organisation's settings that break it,
//! and the answer it suggests ([`redress_domain::assessment::evidence`] decides all of it).
//! Provisions the matrix marks `attested` have no evidence from the record: the landlord
//! supplies it.

use std::collections::HashMap;

use redress_domain::assessment::ProvisionEvidence;
use redress_domain::assessment::evidence::{EvidenceInput, EvidenceRecord, PolicySettings, RoleChange, evidence};
use redress_domain::ids::OrganisationId;
use redress_domain::reporting::{ActivityRecord, Period};

use crate::tsm::{reporting_error, whose};
use crate::{Actor, App, AppError};

impl App {
    /// The evidence from the record for `organisation` (the first the caller may read when none)
    /// over `period`, one entry per provision the matrix does not mark `attested`, in provision
    /// order, for a member of staff who may read reports.
    pub async fn assessment_evidence(
        &self,
        actor: &Actor,
        organisation: Option<&OrganisationId>,
        period: Period,
    ) -> Result<Vec<ProvisionEvidence>, AppError> {
        let (_, chosen) = self.report_choice(actor, organisation).await?;
        let (landlord, handled_by) = whose(&chosen)?;
        let mut records = self
            .period_records(
                &landlord,
                handled_by.as_ref(),
                &period,
                &ActivityRecord::STEPS_IN_PERIOD,
                &EvidenceRecord::KINDS,
                EvidenceRecord::from_events,
            )
            .await?;
        let ids: Vec<_> = records.iter().map(|r| r.activity.id.clone()).collect();
        let references: HashMap<_, _> = self.db().complaint_references(&landlord, &ids).await?.into_iter().collect();
        for record in &mut records {
            if let Some(reference) = references.get(&record.activity.id) {
                record.reference.clone_from(reference);
            }
        }
        let today = self.today()?;
        let policy = PolicySettings {
            exclusion_grounds: self.db().list_policy_grounds(&landlord).await?,
            ombudsman: self.ombudsman_for(&landlord).await?,
        };
        let adjustments_overdue = self.db().residents_with_review_before(&landlord, today).await?;
        let roles: Vec<RoleChange> = self
            .db()
            .role_assignments(&landlord)
            .await?
            .into_iter()
            .map(|a| RoleChange { user: a.user_id, role: a.role, granted: a.granted, at: a.assigned_at })
            .collect();
        let calendar = self.calendar_for(&landlord).await?;
        let input = EvidenceInput {
            records: &records,
            period,
            today,
            code: self.code(),
            calendar: &calendar,
            policy: &policy,
            adjustments_overdue: &adjustments_overdue,
            roles: Some(&roles),
        };
        evidence(self.code().matrix(), &input).map_err(reporting_error)
    }
}
