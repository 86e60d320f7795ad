-- self-assessments against the complaint handling code (issue 13, code 8.1-8.5). kept in
-- lockstep with the other backend's file of the same name. days are stored as iso text
-- (yyyy-mm-dd) on both backends.

-- one assessment of one organisation (alone, or a landlord with all its managing agents), one
-- code version and one period, and where it is in its workflow: draft, in_review, approved
-- (the governing body, the meeting's day and its minute, code 8.2), published (the day, and the
-- governing body's response published alongside it).
create table self_assessments (
    id text primary key not null,
    organisation_id text not null references organisations (id),
    coverage text not null check (coverage in ('alone', 'with_agents')),
    code_version text not null check (code_version in ('2022', '2024')),
    period_from text not null,
    period_to text not null,
    status text not null check (status in ('draft', 'in_review', 'approved', 'published')),
    approval_body text,
    approved_on text,
    approval_minute text,
    published_on text,
    governing_body_response text,
    created_by text not null references users (id),
    created_at timestamptz not null,
    changed_by text not null references users (id),
    changed_at timestamptz not null
);

create index self_assessments_by_organisation_idx on self_assessments (organisation_id, period_to);

-- what an assessment says about each provision, one row per save: the newest version of a
-- provision is what the assessment says; earlier ones stay, with who saved them and when, so
-- its history can be read. from_record is the evidence drawn from the record (the json the
-- application gives; storage never reads inside it), null for a provision the landlord attests.
-- links and documents are one per line.
create table self_assessment_entries (
    organisation_id text not null references organisations (id),
    assessment_id text not null references self_assessments (id),
    provision text not null,
    version bigint not null check (version > 0),
    from_record text,
    answer text check (answer in ('yes', 'no')),
    evidence text not null,
    links text not null,
    documents text not null,
    commentary text not null,
    explanation text not null,
    comply_by text,
    saved_by text not null references users (id),
    saved_at timestamptz not null,
    primary key (assessment_id, provision, version)
);

-- what asks for a new self-assessment outside the annual one: a restructure, merger or change
-- in procedures (code 8.3), or the ombudsman's request after an investigation (code 8.4).
create table self_assessment_triggers (
    id text primary key not null,
    organisation_id text not null references organisations (id),
    kind text not null check (kind in ('restructure', 'merger', 'procedure_change', 'ombudsman_request')),
    occurred_on text not null,
    details text not null,
    recorded_by text not null references users (id),
    recorded_at timestamptz not null
);

create index self_assessment_triggers_by_organisation_idx on self_assessment_triggers (organisation_id, occurred_on);

-- a declared period of non-compliance because of exceptional circumstances (code 8.5): what
-- residents were told and the day it expects to comply again.
create table declared_non_compliance (
    id text primary key not null,
    organisation_id text not null references organisations (id),
    starts_on text not null,
    circumstances text not null,
    ombudsman_told_on text not null,
    residents_told text not null,
    return_by text not null,
    recorded_by text not null references users (id),
    recorded_at timestamptz not null
);

create index declared_non_compliance_by_organisation_idx on declared_non_compliance (organisation_id, starts_on);
