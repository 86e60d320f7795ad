-- each organisation's calendar version: a number that every change to its closure days moves
-- on (issue 8). authenticating a request reads it with the caller's user, so the application
-- can keep each landlord's working-day calendar between requests and read its closure days
-- again only when the number has moved: one query fewer for every step of a complaint. kept
-- in lockstep with the other backend's file of the same name.
alter table organisations add column calendar_version bigint not null default 0;

create function closure_days_move_calendar_version() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        update organisations set calendar_version = calendar_version + 1 where id = old.organisation_id;
    else
        update organisations set calendar_version = calendar_version + 1 where id = new.organisation_id;
    end if;
    return null;
end
$$;

create trigger closure_days_move_calendar_version after insert or update or delete on closure_days
    for each row execute function closure_days_move_calendar_version();
