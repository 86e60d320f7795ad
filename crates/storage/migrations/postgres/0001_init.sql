-- first schema of redress on postgresql.
--
-- kept in lockstep with migrations/sqlite/0001_init.sql: same file name,
-- same tables and columns (the conformance suite compares them). forward-only:
-- a released migration is never edited, a change is a new numbered file in
-- both folders.

-- the landlord (or group of landlords) that owns complaints. a single install
-- usually holds one, but every later table hangs off it so that a group can
-- keep its members' complaints apart.
create table organisations (
    -- ids are made in rust (text), so both backends store the same values.
    id text primary key not null,
    name text not null,
    -- always bound from rust, never now(): sqlite cannot share a sql default,
    -- and one clock (the application's) keeps both backends consistent.
    created_at timestamptz not null
);
