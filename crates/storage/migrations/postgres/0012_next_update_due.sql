-- code 5.9, keeping the resident informed (issue 9): the date the next update to the resident
-- is due, as the application works it out from the domain (an agreed update interval, or a
-- response past its due date), rewritten with every change like next_due. null when none is
-- due: the stage's response issued, the complaint closed or not accepted. complaints stored
-- before this column have none until their next change. kept in lockstep with the other
-- backend's file of the same name.
alter table complaints add column next_update_due date;

-- the "update due" and "update overdue" lists and the home page's counts read this small
-- index of the complaints with an update due, in the list's order (as complaints_open_list_idx
-- serves the deadline filters). it carries every column a filter tests, so that a combined
-- filter, and the page's count, read no row (0009).
create index complaints_update_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due, next_update_due)
    where next_update_due is not null;
