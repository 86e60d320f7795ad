-- each stage of each complaint as the regulator's tsm ch01 and ch02 count it (issue 12,
-- "performance"): judged by the domain (TsmRecord::stage_facts) when the complaint is written
-- and written again, whole, with every change to it, so that a year's figures are counted
-- here rather than by reading every complaint's events. stage 1 of every complaint; stage 2
-- while an escalation request stands. started_on is the date in england the stage began
-- (received, escalation requested); counted whether ch01 counts it; responded_on the date in
-- england of its response; within_timescales and within_without_extensions the response's
-- judgement; the late_ columns its steps recorded after their due date (code 5.12).
-- organisation_handling follows the complaint's, for an agent's figures.
-- kept in lockstep with the other backend's file of the same name.
create table tsm_stages (
    organisation_id text not null,
    complaint_id text not null,
    stage integer not null check (stage in (1, 2)),
    organisation_handling text not null,
    started_on date not null,
    counted boolean not null,
    responded_on date,
    within_timescales boolean not null,
    within_without_extensions boolean not null,
    late_acknowledgement boolean not null,
    late_extensions integer not null check (late_extensions >= 0),
    late_response boolean not null,
    primary key (organisation_id, complaint_id, stage),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id)
);

-- a year's ch01 counts the stages begun in it, its ch02 the responses sent in it: each a range
-- of one of these, carrying what the count reads (as the sqlite file does, in the key).
create index tsm_stages_started_idx
    on tsm_stages (organisation_id, started_on, stage, counted, organisation_handling);
create index tsm_stages_responded_idx
    on tsm_stages (organisation_id, responded_on, stage, organisation_handling, within_timescales,
                   within_without_extensions, late_acknowledgement, late_extensions, late_response)
    where responded_on is not null;
