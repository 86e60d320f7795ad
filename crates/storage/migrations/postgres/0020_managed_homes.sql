-- which organisation manages each home, and which home each resident lives in (issue 10).
--
-- a landlord assigns homes to a managing agent or contractor acting for it; that
-- organisation's staff then see the residents of those homes and log complaints for them.
-- only the current assignment is kept, with who made it and when: a complaint's own record
-- says who handled it, so the history of a home's manager adds nothing a complaint needs.
-- kept in lockstep with the other backend's file of the same name.
alter table properties add column managed_by text references organisations (id);
-- the member of staff who made the assignment (null when made from the command line or the
-- demo's set-up) and when; both null while the landlord manages the home itself.
alter table properties add column managed_by_assigned_by text references users (id);
alter table properties add column managed_by_assigned_at timestamptz;
-- a resident's home is one of their own landlord's.
alter table residents add column home_id text;
alter table residents add constraint residents_home_fk
    foreign key (home_id, organisation_id) references properties (id, organisation_id);

-- the scope query of an agent's staff: the homes it manages, then their residents.
create index properties_managed_by_idx on properties (organisation_id, managed_by);
create index residents_home_idx on residents (organisation_id, home_id);
