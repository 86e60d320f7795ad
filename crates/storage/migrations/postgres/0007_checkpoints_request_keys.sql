-- issue 8: checkpoints that commit to every complaint's head, and idempotency
-- records written in the same transaction as the change they answer.

-- an organisation's audit checkpoints, chained: each one's digest covers the
-- one before, the registry head and every complaint head that moved since.
-- the digest (its first 32 hex digits) is the value a landlord notes
-- elsewhere; `redress audit verify --against` proves nothing was cut or
-- rewritten since.
create table audit_checkpoints (
    organisation_id text not null references organisations (id),
    seq bigint not null,
    created_at timestamptz not null,
    registry_seq bigint not null,
    registry_head text not null,
    prev_digest text not null,
    digest text not null,
    primary key (organisation_id, seq)
);

-- the heads a checkpoint commits to: those of complaints created or changed
-- since the checkpoint before. no foreign key to complaints, on purpose: a
-- complaint deleted later must still be named here.
create table audit_checkpoint_heads (
    organisation_id text not null,
    checkpoint_seq bigint not null,
    complaint_id text not null,
    last_seq bigint not null,
    head_hash text not null,
    primary key (organisation_id, checkpoint_seq, complaint_id),
    foreign key (organisation_id, checkpoint_seq) references audit_checkpoints (organisation_id, seq)
);
create index audit_checkpoint_heads_complaint_idx
    on audit_checkpoint_heads (organisation_id, complaint_id, checkpoint_seq);

-- the idempotency record now holds only what a replay needs: the status and
-- the record the request made or changed (a complaint as of the seq the
-- request left it at). for a complaint it is written in the transaction of the
-- change itself. records live a day; the old table held whole response bodies
-- written after the commit.
drop table idempotency_keys;
create table request_keys (
    organisation_id text not null references organisations (id),
    key text not null,
    -- sha-256 of method, path and body: the same key with a different request
    -- is the client's mistake, not a retry.
    fingerprint text not null,
    response_status integer not null,
    -- what the request created or changed: `complaint` (with the seq of the last event it
    -- appended), `resident`, `representative`, `property`, `service_request` or
    -- `restriction` (seq 0).
    resource text not null,
    resource_id text not null,
    resource_seq bigint not null,
    created_at timestamptz not null,
    primary key (organisation_id, key)
);
create index request_keys_created_idx on request_keys (created_at);
