//! The people a complaint is about, as its case page shows them: the resident's record (contact
//! details and preferences, disclosed needs, reasonable adjustments, representatives), the
//! representative acting on this complaint, the home it concerns and any restriction on the
//! resident's contact. Read within the caller's scope, as the resident's own record is: these
//! are personal data (health, disabilities), so nothing here is logged.

use redress_storage::{Property, Representative, Restriction};

use crate::{Actor, App, AppError, ComplaintView, ResidentRecord};

/// The people of one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePeople {
    /// The resident, with everyone recorded as acting for them.
    pub record: ResidentRecord,
    /// The representative the complaint names as acting on it (Code 1.3, 3.6), if any.
    pub representative: Option<Representative>,
    /// The home the complaint concerns, if it names one.
    pub home: Option<Property>,
    /// Restrictions on the resident's contact (Code 5.14, 5.15), which whoever handles the
    /// complaint must respect.
    pub restrictions: Vec<Restriction>,
}

impl App {
    /// The people of the complaint `view`, which [`App::complaint`] gave the same caller: its
    /// resident as [`App::resident`] lets the caller see them (a managing agent's or
    /// contractor's staff see the resident of a complaint their organisation handles).
    pub async fn case_people(&self, actor: &Actor, view: &ComplaintView) -> Result<CasePeople, AppError> {
        let logged = &view.complaint.logged;
        let record = self.resident(actor, &logged.resident).await?;
        let landlord = record.resident.organisation_id.clone();
        let home = async {
            match &logged.property {
                Some(property) => self.db().get_property(&landlord, property).await,
                None => Ok(None),
            }
        };
        // At once: on PostgreSQL each is a round trip to the server.
        let (home, restrictions) = tokio::try_join!(home, self.db().list_restrictions(&landlord, &logged.resident))?;
        let representative = logged
            .representative
            .as_ref()
            .and_then(|named| record.representatives.iter().find(|r| r.id == named.as_str()))
            .cloned();
        Ok(CasePeople { record, representative, home, restrictions })
    }
}
