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
    due text not null,
    -- null while open.
    completed_on text,
    -- the complaint's handler and handling organisation, copied so that "my work" and an
    -- agent's list read one index in due order.
    handler text,
    organisation_handling text not null,
    primary key (complaint_id, item_id),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id)
) strict;

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
-- the one place storage reads inside an event's payload, once.
insert into complaint_work_items
    (complaint_id, item_id, organisation_id, kind, description, due, completed_on, handler, organisation_handling)
select e.complaint_id, json_extract(e.payload, '$.remedy.id'), e.organisation_id, 'remedy',
       json_extract(e.payload, '$.remedy.description'), json_extract(e.payload, '$.remedy.due'),
       json_extract(e.payload, '$.remedy.completed_on'), c.handler, c.organisation_handling
from complaint_events e join complaints c on c.id = e.complaint_id and c.organisation_id = e.organisation_id
where e.kind = 'remedy_offered'
on conflict (complaint_id, item_id) do nothing;

insert into complaint_work_items
    (complaint_id, item_id, organisation_id, kind, description, due, completed_on, handler, organisation_handling)
select e.complaint_id, json_extract(e.payload, '$.action.id'), e.organisation_id, 'action',
       json_extract(e.payload, '$.action.description'), json_extract(e.payload, '$.action.due'),
       json_extract(e.payload, '$.action.completed_on'), c.handler, c.organisation_handling
from complaint_events e join complaints c on c.id = e.complaint_id and c.organisation_id = e.organisation_id
where e.kind = 'action_added'
on conflict (complaint_id, item_id) do nothing;

update complaint_work_items
set completed_on = coalesce((
    select json_extract(e.payload, '$.on') from complaint_events e
    where e.complaint_id = complaint_work_items.complaint_id
      and e.kind = case complaint_work_items.kind when 'remedy' then 'remedy_completed' else 'action_completed' end
      and json_extract(e.payload, '$.id') = complaint_work_items.item_id
    order by e.seq desc limit 1), completed_on);
