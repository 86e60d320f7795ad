-- the deadline lists (overdue, due soon) in order of due date, soonest (most overdue) first,
-- then by reference (issue 8). in the order of receipt, an overdue list walked the open
-- complaints newest first and skipped every one received since the newest overdue one: at
-- 2,000,000 complaints, 12,221 index entries read to show 50, and its capped count 13,222.
-- this index holds the open complaints (only they have a next due date) by due date, so a
-- page reads only the complaints it shows and the count only those it counts. it carries
-- every column a filter tests (0009, 0011), so a combined filter reads no row. it replaces
-- complaints_open_list_idx, which only the deadline lists read. kept in lockstep with the
-- other backend's file of the same name.
drop index complaints_open_list_idx;
create index complaints_due_list_idx
    on complaints (organisation_id, next_due, reference)
    include (stage, status, handler, organisation_handling, category, channel, received_on, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where next_due is not null;
