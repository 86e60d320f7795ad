-- staff sign in to the web application with email and password (issue 4).
-- the email is stored lowercased by the application, so the unique index is
-- also case-insensitive in effect; users without one (system accounts, users
-- made before this migration) can sign in only with api tokens. the password
-- is kept only as an argon2id phc string.
alter table users add column email text;
alter table users add column password_hash text;
create unique index users_email_key on users (email);

-- browser sessions, kept in the database (not in a signed cookie) so that
-- signing out or disabling a user ends them at once. only the sha-256 of the
-- session id is stored: a copy of the database lets no one in.
create table sessions (
    id_hash text primary key not null,
    user_id text not null references users (id),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    last_seen_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
