-- first schema of redress on sqlite.
--
-- kept in lockstep with migrations/postgres/0001_init.sql: same file name,
-- same tables and columns (the conformance suite compares them). forward-only:
-- a released migration is never edited, a change is a new numbered file in
-- both folders.

-- the landlord (or group of landlords) that owns complaints. a single install
-- usually holds one, but every later table hangs off it so that a group can
-- keep its members' complaints apart.
create table organisations (
    -- ids are made in rust (text), so both backends store the same values.
    -- not null is implied by strict, but outside strict tables sqlite lets a
    -- text primary key be null, so it is spelt out for whoever copies this.
    id text primary key not null,
    name text not null,
    -- utc instant in rfc 3339, always bound from rust: a sql default would
    -- write a different text format and break ordering and comparison.
    created_at text not null
-- strict: sqlite then rejects a value of the wrong type, as postgresql does,
-- instead of storing it anyway.
) strict;
