//! The board pack of an organisation for a period (Code 9.6, 9.7 a-c), for the governing body
//! and the Member Responsible for Complaints: the dashboard's figures ([`App::dashboard`], so
//! the two never disagree), the open complaints past a due date now (counted as the dashboard
//! counts them), and an audit checkpoint of the landlord's record for the minutes, laid out by
//! `redress_reports::board_pack` and printed by `redress_pdf` off the async runtime.
//!
//! Making the pack makes the landlord's checkpoint as the server does every hour: if nothing
//! moved since the last one, that one stands and nothing is written.

use jiff::Timestamp;
use redress_documents::Document;
use redress_domain::calendar::london;
use redress_domain::ids::OrganisationId;
use redress_domain::reporting::Period;
use redress_reports::{BoardPackFacts, CheckpointFacts};
use redress_storage::{Checkpoint, ComplaintFilter, OrganisationKind, StorageError};

use crate::tsm::whose;
use crate::{Actor, App, AppError, Dashboard};

/// An organisation's board pack for a period.
#[derive(Debug, Clone)]
pub struct BoardPack {
    /// The dashboard it is made from: the organisations offered, the choice and the figures.
    pub dashboard: Dashboard,
    /// Open complaints past a due date when it was made.
    pub open_past_due: u64,
    /// The landlord's audit checkpoint, made with it.
    pub checkpoint: Checkpoint,
    /// The pack, ready to show or print.
    pub document: Document,
}

impl App {
    /// The board pack of `organisation` (the first the caller may read when none) for
    /// `period`, for a member of staff who may read reports.
    pub async fn board_pack(
        &self,
        actor: &Actor,
        organisation: Option<&OrganisationId>,
        period: Period,
    ) -> Result<BoardPack, AppError> {
        let dashboard = self.dashboard(actor, organisation, period).await?;
        let (landlord, handled_by) = whose(&dashboard.chosen)?;
        let overdue = ComplaintFilter {
            overdue_on: Some(self.today()?),
            organisation_handling: handled_by,
            ..Default::default()
        };
        let open_past_due = self.count_complaints(actor, &overdue).await?;
        let checkpoint = self.checkpoint_of(&landlord).await?;
        let facts = BoardPackFacts {
            organisation: match dashboard.chosen.kind {
                OrganisationKind::Landlord => format!("{} (consolidated)", dashboard.chosen.name),
                OrganisationKind::ManagingAgent | OrganisationKind::Contractor => dashboard.chosen.name.clone(),
            },
            period,
            homes: dashboard.homes,
            metrics: dashboard.metrics.clone(),
            open_past_due,
            checkpoint: CheckpointFacts { value: checkpoint.value(), made_at: in_england(checkpoint.created_at) },
            made_at: in_england(self.now()),
            references: dashboard.references.iter().map(|(id, reference)| (id.clone(), reference.clone())).collect(),
        };
        let document = redress_reports::board_pack(&facts);
        // Whose pack, by ids only.
        tracing::info!(organisation = %dashboard.chosen.id, by = %actor.user_id, checkpoint = checkpoint.seq, "board pack made");
        Ok(BoardPack { dashboard, open_past_due, checkpoint, document })
    }

    /// [`App::board_pack`] printed: the pack and its tagged PDF.
    pub async fn board_pack_pdf(
        &self,
        actor: &Actor,
        organisation: Option<&OrganisationId>,
        period: Period,
    ) -> Result<(BoardPack, Vec<u8>), AppError> {
        let pack = self.board_pack(actor, organisation, period).await?;
        let document = pack.document.clone();
        let pdf = tokio::task::spawn_blocking(move || redress_pdf::render(&document))
            .await
            .map_err(|error| AppError::Corrupt(format!("printing the board pack stopped: {error}")))??;
        Ok((pack, pdf))
    }

    /// The landlord's checkpoint now: a new one if anything moved since the last. Another
    /// server making the same one at the same moment wins, and asking again finds it.
    async fn checkpoint_of(&self, landlord: &OrganisationId) -> Result<Checkpoint, AppError> {
        match self.db().make_checkpoint(landlord, self.now()).await {
            Err(StorageError::Duplicate { .. }) => Ok(self.db().make_checkpoint(landlord, self.now()).await?),
            made => Ok(made?),
        }
    }
}

/// `7 December 2026 at 14:05 GMT`: the instant on England's clocks, saying which.
fn in_england(at: Timestamp) -> String {
    match london::zone() {
        Ok(zone) => at.to_zoned(zone).strftime("%-d %B %Y at %H:%M %Z").to_string(),
        Err(_) => at.strftime("%-d %B %Y at %H:%M UTC").to_string(),
    }
}
