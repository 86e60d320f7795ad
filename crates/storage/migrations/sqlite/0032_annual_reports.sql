-- the annual complaints performance and service improvement report (code 8.1, 8.2), one per
-- organisation and reporting year (`year` is the calendar year the reporting year starts in).
-- kept in lockstep with the other backend's file of the same name.
--
-- the written parts are edited while it is a draft; the governing body's approval (8.2) is
-- recorded on it; publishing freezes it: the report as published is kept as json with its
-- sha-256, and its pdf with its own, so later changes to the record do not alter what was
-- published. nothing changes once `published_at` is set (the application's updates say
-- `where published_at is null`).
create table annual_reports (
    organisation_id text not null,
    year integer not null check (year between 2000 and 2999),
    self_assessment_url text not null,
    qualitative text not null,
    non_compliance text not null,
    improvements text not null,
    edited_by text not null,
    edited_at text not null,
    approved_by text,
    approved_at text,
    meeting_on text,
    minute text,
    response text,
    published_by text,
    published_at text,
    snapshot text,
    snapshot_sha256 text,
    pdf blob,
    pdf_sha256 text,
    primary key (organisation_id, year),
    check ((approved_at is null) = (approved_by is null)),
    check (published_at is null or (approved_at is not null and snapshot is not null and pdf is not null)),
    foreign key (organisation_id) references organisations (id),
    foreign key (edited_by) references users (id),
    foreign key (approved_by) references users (id),
    foreign key (published_by) references users (id)
) strict;
