-- each stage of each complaint as the regulator's tsm ch01 and ch02 count it (issue 12,
-- "performance"): judged by the domain (TsmRecord::stage_facts) when the complaint is written
-- and written again, whole, with every change to it, so that a year's figures are counted
-- here rather than by reading every complaint's events. stage 1 of every complaint; stage 2
-- while an escalation request stands. started_on is the date in england the stage began
-- (received, escalation requested); counted whether ch01 counts it; responded_on the date in
-- england of its response; within_timescales and within_without_extensions the response's
-- judgement; the late_ columns its steps recorded after their due date (code 5.12).
-- organisation_handling follows the complaint's, for an agent's figures. dates 'yyyy-mm-dd'
-- text, booleans 0/1. kept in lockstep with the other backend's file of the same name.
create table tsm_stages (
    organisation_id text not null,
    complaint_id text not null,
    stage integer not null check (stage in (1, 2)),
    organisation_handling text not null,
    started_on text not null,
    counted integer not null check (counted in (0, 1)),
    responded_on text,
    within_timescales integer not null check (within_timescales in (0, 1)),
    within_without_extensions integer not null check (within_without_extensions in (0, 1)),
    late_acknowledgement integer not null check (late_acknowledgement in (0, 1)),
    late_extensions integer not null check (late_extensions >= 0),
    late_response integer not null check (late_response in (0, 1)),
    primary key (organisation_id, complaint_id, stage),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id)
) strict;

-- a year's ch01 counts the stages begun in it, its ch02 the responses sent in it: each a range
-- of one of these, carrying what the count reads (sqlite has no `include`).
create index tsm_stages_started_idx
    on tsm_stages (organisation_id, started_on, stage, counted, organisation_handling);
create index tsm_stages_responded_idx
    on tsm_stages (organisation_id, responded_on, stage, organisation_handling, within_timescales,
                   within_without_extensions, late_acknowledgement, late_extensions, late_response)
    where responded_on is not null;
