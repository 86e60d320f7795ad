//! Acting on a complaint: one unit of work per command. Read the record, let the domain
//! decide, and write the new events with everything they produced (correspondence, its
//! files, the request's idempotency key) in one transaction, expecting the last sequence
//! number seen. When another writer appended first, storage says so and the decision is made
//! again on the new state. The answer is built from what the use case holds, not read back:
//! besides the write, a change reads the caller's token and organisation (once, when the
//! request is authenticated), the organisation's closure days and the complaint's events (and,
//! for a step that gives the resident the Housing Ombudsman's details, those from its settings).

use jiff::Timestamp;
use redress_domain::complaint::{Command, PassHandling, decide};
use redress_domain::ids::ComplaintId;
use redress_storage::{Extras, StorageError};

use crate::complaints::{handler_of, read, rebuild, stored, summarise, view_of};
use crate::keys::{Answer, RequestKey, answered};
use crate::work::{changed_work, work_items};
use crate::{Actor, App, AppError, ComplaintView, Permission, Scope};

/// How many times a decision is retried when other writers keep changing the complaint.
const ATTEMPTS: usize = 5;

/// When the thing being recorded happened, as the caller states it: the server's clock keeps
/// when it was recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stated {
    /// When it happened, if not now: not in the future, nor before the complaint was received.
    pub at: Option<Timestamp>,
    /// Why it is recorded only after the deadline it meets or moves had passed, though it
    /// happened by then: required in that case alone (Code 5.12).
    pub late_reason: Option<String>,
}

impl Stated {
    /// Something that happened at `at` (now, if `None`), recorded without a late reason.
    pub fn at(at: Option<Timestamp>) -> Stated {
        Stated { at, late_reason: None }
    }
}

impl App {
    /// Carries out a command on a complaint, as of when it is `stated` to have happened.
    pub async fn act(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        command: Command,
        stated: Stated,
    ) -> Result<ComplaintView, AppError> {
        Ok(self.act_keyed(actor, complaint_id, command, stated, None).await?.view)
    }

    /// As [`App::act`], once per idempotency key: a retry with the same key and request gets
    /// the first answer back.
    pub async fn act_keyed(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        command: Command,
        stated: Stated,
        key: Option<&RequestKey>,
    ) -> Result<Answer, AppError> {
        actor.require(Permission::ChangeCases)?;
        let scope = actor.scope.clone();
        self.keyed(actor, key, self.commit(actor, &scope, complaint_id, vec![command], &stated, key, Extras::default()))
            .await
    }

    /// Decides `commands` on the complaint, one after another, and writes all their events
    /// with `extras` and the request's key, in one transaction, retrying on a concurrent
    /// append. Only the first command may name a handler, a policy ground or an earlier
    /// complaint, or give the Ombudsman's details: the others record what goes with it (the
    /// letter of a response).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn commit(
        &self,
        actor: &Actor,
        scope: &Scope,
        complaint_id: &ComplaintId,
        commands: Vec<Command>,
        stated: &Stated,
        key: Option<&RequestKey>,
        extras: Extras<'_>,
    ) -> Result<Answer, AppError> {
        let org = &scope.landlord;
        let Some(command) = commands.first() else {
            return Err(AppError::Invalid("nothing to record".into()));
        };
        let named = self.named_handler(scope, command).await?;
        if let Command::PassHandling(PassHandling { organisation, .. }) = command {
            self.check_passed_to(scope, complaint_id, organisation).await?;
        }
        if matches!(command, Command::NotAccept { .. } | Command::RefuseEscalation { .. }) {
            command.check_policy_ground(&self.db().list_policy_grounds(org).await?)?;
        }
        if let Some(earlier) = command.earlier_complaint()
            && self.db().get_complaint(org, earlier).await?.is_none()
        {
            return Err(AppError::Invalid(
                "the earlier complaint that considered the matter is not one of the organisation's complaints".into(),
            ));
        }
        let calendar = self.calendar_in(scope).await?;
        let ombudsman = self.ombudsman_for_command(org, command).await?;
        let request_key = self.stored_key(actor, key);
        let extras = Extras { request_key: request_key.as_ref(), ..extras };
        for _ in 0..ATTEMPTS {
            let mut records = read(self.load(org, complaint_id).await?)?;
            let mut complaint = rebuild(&records)?;
            // A complaint outside the caller's scope is not found, whatever the command names.
            if !scope.covers(complaint.handling_organisation()) {
                return Err(AppError::NotFound("complaint"));
            }
            let context = self
                .context(stated.at, &calendar)?
                .acting_as(&actor.user_id)
                .with_late_reason(stated.late_reason.as_deref());
            let context = ombudsman.as_ref().map_or(context, |o| context.with_ombudsman(o));
            let context =
                named.as_ref().map_or(context, |(handler, capacity)| context.naming_handler(handler, *capacity));
            let work_before = work_items(complaint_id, &complaint, handler_of(&complaint).as_deref());
            let mut new_events = Vec::new();
            for command in &commands {
                let decided = decide(&complaint, command.clone(), &context)?;
                for event in &decided {
                    complaint.apply(event);
                }
                new_events.extend(decided);
            }
            let deadlines = self.deadlines_of(&complaint, &calendar)?;
            let next_update = self.next_update_of(&complaint, &deadlines, &calendar)?;
            let summary = summarise(&complaint, &deadlines, next_update.as_ref());
            let work = changed_work(&work_before, work_items(complaint_id, &complaint, summary.handler.as_deref()));
            let tsm = self.tsm_facts(records.iter().map(|r| &r.event).chain(&new_events), &calendar)?;
            let extras = Extras { work: &work, tsm: Some(&tsm), ..extras };
            let now = self.now();
            let to_store = new_events.iter().map(|e| stored(e, actor, now)).collect::<Result<Vec<_>, _>>()?;
            let last_seq = records.last().map_or(0, |e| e.seq);
            match self.db().append(org, complaint_id, last_seq, &to_store, &summary, extras).await {
                Ok((reference, appended)) => {
                    records.extend(read(appended)?);
                    // Only a complaint with correspondence has any to read.
                    let correspondence = if complaint.correspondence.is_empty() {
                        Vec::new()
                    } else {
                        self.correspondence_of(org, complaint_id).await?
                    };
                    let view = view_of(complaint_id.clone(), reference, complaint, deadlines, next_update, records);
                    return Ok(answered(view, correspondence, key, 200));
                }
                Err(StorageError::Conflict { .. }) => continue,
                Err(StorageError::Stale { what }) => {
                    return Err(AppError::Invalid(format!(
                        "the {what} was changed while it was being recorded: check it and record it again"
                    )));
                }
                Err(error) => return Err(error.into()),
            }
        }
        Err(AppError::Busy)
    }

    /// The id of the complaint with `reference` among the landlord's complaints that `actor`
    /// sees, if there is one: how a page names the earlier complaint of a decision that the
    /// matter was previously considered.
    pub async fn complaint_id_by_reference(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> Result<Option<ComplaintId>, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = actor.scope.clone();
        let found = self.db().get_complaint_by_reference(&scope.landlord, reference.trim()).await?;
        Ok(found.filter(|c| scope.covers(&c.summary.organisation_handling)).map(|c| c.id))
    }
}
