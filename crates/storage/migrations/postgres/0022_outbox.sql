-- delivery (issue 11): the outbox of emails to send, every attempt to send one, and the
-- queue of letters to print and post. an email is written in the transaction that records
-- its correspondence, so that a letter recorded as sent is always either sent or waiting;
-- nothing here is ever deleted (the triggers below refuse it): a failed email stays, shown,
-- with every attempt. kept in lockstep with the other backend's file of the same name.

-- an email waiting to be sent, sent or failed. `recipients` is a json array of addresses.
-- a sender claims due emails by setting `claim` (unique to that claim) and `claimed_until`
-- in one statement: another sender skips an email while its claim lasts, and takes it when
-- the claim has run out (a sender that stopped mid-send). `attempts` counts the rows of
-- `email_attempts`; `due_at` is when the next attempt may be made.
create table outbox_emails (
    id text primary key not null,
    organisation_id text not null,
    complaint_id text not null,
    correspondence_id text not null,
    recipients text not null,
    subject text not null,
    html_body text not null,
    text_body text not null,
    state text not null check (state in ('waiting', 'sent', 'failed')),
    queued_at timestamptz not null,
    due_at timestamptz not null,
    attempts integer not null,
    claim text,
    claimed_until timestamptz,
    finished_at timestamptz,
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id),
    foreign key (correspondence_id, organisation_id) references correspondence (id, organisation_id)
);
create index outbox_emails_due_idx on outbox_emails (state, due_at);
create index outbox_emails_complaint_idx on outbox_emails (organisation_id, complaint_id, queued_at);

-- the files an email carries, in order: their bytes here, or a reference to a stored
-- attachment (a letter's pdf, kept once), with the sha-256 the bytes must still have when
-- the email is sent.
create table outbox_attachments (
    email_id text not null references outbox_emails (id),
    position integer not null,
    file_name text not null,
    media_type text not null,
    size_bytes bigint not null,
    sha256 text not null,
    content bytea,
    attachment_id text references attachments (id),
    primary key (email_id, position),
    check ((content is null) <> (attachment_id is null))
);

-- every attempt to send an email, append-only: when, what became of it (accepted with the
-- server's reply, or the error), and which redress instance made it.
create table email_attempts (
    email_id text not null references outbox_emails (id),
    number integer not null,
    attempted_at timestamptz not null,
    outcome text not null check (outcome in ('accepted', 'deferred', 'rejected')),
    detail text not null,
    instance text not null,
    primary key (email_id, number)
);

-- letters to print and post: the letter's pdf (a stored attachment) and the address it goes
-- to, queued on a day in england; marked posted once, by whom and when.
create table print_queue (
    id text primary key not null,
    organisation_id text not null,
    complaint_id text not null,
    correspondence_id text not null,
    attachment_id text not null references attachments (id),
    recipient text not null,
    queued_at timestamptz not null,
    queued_on date not null,
    posted_at timestamptz,
    posted_by text references users (id),
    check ((posted_at is null) = (posted_by is null)),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id),
    foreign key (correspondence_id, organisation_id) references correspondence (id, organisation_id)
);
create index print_queue_day_idx on print_queue (organisation_id, queued_on, queued_at);

create function delivery_record_kept() returns trigger language plpgsql as $$
begin
    raise exception 'the delivery record (%) is never deleted or changed', tg_table_name;
end
$$;

create trigger outbox_emails_kept before delete on outbox_emails
    for each row execute function delivery_record_kept();
create trigger outbox_attachments_kept before delete on outbox_attachments
    for each row execute function delivery_record_kept();
create trigger email_attempts_kept before delete or update on email_attempts
    for each row execute function delivery_record_kept();
create trigger print_queue_kept before delete on print_queue
    for each row execute function delivery_record_kept();
