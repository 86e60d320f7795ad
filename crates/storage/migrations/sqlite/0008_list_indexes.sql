-- every list is served by an index matching its filter and its order, so that a page is
-- read by seeking in the index (keyset paging) and never sorted (issue 8). kept in
-- lockstep with the other backend's file of the same name.
--
-- complaints are listed most recently received first, then by reference (unique in an
-- organisation), both descending: complaints_list_idx (organisation_id, received_on,
-- reference) serves the unfiltered list and the received-date filters, read backwards.
-- each equality filter has its own index ending in the same order.
create index complaints_stage_list_idx on complaints (organisation_id, stage, received_on, reference);
create index complaints_status_list_idx on complaints (organisation_id, status, received_on, reference);
create index complaints_handler_list_idx on complaints (organisation_id, handler, received_on, reference);
create index complaints_handling_list_idx
    on complaints (organisation_id, organisation_handling, received_on, reference);
create index complaints_category_list_idx on complaints (organisation_id, category, received_on, reference);
create index complaints_channel_list_idx on complaints (organisation_id, channel, received_on, reference);
create index complaints_resident_list_idx on complaints (organisation_id, resident_id, received_on, reference);
-- only open complaints have a next due date: the overdue and due-soon lists and counts
-- read this small index in the list's order. (the list's index carries the due date too,
-- so that a combined filter checks it without reading the row; being wider, it is not
-- preferred to this one.)
create index complaints_open_list_idx
    on complaints (organisation_id, received_on, reference) where next_due is not null;
drop index complaints_list_idx;
create index complaints_list_idx on complaints (organisation_id, received_on, reference, next_due);
-- superseded by the indexes above (each is a prefix of one).
drop index complaints_next_due_idx;
drop index complaints_handler_idx;
drop index complaints_resident_idx;

-- residents by name, then id; service requests newest first, then by id (descending).
create index residents_list_idx on residents (organisation_id, name, id);
drop index residents_organisation_idx;
create index service_requests_list_idx on service_requests (organisation_id, created_at, id);
create index service_requests_status_list_idx on service_requests (organisation_id, status, created_at, id);
drop index service_requests_organisation_idx;
