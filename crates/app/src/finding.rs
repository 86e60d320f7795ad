//! Finding a resident by what staff know of them (issue 10, "the right resident every time"):
//! words of their name or address, their postcode, or the landlord's reference for them, in
//! one box, within the caller's scope. Logging a complaint starts here, so that no page lists
//! every resident; the API's list of residents pages through the same search.

use redress_storage::{Page, Paged, Resident, ResidentCursor, ResidentFilter, ResidentMatches, ResidentSearch};

use crate::{Actor, App, AppError};

/// The most residents a search shows: enough to tell apart the few who share a name, few
/// enough to read; more than this and staff are asked to add to the search.
pub const MOST_FOUND: u32 = 20;

impl App {
    /// The residents within the caller's scope whose name, address or postcode `text`'s words
    /// begin, or whose reference `text` is (ignoring case and spaces), by name: at most
    /// [`MOST_FOUND`], and whether there are more. A managing agent's or contractor's staff
    /// find only the residents of the homes assigned to their organisation and of the
    /// complaints it handles.
    ///
    /// # Errors
    ///
    /// [`AppError::Storage`] if the database fails.
    pub async fn find_residents(&self, actor: &Actor, text: &str) -> Result<ResidentMatches, AppError> {
        let scope = &actor.scope;
        let search = ResidentSearch {
            text: text.to_owned(),
            handled_by: scope.handling.clone(),
            limit: MOST_FOUND,
            after: None,
        };
        Ok(self.db().search_residents(&scope.landlord, &search).await?)
    }

    /// A page of the residents within the caller's scope, by name then id, after `after` (the
    /// last of the page before), at most `limit`: those `text` finds (as
    /// [`App::find_residents`]), or with no text every one.
    ///
    /// # Errors
    ///
    /// [`AppError::Storage`] if the database fails.
    pub async fn page_found_residents(
        &self,
        actor: &Actor,
        text: Option<&str>,
        after: Option<ResidentCursor>,
        limit: u32,
    ) -> Result<Paged<Resident>, AppError> {
        let scope = &actor.scope;
        let handled_by = scope.handling.clone();
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => {
                let search = ResidentSearch { text: text.to_owned(), handled_by, limit, after };
                let found = self.db().search_residents(&scope.landlord, &search).await?;
                Ok(Paged { items: found.residents, more: found.more })
            }
            None => {
                let page = after.map_or(Page::First, Page::After);
                let filter = ResidentFilter { search: None, handled_by, page, limit };
                Ok(self.db().page_residents(&scope.landlord, &filter).await?)
            }
        }
    }
}
