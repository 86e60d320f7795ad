-- the complaint lifecycle (issue 3) on sqlite: people, users and tokens,
-- complaints with their tamper-evident event chains, correspondence,
-- attachments and idempotency keys.
--
-- kept in lockstep with migrations/postgres/0002_complaint_lifecycle.sql: same
-- tables and columns. types differ by design: instants are rfc 3339 utc text
-- with six fraction digits (fixed width, so text order is time order), dates
-- 'yyyy-mm-dd' text, booleans 0/1. every table is strict.

-- an organisation is a landlord, or a managing agent or contractor acting for
-- one (its parent). complaints belong to the landlord; `organisation_handling`
-- on a complaint says who is dealing with it.
alter table organisations add column parent_id text references organisations (id);
-- existing rows (there are none in practice) become landlords.
alter table organisations add column kind text not null default 'landlord'
    check (kind in ('landlord', 'managing_agent', 'contractor'));
-- the cli names an organisation with `--org NAME`, so names must be unique.
create unique index organisations_name_key on organisations (name);

-- staff and system accounts. an account is never deleted, only disabled, so
-- that the record keeps naming who did what.
create table users (
    id text primary key not null,
    organisation_id text not null references organisations (id),
    name text not null,
    role text not null,
    created_at text not null,
    disabled integer not null
) strict;
create index users_organisation_idx on users (organisation_id);

-- api bearer tokens: only the sha-256 of a token is kept, so a copy of the
-- database gives no one a way in.
create table api_tokens (
    token_hash text primary key not null,
    user_id text not null references users (id),
    created_at text not null
) strict;
create index api_tokens_user_idx on api_tokens (user_id);

-- residents with their contact details and support needs (code 5.10). the
-- support needs are json written by the application (storage never reads
-- inside them); `support_review_on` is the earliest review date among them, so
-- that reviews falling due can be found without parsing json.
create table residents (
    id text primary key not null,
    organisation_id text not null references organisations (id),
    name text not null,
    email text,
    phone text,
    address text,
    preferred_contact_method text,
    preferred_format text,
    disabilities text not null,
    vulnerabilities text not null,
    reasonable_adjustments text not null,
    support_review_on text,
    created_at text not null,
    updated_at text not null,
    -- the target of composite foreign keys below: a row of another
    -- organisation can then never be referred to.
    unique (id, organisation_id)
) strict;
create index residents_organisation_idx on residents (organisation_id, name);

-- someone acting for a resident with their authority (code 1.3, 3.6).
create table representatives (
    id text primary key not null,
    organisation_id text not null,
    resident_id text not null,
    name text not null,
    relationship text not null,
    email text,
    phone text,
    authority_evidence text not null,
    created_at text not null,
    foreign key (resident_id, organisation_id) references residents (id, organisation_id)
) strict;
create index representatives_resident_idx on representatives (organisation_id, resident_id);

-- homes; the uprn (unique property reference number) when known.
create table properties (
    id text primary key not null,
    organisation_id text not null references organisations (id),
    address text not null,
    uprn text,
    created_at text not null,
    unique (id, organisation_id)
) strict;
create index properties_organisation_idx on properties (organisation_id);

-- service requests (code 1.4): not complaints, but a complaint may arise
-- from one while it stays open (code 1.5).
create table service_requests (
    id text primary key not null,
    organisation_id text not null,
    resident_id text not null,
    property_id text,
    description text not null,
    status text not null,
    created_at text not null,
    updated_at text not null,
    foreign key (resident_id, organisation_id) references residents (id, organisation_id),
    foreign key (property_id, organisation_id) references properties (id, organisation_id)
) strict;
create index service_requests_organisation_idx on service_requests (organisation_id, created_at);

-- the last complaint number given out per organisation and year: references
-- (cmp-2025-000123) are allocated from this row inside the transaction that
-- creates the complaint, so they are gapless and never reused, unlike a
-- database sequence.
create table reference_counters (
    organisation_id text not null references organisations (id),
    year integer not null,
    last_number integer not null,
    primary key (organisation_id, year)
) strict;

-- one row per complaint: its identity, the head of its event chain, and
-- summary columns for listing and filtering. the summary is computed by the
-- application from the events and rewritten with every append; the events
-- are the record.
create table complaints (
    id text primary key not null,
    organisation_id text not null references organisations (id),
    reference text not null,
    resident_id text not null,
    -- 1 or 2 while at a stage; null before one starts (or if not accepted).
    stage integer check (stage in (1, 2)),
    status text not null,
    handler text references users (id),
    -- the landlord itself or the managing agent dealing with the complaint.
    organisation_handling text not null references organisations (id),
    received_on text not null,
    category text,
    channel text not null,
    next_due text,
    deadline_status text,
    -- the chain head: seq and hash of the last event. an append must name the
    -- seq it read (optimistic concurrency) and moves both.
    last_seq integer not null,
    head_hash text not null,
    created_at text not null,
    updated_at text not null,
    unique (organisation_id, reference),
    unique (id, organisation_id),
    foreign key (resident_id, organisation_id) references residents (id, organisation_id)
) strict;
create index complaints_list_idx on complaints (organisation_id, received_on, reference);
create index complaints_next_due_idx on complaints (organisation_id, next_due);
create index complaints_handler_idx on complaints (organisation_id, handler);

-- the record (code 5.12): every change to a complaint, append-only. each
-- event's hash covers the previous event's hash, so altering, removing or
-- inserting an event breaks the chain. one chain per complaint, so work on
-- different complaints never waits on another's.
create table complaint_events (
    complaint_id text not null,
    -- 1, 2, 3… per complaint; the primary key makes two writers that read the
    -- same head collide instead of forking the chain.
    seq integer not null,
    organisation_id text not null,
    kind text not null,
    -- json exactly as the application wrote it (text, not jsonb: jsonb would
    -- reorder keys and the hash would no longer match).
    payload text not null,
    actor text not null,
    recorded_at text not null,
    prev_hash text not null,
    hash text not null,
    primary key (complaint_id, seq),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id)
) strict;

-- every complaint an organisation has created, in a hash chain of its own,
-- so that a complaint deleted outright (row and events) is detected. only
-- creating a complaint touches it. `first_event_hash` ties the entry to the
-- complaint's chain, so a complaint replaced by another chain is detected too.
create table complaint_registry (
    organisation_id text not null references organisations (id),
    seq integer not null,
    complaint_id text not null unique,
    reference text not null,
    first_event_hash text not null,
    prev_hash text not null,
    hash text not null,
    primary key (organisation_id, seq)
) strict;

-- the head of each organisation's registry chain. creating a complaint
-- updates this row first, which also serialises creations per organisation.
create table complaint_registry_heads (
    organisation_id text primary key not null references organisations (id),
    last_seq integer not null,
    head_hash text not null
) strict;

-- letters, emails, calls and other correspondence in and out (code 5.12).
-- `hash` is the sha-256 of the row's content, checked by `audit verify`.
create table correspondence (
    id text primary key not null,
    organisation_id text not null,
    complaint_id text not null,
    direction text not null check (direction in ('in', 'out')),
    channel text not null,
    subject text not null,
    body text not null,
    occurred_at text not null,
    recorded_at text not null,
    hash text not null,
    unique (id, organisation_id),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id)
) strict;
create index correspondence_complaint_idx on correspondence (organisation_id, complaint_id, occurred_at);

-- files attached to correspondence, stored in the database with their sha-256
-- (checked when stored, when read and by `audit verify`).
create table attachments (
    id text primary key not null,
    organisation_id text not null,
    correspondence_id text not null,
    file_name text not null,
    media_type text not null,
    size_bytes integer not null,
    sha256 text not null,
    content blob not null,
    created_at text not null,
    foreign key (correspondence_id, organisation_id) references correspondence (id, organisation_id)
) strict;
create index attachments_correspondence_idx on attachments (organisation_id, correspondence_id);

-- responses to requests sent with an idempotency-key header, so a retried
-- request gets the first response instead of creating a second complaint.
create table idempotency_keys (
    organisation_id text not null references organisations (id),
    key text not null,
    -- sha-256 of method, path and body: the same key with a different request
    -- is the client's mistake, not a retry.
    fingerprint text not null,
    response_status integer not null,
    response_body text not null,
    created_at text not null,
    primary key (organisation_id, key)
) strict;
