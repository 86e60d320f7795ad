-- an entry added to an organisation's complaint registry moves the registry's head to it,
-- within the insert itself (issue 8). creating a complaint inserts the entry while it holds
-- the organisation's registry head, so that creations in one organisation take turns; one
-- statement fewer inside that window is one round trip less that every other creation in
-- the organisation waits for. kept in lockstep with the other backend's file of the same
-- name.
create trigger complaint_registry_moves_head after insert on complaint_registry
for each row
begin
    update complaint_registry_heads set last_seq = new.seq, head_hash = new.hash
    where organisation_id = new.organisation_id;
end;
