//! Listing and counting complaints within the caller's scope: the case list, its filters and
//! totals, exports, and the choices the list's filters offer.

use redress_domain::complaint::open_status;
use redress_domain::ids::OrganisationId;
use redress_storage::{Complaint as StoredComplaint, ComplaintFilter, ListedComplaint};

use crate::{Actor, App, AppError, Scope};

/// How many complaints an export reads at once (storage's most).
const EXPORT_PAGE: u32 = 1000;

impl App {
    /// The caller's filter narrowed to their scope, or `None` when it asks for complaints
    /// handled by an organisation outside it.
    async fn scoped(
        &self,
        actor: &Actor,
        filter: &ComplaintFilter,
    ) -> Result<Option<(Scope, ComplaintFilter)>, AppError> {
        let scope = actor.scope.clone();
        let mut filter = filter.clone();
        if let Some(own) = &scope.handling {
            if filter.organisation_handling.as_ref().is_some_and(|asked| asked != own) {
                return Ok(None);
            }
            filter.organisation_handling = Some(own.clone());
        }
        Ok(Some((scope, filter)))
    }

    /// Complaints within the caller's scope matching `filter`. The deadline status of each
    /// open complaint is judged today from its next due date, since the stored one dates
    /// from its last change.
    pub async fn complaints(&self, actor: &Actor, filter: &ComplaintFilter) -> Result<Vec<StoredComplaint>, AppError> {
        let listed = self.listed_complaints(actor, filter).await?;
        Ok(listed.into_iter().map(|l| l.complaint).collect())
    }

    /// As [`App::complaints`], with each complaint's resident's name.
    pub async fn listed_complaints(
        &self,
        actor: &Actor,
        filter: &ComplaintFilter,
    ) -> Result<Vec<ListedComplaint>, AppError> {
        Ok(self.page_of_complaints(actor, filter).await?.items)
    }

    /// As [`App::listed_complaints`], saying whether there are more beyond the page in the
    /// direction read (see [`redress_storage::Paged`]).
    pub async fn page_of_complaints(
        &self,
        actor: &Actor,
        filter: &ComplaintFilter,
    ) -> Result<redress_storage::Paged<ListedComplaint>, AppError> {
        let Some((scope, filter)) = self.scoped(actor, filter).await? else {
            return Ok(redress_storage::Paged { items: Vec::new(), more: false });
        };
        let mut page = self.db().page_complaints(&scope.landlord, &filter).await?;
        self.judge_deadlines_today(&scope, &mut page.items).await?;
        Ok(page)
    }

    /// Sets the deadline status of each open complaint of `listed` as of today, from its next
    /// due date, since the stored one dates from its last change.
    pub(crate) async fn judge_deadlines_today(
        &self,
        scope: &Scope,
        listed: &mut [ListedComplaint],
    ) -> Result<(), AppError> {
        let today = self.today()?;
        let calendar = self.calendar_in(scope).await?;
        for complaint in listed.iter_mut().map(|l| &mut l.complaint) {
            if let Some(due) = complaint.summary.next_due {
                let status = open_status(due, today, &calendar)?;
                complaint.summary.deadline_status = Some(status.as_str().to_owned());
            }
        }
        Ok(())
    }

    /// Every complaint within the caller's scope matching `filter`, whatever its page, limit
    /// and offset: for exports. Reads a page of [`EXPORT_PAGE`] at a time, each after the
    /// last complaint of the one before (keyset paging), so that no page is slower than the
    /// first.
    pub async fn all_listed_complaints(
        &self,
        actor: &Actor,
        filter: &ComplaintFilter,
    ) -> Result<Vec<ListedComplaint>, AppError> {
        let mut page =
            ComplaintFilter { limit: EXPORT_PAGE, offset: 0, page: redress_storage::Page::First, ..filter.clone() };
        let mut all = Vec::new();
        loop {
            let listed = self.page_of_complaints(actor, &page).await?;
            let next = listed.items.last().map(|last| page.cursor_of(&last.complaint));
            all.extend(listed.items);
            match next {
                Some(cursor) if listed.more => page.page = redress_storage::Page::After(cursor),
                _ => return Ok(all),
            }
        }
    }

    /// The names of the organisations the caller's complaints may name as handling them, by
    /// id: those of [`App::handling_organisations`] and, for an agent's or contractor's staff,
    /// the landlord it acts for (a complaint may have been passed to them from it).
    pub async fn organisation_names(
        &self,
        actor: &Actor,
    ) -> Result<std::collections::HashMap<OrganisationId, String>, AppError> {
        let landlord = &actor.scope.landlord;
        let mut names: std::collections::HashMap<OrganisationId, String> =
            self.handling_organisations(actor).await?.into_iter().map(|o| (o.id, o.name)).collect();
        if !names.contains_key(landlord)
            && let Some(organisation) = self.db().get_organisation(landlord).await?
        {
            names.insert(organisation.id, organisation.name);
        }
        Ok(names)
    }

    /// How many complaints within the caller's scope match `filter` (its limit and offset
    /// aside). "Overdue" and "due soon" count from the stored next due date, as listing does.
    pub async fn count_complaints(&self, actor: &Actor, filter: &ComplaintFilter) -> Result<u64, AppError> {
        let Some((scope, filter)) = self.scoped(actor, filter).await? else { return Ok(0) };
        Ok(self.db().count_complaints(&scope.landlord, &filter).await?)
    }

    /// As [`App::count_complaints`], counting no further than `cap` (a result of `cap`
    /// means "`cap` or more"): a list's total, at a bounded cost.
    pub async fn count_complaints_up_to(
        &self,
        actor: &Actor,
        filter: &ComplaintFilter,
        cap: u64,
    ) -> Result<u64, AppError> {
        let Some((scope, filter)) = self.scoped(actor, filter).await? else { return Ok(0) };
        Ok(self.db().count_complaints_up_to(&scope.landlord, &filter, cap).await?)
    }
}
