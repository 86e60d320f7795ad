//! Finding a resident by what staff know of them (issue 10, "the right resident every time"):
//! words of their name or address, or their postcode, in one box, within the caller's scope.
//! Logging a complaint starts here, so that no page lists every resident.

use redress_storage::{ResidentMatches, ResidentSearch};

use crate::{Actor, App, AppError};

/// The most residents a search shows: enough to tell apart the few who share a name, few
/// enough to read; more than this and staff are asked to add to the search.
pub const MOST_FOUND: u32 = 20;

impl App {
    /// The residents within the caller's scope whose name, address or postcode `text`'s words
    /// begin, by name: at most [`MOST_FOUND`], and whether there are more. A managing agent's or
    /// contractor's staff find only the residents of the complaints their organisation handles.
    ///
    /// # Errors
    ///
    /// [`AppError::Storage`] if the database fails.
    pub async fn find_residents(&self, actor: &Actor, text: &str) -> Result<ResidentMatches, AppError> {
        let scope = &actor.scope;
        let search = ResidentSearch { text: text.to_owned(), handled_by: scope.handling.clone(), limit: MOST_FOUND };
        Ok(self.db().search_residents(&scope.landlord, &search).await?)
    }
}
