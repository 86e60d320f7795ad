//! Handlers and the work they have: who may be named handler, the rows of a complaint's
//! remedies and actions that a change writes with its events, and the "my work" lists.
//!
//! The domain decides who may handle, but cannot see roles: [`App::named_handler`] reads the
//! person a command names and says whether their role may change cases, which the decision's
//! context carries ([`Context::naming_handler`](redress_domain::complaint::Context::naming_handler)).

use redress_domain::complaint::{Capacity, Command, Complaint};
use redress_domain::ids::{ComplaintId, OrganisationId, UserId};
use redress_storage::{ListedComplaint, ListedWorkItem, Page, Paged, User, WorkCursor, WorkFilter, WorkItem, WorkKind};

use crate::{Actor, App, AppError, Permission, Role, Scope};

/// How many of a handler's open cases and items "my work" shows; the case list has the rest.
pub const MY_WORK_LIMIT: u32 = 100;

/// How many open remedies and actions a page of the organisation's list shows.
pub const WORK_PAGE: u32 = 25;

/// A member of staff's work: their open cases, and the open remedies and actions of the
/// complaints they handle, each list with whether it has more than [`MY_WORK_LIMIT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyWork {
    /// Their open cases, the next due first (deadline statuses judged today).
    pub cases: Paged<ListedComplaint>,
    /// The open remedies and actions of the complaints they handle, the earliest due first.
    pub items: Paged<ListedWorkItem>,
}

/// The rows of `complaint`'s remedies and actions as its state has them, with its handler
/// now (`handler`, as the complaint's summary has it).
pub(crate) fn work_items(id: &ComplaintId, complaint: &Complaint, handler: Option<&str>) -> Vec<WorkItem> {
    let item = |item_id: &str, kind, description: &str, due, completed_on| WorkItem {
        complaint_id: id.clone(),
        item_id: item_id.to_owned(),
        kind,
        description: description.to_owned(),
        due,
        completed_on,
        handler: handler.map(str::to_owned),
        organisation_handling: complaint.handling_organisation().to_string(),
    };
    let remedies =
        complaint.remedies.iter().map(|r| item(&r.id, WorkKind::Remedy, &r.description, r.due, r.completed_on));
    let actions =
        complaint.actions.iter().map(|a| item(&a.id, WorkKind::Action, &a.description, a.due, a.completed_on));
    remedies.chain(actions).collect()
}

/// The rows among `after` that are new or differ from `before`: what a change must write.
pub(crate) fn changed_work(before: &[WorkItem], after: Vec<WorkItem>) -> Vec<WorkItem> {
    after.into_iter().filter(|item| !before.contains(item)).collect()
}

/// Whether a member of staff's role may change cases, for the domain.
pub(crate) fn capacity_of(user: &User) -> Result<Capacity, AppError> {
    let role: Role = user.role.parse()?;
    Ok(if role.may(Permission::ChangeCases) { Capacity::ChangesCases } else { Capacity::ReadsOnly })
}

impl App {
    /// The handler a command names (an acknowledgement or a reassignment), with whether
    /// their role may change cases, for the decision's context; `None` for a command that
    /// names none. The handler must be an enabled member of staff of the landlord or of an
    /// organisation acting for it; an agent's or contractor's staff name their own staff.
    pub(crate) async fn named_handler(
        &self,
        scope: &Scope,
        command: &Command,
    ) -> Result<Option<(UserId, Capacity)>, AppError> {
        let Some(handler) = command.named_handler() else {
            return Ok(None);
        };
        let own = scope.handling.as_ref().unwrap_or(&scope.landlord);
        // The caller's own organisation first: the agents are read only when it has no such
        // member, so that naming one of the landlord's staff costs one read.
        if let Some(user) = self.enabled_user(own, handler).await? {
            return Ok(Some((user.id.clone(), capacity_of(&user)?)));
        }
        if scope.handling.is_none() {
            for agent in self.agents_of(&scope.landlord).await? {
                if let Some(user) = self.enabled_user(&agent, handler).await? {
                    return Ok(Some((user.id.clone(), capacity_of(&user)?)));
                }
            }
        }
        Err(AppError::NotFound("handler"))
    }

    /// The enabled member of staff `user` of organisation `org`, if there is one.
    async fn enabled_user(&self, org: &OrganisationId, user: &UserId) -> Result<Option<User>, AppError> {
        Ok(self.db().get_user(org, user).await?.filter(|u| !u.disabled))
    }

    /// The caller's work: their open cases and the open remedies and actions of the
    /// complaints they handle, within their scope.
    pub async fn my_work(&self, actor: &Actor) -> Result<MyWork, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = &actor.scope;
        let (org, me) = (scope.landlord.as_str(), actor.user_id.as_str());
        let handling = scope.handling.as_ref().map(|h| h.to_string());
        let filter = WorkFilter {
            handler: Some(me.to_owned()),
            organisation_handling: handling.clone(),
            page: Page::First,
            limit: MY_WORK_LIMIT,
        };
        let (cases, items) = tokio::try_join!(
            self.db().open_cases_handled_by(org, me, handling.as_deref(), MY_WORK_LIMIT),
            self.db().page_work_items(org, &filter),
        )?;
        let mut cases = cases;
        self.judge_deadlines_today(scope, &mut cases.items).await?;
        Ok(MyWork { cases, items })
    }

    /// One page of the open remedies and actions of every complaint within the caller's scope,
    /// the earliest due (so the overdue) first.
    pub async fn open_work(&self, actor: &Actor, page: Page<WorkCursor>) -> Result<Paged<ListedWorkItem>, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = &actor.scope;
        let filter = WorkFilter {
            handler: None,
            organisation_handling: scope.handling.as_ref().map(|h| h.to_string()),
            page,
            limit: WORK_PAGE,
        };
        Ok(self.db().page_work_items(&scope.landlord, &filter).await?)
    }
}
