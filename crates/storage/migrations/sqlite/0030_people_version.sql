-- each landlord's people version: a number that every change to the landlord's organisations
-- (itself and those acting for it), their staff or its categories moves on (issue 8).
-- authenticating a request reads it with the caller's user, as it reads the calendar version
-- (0015), so the application can keep what the case list and the case page offer and name
-- (handlers, organisations, staff names, categories) between requests and read those tables
-- again only when the number has moved: three queries fewer for every page that names
-- people. the triggers move it whoever writes, so no write path can forget to. kept in
-- lockstep with the other backend's file of the same name.
alter table organisations add column people_version integer not null default 0;

create trigger users_added_move_people_version after insert on users
begin
    update organisations set people_version = people_version + 1
    where id = (select coalesce(o.parent_id, o.id) from organisations o where o.id = new.organisation_id);
end;

create trigger users_changed_move_people_version after update on users
begin
    update organisations set people_version = people_version + 1
    where id in (select coalesce(o.parent_id, o.id) from organisations o
                 where o.id in (old.organisation_id, new.organisation_id));
end;

create trigger users_removed_move_people_version after delete on users
begin
    update organisations set people_version = people_version + 1
    where id = (select coalesce(o.parent_id, o.id) from organisations o where o.id = old.organisation_id);
end;

-- only the columns the people read (name, kind, parent): the trigger's own update of
-- people_version, and the calendar version's, do not fire it.
create trigger organisations_added_move_people_version after insert on organisations
begin
    update organisations set people_version = people_version + 1
    where id = coalesce(new.parent_id, new.id);
end;

create trigger organisations_changed_move_people_version after update of name, kind, parent_id on organisations
begin
    update organisations set people_version = people_version + 1
    where id in (coalesce(old.parent_id, old.id), coalesce(new.parent_id, new.id));
end;

create trigger categories_added_move_people_version after insert on categories
begin
    update organisations set people_version = people_version + 1 where id = new.organisation_id;
end;

create trigger categories_changed_move_people_version after update on categories
begin
    update organisations set people_version = people_version + 1
    where id in (old.organisation_id, new.organisation_id);
end;

create trigger categories_removed_move_people_version after delete on categories
begin
    update organisations set people_version = people_version + 1 where id = old.organisation_id;
end;
