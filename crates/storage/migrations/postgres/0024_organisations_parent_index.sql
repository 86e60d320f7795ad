-- the organisations acting for a landlord (its managing agents and contractors), found by
-- the landlord's id: every page that names people or offers a handler reads a landlord's
-- organisations and their staff, and a deployment may hold many landlords (issue 8).
-- kept in lockstep with the other backend's file of the same name.
create index organisations_parent_idx on organisations (parent_id);
