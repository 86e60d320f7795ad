-- restrictions on a resident's contact for unacceptable behaviour (code 5.14, 5.15):
-- the behaviour and its evidence, what is restricted, why it is proportionate, how the
-- equality act 2010 was considered, and when it is next reviewed. rows are added, never
-- rewritten: a review that changes a restriction records a new one.
create table contact_restrictions (
    id text primary key not null,
    organisation_id text not null,
    resident_id text not null,
    behaviour text not null,
    evidence text not null,
    restriction text not null,
    proportionality text not null,
    equality_act_consideration text not null,
    starts_on date not null,
    review_on date not null,
    recorded_by text not null,
    created_at timestamptz not null,
    foreign key (resident_id, organisation_id) references residents (id, organisation_id)
);
create index contact_restrictions_resident_idx on contact_restrictions (organisation_id, resident_id);
