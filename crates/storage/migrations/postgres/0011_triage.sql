-- triage (code 6.1): each complaint's complexity and the risks considered when it was
-- logged, so that the case list can filter by them. they are fixed at logging, so they are
-- written when the complaint's row is created and not with every change. kept in lockstep
-- with migrations/sqlite/0011_triage.sql.
alter table complaints add column complexity text not null default 'straightforward'
    check (complexity in ('straightforward', 'complex'));
alter table complaints add column risk_vulnerability boolean not null default false;
alter table complaints add column risk_health_and_safety boolean not null default false;
alter table complaints add column risk_damp_and_mould boolean not null default false;
alter table complaints add column risk_disrepair boolean not null default false;
alter table complaints add column risk_other boolean not null default false;

-- complaints logged before: their complexity is in the first event. (their risks were free
-- text, which no filter can read, so none is set.)
update complaints set complexity = coalesce(
    (select e.payload::jsonb ->> 'complexity' from complaint_events e
     where e.complaint_id = complaints.id and e.seq = 1 and e.kind = 'logged'),
    'straightforward');

-- the filters' indexes, in the list's order (0008), carrying the columns the other filters
-- test (0009) so that a combination walking one of these checks the rest on its entries.
-- a risk's index holds only the complaints with that risk (a partial index: a small share).
create index complaints_complexity_list_idx
    on complaints (organisation_id, complexity, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
create index complaints_risk_vulnerability_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where risk_vulnerability;
create index complaints_risk_health_and_safety_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where risk_health_and_safety;
create index complaints_risk_damp_and_mould_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where risk_damp_and_mould;
create index complaints_risk_disrepair_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where risk_disrepair;
create index complaints_risk_other_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where risk_other;

-- the list's indexes (0009) carry the triage columns too, so that a combination of a
-- triage filter with another, whichever index the database walks, checks it on the index
-- entry and counts from the index alone.
drop index complaints_list_idx;
create index complaints_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
drop index complaints_stage_list_idx;
create index complaints_stage_list_idx
    on complaints (organisation_id, stage, received_on, reference)
    include (status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
drop index complaints_status_list_idx;
create index complaints_status_list_idx
    on complaints (organisation_id, status, received_on, reference)
    include (stage, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
drop index complaints_handler_list_idx;
create index complaints_handler_list_idx
    on complaints (organisation_id, handler, received_on, reference)
    include (stage, status, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
drop index complaints_handling_list_idx;
create index complaints_handling_list_idx
    on complaints (organisation_id, organisation_handling, received_on, reference)
    include (stage, status, handler, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
drop index complaints_category_list_idx;
create index complaints_category_list_idx
    on complaints (organisation_id, category, received_on, reference)
    include (stage, status, handler, organisation_handling, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
drop index complaints_channel_list_idx;
create index complaints_channel_list_idx
    on complaints (organisation_id, channel, received_on, reference)
    include (stage, status, handler, organisation_handling, category, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other);
drop index complaints_open_list_idx;
create index complaints_open_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where next_due is not null;
