-- response drafts (issue 10): a stage's response saved as the handler prepares it, task by
-- task, so that it survives leaving the page and signing in again. a draft is not an event
-- and not in the audit chain: nothing of it is in the complaint's record until the response
-- is recorded, when its files move into `attachments` (under the correspondence recorded
-- with the response) and the draft is deleted, in the transaction that appends the
-- response's event. kept in lockstep with the other backend's file of the same name.

-- one draft per complaint and stage: who saved it last and when, and a revision that every
-- save moves, so that recording can tell the draft it read is still the draft stored.
create table response_drafts (
    organisation_id text not null,
    complaint_id text not null,
    stage integer not null check (stage in (1, 2)),
    saved_by text not null,
    saved_at timestamptz not null,
    revision bigint not null,
    primary key (organisation_id, complaint_id, stage),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id),
    foreign key (saved_by) references users (id)
);

-- each task's fields as the handler typed them, as json (`[[name, value], ...]`): kept even
-- when they do not pass the task's checks, so that nothing typed is lost.
create table response_draft_parts (
    organisation_id text not null,
    complaint_id text not null,
    stage integer not null,
    task text not null,
    fields text not null,
    primary key (organisation_id, complaint_id, stage, task),
    foreign key (organisation_id, complaint_id, stage)
        references response_drafts (organisation_id, complaint_id, stage)
);

-- files uploaded to a draft, with their sha-256, until the response is recorded.
create table response_draft_attachments (
    id text primary key not null,
    organisation_id text not null,
    complaint_id text not null,
    stage integer not null,
    file_name text not null,
    media_type text not null,
    size_bytes bigint not null,
    sha256 text not null,
    content bytea not null,
    created_at timestamptz not null,
    foreign key (organisation_id, complaint_id, stage)
        references response_drafts (organisation_id, complaint_id, stage)
);
create index response_draft_attachments_draft_idx
    on response_draft_attachments (organisation_id, complaint_id, stage, created_at);
