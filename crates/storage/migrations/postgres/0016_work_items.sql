-- the remedies and outstanding actions of complaints as rows (issue 10, "my work"): each is
-- in the record only inside its events (remedy_offered, remedy_completed, action_added,
-- action_completed), which lists cannot filter or order. the application writes an item's
-- row in the same transaction as the events that offer, add or complete it, with the
-- complaint's handler and handling organisation at that moment, and writes the rows again
-- when those change (an acknowledgement or a reassignment). the events stay the record; these
-- rows are rebuilt from them (below, once, for complaints stored before this table).
-- kept in lockstep with the other backend's file of the same name.
create table complaint_work_items (
    complaint_id text not null,
    -- r1, a1…: the item's number within the complaint.
    item_id text not null,
    organisation_id text not null,
    kind text not null check (kind in ('remedy', 'action')),
    description text not null,
    due date not null,
    -- null while open.
    completed_on date,
    -- the complaint's handler and handling organisation, copied so that "my work" and an
    -- agent's list read one index in due order.
    handler text,
    organisation_handling text not null,
    primary key (complaint_id, item_id),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id)
);

-- open items only, in due order (then by complaint and number, unique), one index per list:
-- the landlord's, one handler's, and one handling organisation's (a managing agent's staff).
create index complaint_work_open_idx
    on complaint_work_items (organisation_id, due, complaint_id, item_id) where completed_on is null;
create index complaint_work_handler_idx
    on complaint_work_items (organisation_id, handler, due, complaint_id, item_id) where completed_on is null;
create index complaint_work_handling_idx
    on complaint_work_items (organisation_id, organisation_handling, due, complaint_id, item_id)
    where completed_on is null;

-- a handler's open cases ("my work"): complaints not closed and not refused, by handler.
create index complaints_handler_open_idx
    on complaints (organisation_id, handler, next_due, reference)
    where status in ('awaiting_acknowledgement', 'investigating', 'responded');

-- backfill: the items of complaints stored before this table, folded from their events as the
-- domain folds them (an item offered or added, then completed on the date of its last
-- completion event), with the complaint's handler and handling organisation as stored now.
-- the one place storage reads inside an event's payload, once. the payload is text (kept byte
-- for byte for its hash), read here as jsonb.
insert into complaint_work_items
    (complaint_id, item_id, organisation_id, kind, description, due, completed_on, handler, organisation_handling)
select e.complaint_id, e.payload::jsonb -> 'remedy' ->> 'id', e.organisation_id, 'remedy',
       e.payload::jsonb -> 'remedy' ->> 'description', (e.payload::jsonb -> 'remedy' ->> 'due')::date,
       (e.payload::jsonb -> 'remedy' ->> 'completed_on')::date, c.handler, c.organisation_handling
from complaint_events e join complaints c on c.id = e.complaint_id and c.organisation_id = e.organisation_id
where e.kind = 'remedy_offered'
on conflict (complaint_id, item_id) do nothing;

insert into complaint_work_items
    (complaint_id, item_id, organisation_id, kind, description, due, completed_on, handler, organisation_handling)
select e.complaint_id, e.payload::jsonb -> 'action' ->> 'id', e.organisation_id, 'action',
       e.payload::jsonb -> 'action' ->> 'description', (e.payload::jsonb -> 'action' ->> 'due')::date,
       (e.payload::jsonb -> 'action' ->> 'completed_on')::date, c.handler, c.organisation_handling
from complaint_events e join complaints c on c.id = e.complaint_id and c.organisation_id = e.organisation_id
where e.kind = 'action_added'
on conflict (complaint_id, item_id) do nothing;

update complaint_work_items w
set completed_on = coalesce((
    select (e.payload::jsonb ->> 'on')::date from complaint_events e
    where e.complaint_id = w.complaint_id
      and e.kind = case w.kind when 'remedy' then 'remedy_completed' else 'action_completed' end
      and e.payload::jsonb ->> 'id' = w.item_id
    order by e.seq desc limit 1), w.completed_on);
