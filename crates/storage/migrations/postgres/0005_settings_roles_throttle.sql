-- settings, recorded role assignments and a shared sign-in throttle (issue 4).
-- kept in lockstep with migrations/sqlite/0005_settings_roles_throttle.sql.

-- every role granted to or removed from a member of staff, append-only: the
-- evidence of who was complaints officer (code 4.1), senior lead (9.3, 9.4)
-- or member responsible for complaints (9.5) on a given day. seq orders
-- assignments made in the same instant (a role change removes the old role,
-- then grants the new one). `assigned_by` is null when the assignment was
-- made outside the application (the command line); `assigned_by_name` keeps
-- the name as it was then, either way.
create table role_assignments (
    seq bigint generated always as identity primary key,
    organisation_id text not null references organisations (id),
    user_id text not null references users (id),
    role text not null,
    granted boolean not null,
    assigned_by text references users (id),
    assigned_by_name text not null,
    assigned_at timestamptz not null
);
create index role_assignments_user_idx on role_assignments (user_id, seq);
create index role_assignments_organisation_idx on role_assignments (organisation_id, assigned_at);

-- the organisation's details, as its complaints policy and letters give them.
-- one row per organisation, written when first edited.
create table organisation_details (
    organisation_id text primary key not null references organisations (id),
    address text not null,
    complaints_email text not null,
    complaints_phone text not null,
    policy_url text not null,
    ombudsman_member_number text not null,
    updated_at timestamptz not null
);

-- days the organisation is closed (besides weekends and bank holidays): not
-- working days when counting its deadlines.
create table closure_days (
    organisation_id text not null references organisations (id),
    day date not null,
    name text not null,
    created_at timestamptz not null,
    primary key (organisation_id, day)
);

-- further grounds for not accepting a complaint that the organisation's
-- complaints policy names (code 2.2), in the policy's words.
create table policy_exclusion_grounds (
    organisation_id text not null references organisations (id),
    wording text not null,
    created_at timestamptz not null,
    primary key (organisation_id, wording)
);

-- failed sign-ins, counted per account and per network address within the
-- throttle window, so that the limit holds across restarts and servers. both
-- keys are kept only as sha-256 hashes (of the lowercased email, and of the
-- address): the table holds no one's email or address.
create table sign_in_failures (
    seq bigint generated always as identity primary key,
    account_hash text not null,
    address_hash text not null,
    failed_at timestamptz not null
);
create index sign_in_failures_account_idx on sign_in_failures (account_hash, failed_at);
create index sign_in_failures_address_idx on sign_in_failures (address_hash, failed_at);
