-- categories that count, and full-text search (issue 10). kept in lockstep with the other
-- backend's file of the same name.
--
-- each organisation keeps its own list of categories (with sensible defaults), and a
-- complaint has any number of them, each counted by the list's filter, the csv and every
-- report. a category is retired rather than removed, so that old complaints keep it.
-- `id` is unique within the organisation: the defaults' ids are words (`repairs`), the
-- organisation's own are minted by the application, and those made below from old free text
-- are `imported-1`, `imported-2`…
create table categories (
    organisation_id text not null references organisations (id),
    id text not null,
    name text not null,
    retired integer not null default 0 check (retired in (0, 1)),
    -- where it comes in the organisation's list.
    position integer not null,
    primary key (organisation_id, id)
) strict;
create unique index categories_name_idx on categories (organisation_id, lower(name));

-- the categories of each complaint, written with the complaint (they are fixed when it is
-- logged). the complaint's received date and reference are copied so that the list filtered
-- by a category is read from complaint_categories_list_idx in the list's order and paged by
-- seeking in it, as the other filters' indexes are (0008).
create table complaint_categories (
    complaint_id text not null,
    organisation_id text not null,
    category_id text not null,
    received_on text not null,
    reference text not null,
    primary key (complaint_id, category_id),
    foreign key (complaint_id, organisation_id) references complaints (id, organisation_id),
    foreign key (organisation_id, category_id) references categories (organisation_id, id)
) strict;
create index complaint_categories_list_idx
    on complaint_categories (organisation_id, category_id, received_on, reference, complaint_id);

-- the first category alone, which the filter used to read; the column stays (old rows keep
-- their value) but nothing reads or writes it now.
drop index complaints_category_list_idx;

-- the defaults, for every organisation (the application adds them to new ones).
insert into categories (organisation_id, id, name, retired, position)
select o.id, d.id, d.name, 0, d.position
from organisations o cross join (
    select 'repairs' as id, 'Repairs' as name, 1 as position
    union all select 'damp-and-mould', 'Damp and mould', 2
    union all select 'anti-social-behaviour', 'Anti-social behaviour', 3
    union all select 'staff-conduct', 'Staff conduct', 4
    union all select 'communication', 'Communication', 5
    union all select 'neighbourhood', 'Neighbourhood', 6
    union all select 'rent-and-charges', 'Rent and charges', 7
) d
order by o.id, d.position;

-- the old free-text categories, mapped once. every category text of every complaint's
-- logged event (the complaint's `category` column held only the first) is split on commas;
-- each piece is matched to a default by its normal form (lower case, `&` read as "and", the
-- punctuation - ' " . / ( ) : ; _ + ! ? read as spaces, spaces collapsed); a piece that is not
-- a default is split again on "and" and taken as the defaults it names if every part names
-- one ("repairs and communication"); anything else is kept whole as a category of its own
-- organisation ("heating and hot water"), named as first written (the least spelling of those
-- with the same normal form). the helper tables are dropped at the end.
create table legacy_category_names (normal text primary key, category_id text not null) strict;
insert into legacy_category_names (normal, category_id) values
    ('repairs', 'repairs'), ('repair', 'repairs'),
    ('damp and mould', 'damp-and-mould'), ('damp', 'damp-and-mould'), ('mould', 'damp-and-mould'),
    ('mould and damp', 'damp-and-mould'), ('damp mould', 'damp-and-mould'),
    ('anti social behaviour', 'anti-social-behaviour'), ('antisocial behaviour', 'anti-social-behaviour'),
    ('asb', 'anti-social-behaviour'),
    ('staff conduct', 'staff-conduct'), ('staff', 'staff-conduct'),
    ('communication', 'communication'), ('communications', 'communication'),
    ('neighbourhood', 'neighbourhood'), ('neighborhood', 'neighbourhood'),
    ('rent and charges', 'rent-and-charges'), ('rent', 'rent-and-charges'), ('charges', 'rent-and-charges'),
    ('service charges', 'rent-and-charges'), ('rent and service charges', 'rent-and-charges');

create table legacy_category_pieces (
    n integer primary key,
    complaint_id text not null,
    organisation_id text not null,
    received_on text not null,
    reference text not null,
    piece text not null,
    normal text not null
) strict;

with recursive split (complaint_id, organisation_id, received_on, reference, piece, rest) as (
    select c.id, c.organisation_id, c.received_on, c.reference, '', j.value || ','
    from complaints c
    join complaint_events e on e.complaint_id = c.id and e.seq = 1 and e.kind = 'logged'
    cross join json_each(e.payload, '$.categories') j
    where j.type = 'text'
    union all
    select complaint_id, organisation_id, received_on, reference,
           trim(substr(rest, 1, instr(rest, ',') - 1)), substr(rest, instr(rest, ',') + 1)
    from split where rest <> ''
),
punctuation_as_spaces (complaint_id, organisation_id, received_on, reference, piece, spaced) as (
    select complaint_id, organisation_id, received_on, reference, piece,
           ' ' || replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
               replace(replace(replace(lower(piece), '&', ' and '), '-', ' '), '''', ' '), '"', ' '), '.', ' '),
               '/', ' '), '(', ' '), ')', ' '), ':', ' '), ';', ' '), '_', ' '), '+', ' '), '!', ' '), '?', ' ')
           || ' '
    from split where piece <> ''
)
insert into legacy_category_pieces (complaint_id, organisation_id, received_on, reference, piece, normal)
select complaint_id, organisation_id, received_on, reference, piece,
       trim(replace(replace(replace(replace(replace(spaced, '  ', ' '), '  ', ' '), '  ', ' '), '  ', ' '), '  ', ' '))
from punctuation_as_spaces;

delete from legacy_category_pieces where normal = '';

-- each piece's parts between "and"s; a piece is the defaults its parts name only if it has
-- more than one part and every part names one.
create table legacy_category_parts (n integer not null, part text not null) strict;
with recursive parts (n, part, rest) as (
    select n, '', normal || ' and ' from legacy_category_pieces
    where normal not in (select normal from legacy_category_names)
    union all
    select n, trim(substr(rest, 1, instr(rest, ' and ') - 1)), substr(rest, instr(rest, ' and ') + 5)
    from parts where rest <> ''
)
insert into legacy_category_parts (n, part) select n, part from parts where part <> '';

create table legacy_category_matches (n integer not null, category_id text not null) strict;
insert into legacy_category_matches (n, category_id)
select p.n, d.category_id from legacy_category_pieces p join legacy_category_names d on d.normal = p.normal;
insert into legacy_category_matches (n, category_id)
select p.n, d.category_id
from legacy_category_parts p join legacy_category_names d on d.normal = p.part
where p.n in (
    select q.n from legacy_category_parts q left join legacy_category_names e on e.normal = q.part
    group by q.n having count(*) > 1 and count(e.normal) = count(*)
);

-- the pieces left are each organisation's own categories, one per normal form, after the
-- defaults in order of that form.
insert into categories (organisation_id, id, name, retired, position)
select organisation_id, 'imported-' || row_number() over (partition by organisation_id order by normal),
       name, 0, 7 + row_number() over (partition by organisation_id order by normal)
from (
    select organisation_id, normal, min(piece) as name from legacy_category_pieces
    where n not in (select n from legacy_category_matches)
    group by organisation_id, normal
)
order by organisation_id, normal;

insert into legacy_category_matches (n, category_id)
select p.n, g.id
from legacy_category_pieces p
join (
    select organisation_id, normal, 'imported-' || row_number() over (partition by organisation_id order by normal) as id
    from legacy_category_pieces where n not in (select n from legacy_category_matches)
    group by organisation_id, normal
) g on g.organisation_id = p.organisation_id and g.normal = p.normal
where p.n not in (select n from legacy_category_matches);

insert into complaint_categories (complaint_id, organisation_id, category_id, received_on, reference)
select distinct p.complaint_id, p.organisation_id, m.category_id, p.received_on, p.reference
from legacy_category_pieces p join legacy_category_matches m on m.n = p.n
order by p.complaint_id, m.category_id;

drop table legacy_category_matches;
drop table legacy_category_parts;
drop table legacy_category_pieces;
drop table legacy_category_names;

-- full-text search over a complaint's description and points. `search_text` holds them, as
-- the application writes it with every change (the description, then each stage's points,
-- one a line); here it is made once from the events of complaints stored before.
alter table complaints add column search_text text not null default '';

update complaints set search_text = coalesce((
    select group_concat(t.text, char(10) order by t.seq, t.k)
    from (
        select e.seq, -1 as k, json_extract(e.payload, '$.description') as text
        from complaint_events e where e.complaint_id = complaints.id and e.kind = 'logged'
        union all
        select e.seq, p.key, json_extract(p.value, '$.text')
        from complaint_events e cross join json_each(e.payload, '$.definition.points') p
        where e.complaint_id = complaints.id and e.kind = 'acknowledged'
        union all
        select e.seq, p.key, json_extract(p.value, '$.text')
        from complaint_events e cross join json_each(e.payload, '$.points') p
        where e.complaint_id = complaints.id and e.kind = 'points_added'
    ) t
    where t.text is not null
), '');

-- sqlite's full-text index (fts5, english stemming), kept in step with `search_text` by the
-- triggers below. its rows are numbered by complaint_search_rows, not by the complaints'
-- rowids, which a vacuum may renumber. (postgresql has a tsvector column instead: the one
-- place the two schemas differ.)
create table complaint_search_rows (
    id integer primary key,
    complaint_id text not null unique
) strict;
create virtual table complaint_search using fts5 (complaint_id unindexed, body, tokenize = 'porter unicode61');

insert into complaint_search_rows (complaint_id) select id from complaints order by id;
insert into complaint_search (rowid, complaint_id, body)
select r.id, c.id, c.search_text from complaint_search_rows r join complaints c on c.id = r.complaint_id;

create trigger complaints_search_inserted after insert on complaints begin
    insert into complaint_search_rows (complaint_id) values (new.id);
    insert into complaint_search (rowid, complaint_id, body)
    values ((select id from complaint_search_rows where complaint_id = new.id), new.id, new.search_text);
end;

create trigger complaints_search_changed after update of search_text on complaints
when new.search_text is not old.search_text begin
    update complaint_search set body = new.search_text
    where rowid = (select id from complaint_search_rows where complaint_id = new.id);
end;

create trigger complaints_search_deleted after delete on complaints begin
    delete from complaint_search where rowid = (select id from complaint_search_rows where complaint_id = old.id);
    delete from complaint_search_rows where complaint_id = old.id;
end;
