-- the letters still to post, by day: the print queue's page lists every letter of the
-- organisation not yet posted, however long ago it was queued, and posted letters are kept for
-- ever, so the list reads only the unposted ones' rows (issue 11).
-- kept in lockstep with the other backend's file of the same name.
create index print_queue_waiting_idx on print_queue (organisation_id, queued_on, queued_at) where posted_at is null;
