-- organisations' own letter templates and their letterhead's logo (issue 11). kept in lockstep
-- with the other backend's file of the same name.

-- an organisation's wording of a letter kind (`LetterKind::as_str`), one row per save. the
-- newest version is the one in use; earlier ones are kept, since letters issued under them
-- are evidence of what the resident was sent. a version whose source is null says "redress's
-- default wording" (going back to it is a save like any other).
create table letter_templates (
    organisation_id text not null,
    kind text not null,
    version bigint not null check (version > 0),
    source text,
    saved_by text not null,
    saved_at timestamptz not null,
    primary key (organisation_id, kind, version),
    foreign key (organisation_id) references organisations (id),
    foreign key (saved_by) references users (id)
);

-- the logo on an organisation's letterhead: png or jpeg bytes, with the alternative text every
-- letter gives it. one per organisation, replaced or removed; issued letters keep their own copy.
create table letterhead_logos (
    organisation_id text primary key not null,
    media_type text not null,
    alt_text text not null,
    content bytea not null,
    size_bytes bigint not null,
    sha256 text not null,
    saved_by text not null,
    saved_at timestamptz not null,
    foreign key (organisation_id) references organisations (id),
    foreign key (saved_by) references users (id)
);
