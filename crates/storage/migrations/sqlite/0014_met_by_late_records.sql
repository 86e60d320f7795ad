-- how many of a complaint's deadlines count as met only thanks to an event recorded after
-- the deadline had passed, though the event says it happened by then (code 5.12, issue 9):
-- rewritten with the rest of the summary at every change, so that lists and exports can
-- count such deadlines apart. no record made before this had any, so 0 is right for them.
-- kept in lockstep with the other backend's file of the same name.
alter table complaints add column met_by_late_records integer not null default 0;
