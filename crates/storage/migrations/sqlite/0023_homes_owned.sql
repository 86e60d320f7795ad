-- homes owned per organisation and reporting year (issue 12): the denominator of the
-- regulator's tsm ch01, complaints per 1,000 homes owned at the year's end. a reporting year
-- is named by the calendar year it starts in: 2024 is 1 april 2024 to 31 march 2025. one
-- row per organisation and year; recording it again replaces the count.
-- kept in lockstep with the other backend's file of the same name.
create table homes_owned (
    organisation_id text not null references organisations (id),
    reporting_year integer not null,
    homes integer not null check (homes >= 0),
    recorded_at text not null,
    primary key (organisation_id, reporting_year)
);

-- the tsm figures read the complaints touching a period: those received in it (by
-- complaints_list_idx) and those with a response or an escalation request in it, found by
-- their events' kind and recorded time (an event is recorded no earlier than the time it
-- states, so one stated in the period is recorded at or after the period's start).
create index complaint_events_kind_recorded_idx on complaint_events (organisation_id, kind, recorded_at);
