-- the case list's "deadline missed" filter (issue 10): how many of a complaint's deadlines,
-- at either stage, were answered after their due date, as the domain judges them
-- (`answered_late` in deadlines.rs), rewritten with the rest of the summary at every change
-- (as met_by_late_records, 0014). a deadline still open past its due date is missed too, but
-- that changes with the day, not with an event: the filter finds those by next_due, as the
-- "overdue" filter does. working days cannot be counted in sql, so complaints stored before
-- this column keep null here until the application counts them from their records when it
-- next migrates (`count_missed_deadlines` in the app). kept in lockstep with the other
-- backend's file of the same name.
alter table complaints add column deadlines_answered_late integer;

-- the "deadline missed" list reads this index of the complaints that have missed a deadline
-- or have one open, in the list's order; the filter tests each entry (answered late, or next
-- due before today), and the entries carry every column a filter tests (0009, 0011).
create index complaints_missed_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, deadlines_answered_late, complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other)
    where deadlines_answered_late > 0 or next_due is not null;

-- the landlord's own reference for a resident (a tenancy or resident reference), optional.
-- logging a complaint finds a resident by it: storage writes it, lower-cased and without
-- spaces, as one of the resident's search terms (0019), marked with a leading '#' that no word
-- of a name or address has, so that only an exact match finds it.
alter table residents add column reference text;
