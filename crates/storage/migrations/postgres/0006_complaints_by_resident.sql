-- a resident's complaints, for their record page and for finding the residents whose
-- complaints a managing agent or contractor handles (kept in lockstep with the other
-- backend's file of the same name).
create index complaints_resident_idx on complaints (organisation_id, resident_id);
create index complaints_handling_idx on complaints (organisation_id, organisation_handling, resident_id);
