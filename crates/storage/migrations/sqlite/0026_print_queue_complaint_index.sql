-- A complaint's letters in the print queue, for its case page and for the answer to issuing a
-- letter (issue 11): read through this index rather than the organisation's whole queue.
create index print_queue_complaint_idx on print_queue (organisation_id, complaint_id, queued_at);
