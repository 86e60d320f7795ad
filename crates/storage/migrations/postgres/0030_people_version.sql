-- each landlord's people version: a number that every change to the landlord's organisations
-- (itself and those acting for it), their staff or its categories moves on (issue 8).
-- authenticating a request reads it with the caller's user, as it reads the calendar version
-- (0015), so the application can keep what the case list and the case page offer and name
-- (handlers, organisations, staff names, categories) between requests and read those tables
-- again only when the number has moved: three queries fewer for every page that names
-- people. the triggers move it whoever writes, so no write path can forget to. kept in
-- lockstep with the other backend's file of the same name.
alter table organisations add column people_version bigint not null default 0;

-- the landlord of organisation `organisation`: itself, or the landlord it acts for.
create function move_people_version_of(organisation text) returns void language sql as $$
    update organisations set people_version = people_version + 1
    where id = (select coalesce(o.parent_id, o.id) from organisations o where o.id = organisation);
$$;

create function users_move_people_version() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform move_people_version_of(old.organisation_id);
    end if;
    if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.organisation_id <> old.organisation_id) then
        perform move_people_version_of(new.organisation_id);
    end if;
    return null;
end
$$;

create trigger users_move_people_version after insert or update or delete on users
    for each row execute function users_move_people_version();

-- only the columns the people read (name, kind, parent): the trigger's own update of
-- people_version, and the calendar version's, do not fire it.
create function organisations_move_people_version() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        update organisations set people_version = people_version + 1 where id = coalesce(old.parent_id, old.id);
    end if;
    update organisations set people_version = people_version + 1 where id = coalesce(new.parent_id, new.id);
    return null;
end
$$;

create trigger organisations_added_move_people_version after insert on organisations
    for each row execute function organisations_move_people_version();

create trigger organisations_changed_move_people_version after update of name, kind, parent_id on organisations
    for each row execute function organisations_move_people_version();

create function categories_move_people_version() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update organisations set people_version = people_version + 1 where id = old.organisation_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update organisations set people_version = people_version + 1 where id = new.organisation_id;
    end if;
    return null;
end
$$;

create trigger categories_move_people_version after insert or update or delete on categories
    for each row execute function categories_move_people_version();
