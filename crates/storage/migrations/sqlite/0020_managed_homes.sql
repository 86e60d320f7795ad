-- which organisation manages each home, and which home each resident lives in (issue 10).
--
-- a landlord assigns homes to a managing agent or contractor acting for it; that
-- organisation's staff then see the residents of those homes and log complaints for them.
-- only the current assignment is kept, with who made it and when: a complaint's own record
-- says who handled it, so the history of a home's manager adds nothing a complaint needs.
-- kept in lockstep with the other backend's file of the same name.
--
-- sqlite cannot add a table constraint to an existing table, so the home's organisation is
-- not tied to the resident's here as it is in postgresql; the application only ever names a
-- home of the resident's own landlord.
alter table properties add column managed_by text references organisations (id);
-- the member of staff who made the assignment (null when made from the command line or the
-- demo's set-up) and when; both null while the landlord manages the home itself.
alter table properties add column managed_by_assigned_by text references users (id);
alter table properties add column managed_by_assigned_at text;
alter table residents add column home_id text references properties (id);

-- the scope query of an agent's staff: the homes it manages, then their residents.
create index properties_managed_by_idx on properties (organisation_id, managed_by);
create index residents_home_idx on residents (organisation_id, home_id);
