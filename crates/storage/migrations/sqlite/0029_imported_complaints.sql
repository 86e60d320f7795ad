-- complaints imported from another system's history (issue 12, `redress import complaints`):
-- that system's reference for each, unique within the landlord, so that importing a file
-- again skips the complaints it already brought in rather than duplicating them. written
-- in the same transaction as the complaint; the complaint's logged event carries the same
-- reference, so the record itself says it was imported.
-- kept in lockstep with the other backend's file of the same name.
create table imported_complaints (
    organisation_id text not null references organisations (id),
    source_reference text not null,
    complaint_id text not null references complaints (id),
    primary key (organisation_id, source_reference)
);
