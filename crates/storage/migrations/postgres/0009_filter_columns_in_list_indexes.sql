-- combined filters (issue 8, "lists that scale"): with two or more filters, such as stage
-- and channel, the database walks one filter's index (0008) in the list's order and checks
-- the others. each list index now carries every column a filter can test, so that the check
-- reads the index entry, not the row: the page's count (up to 1,001) then reads no rows at
-- all, and a page reads only the rows it shows. the worst case, a combination that matches
-- few complaints, reads every entry of the most selective single filter's index (or of the
-- organisation's, for date ranges alone), but never a row that does not match and never a
-- sort. kept in lockstep with the other backend's file of the same name.
--
-- the carried columns are `include`d: in the leaf entries only, not in the key.
drop index complaints_list_idx;
create index complaints_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due);
drop index complaints_stage_list_idx;
create index complaints_stage_list_idx
    on complaints (organisation_id, stage, received_on, reference)
    include (status, handler, organisation_handling, category, channel, next_due);
drop index complaints_status_list_idx;
create index complaints_status_list_idx
    on complaints (organisation_id, status, received_on, reference)
    include (stage, handler, organisation_handling, category, channel, next_due);
drop index complaints_handler_list_idx;
create index complaints_handler_list_idx
    on complaints (organisation_id, handler, received_on, reference)
    include (stage, status, organisation_handling, category, channel, next_due);
drop index complaints_handling_list_idx;
create index complaints_handling_list_idx
    on complaints (organisation_id, organisation_handling, received_on, reference)
    include (stage, status, handler, category, channel, next_due);
drop index complaints_category_list_idx;
create index complaints_category_list_idx
    on complaints (organisation_id, category, received_on, reference)
    include (stage, status, handler, organisation_handling, channel, next_due);
drop index complaints_channel_list_idx;
create index complaints_channel_list_idx
    on complaints (organisation_id, channel, received_on, reference)
    include (stage, status, handler, organisation_handling, category, next_due);
-- the open complaints' index: the deadline filters' next due date, and the rest, too.
drop index complaints_open_list_idx;
create index complaints_open_list_idx
    on complaints (organisation_id, received_on, reference)
    include (stage, status, handler, organisation_handling, category, channel, next_due)
    where next_due is not null;
