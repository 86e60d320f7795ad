-- the words residents are found by (issue 10, "the right resident every time"): each word of
-- a resident's name and address, lower-cased, and their postcode written without its space,
-- one row each. a search for "acacia" or "ls1 2" is then a range of this table's primary key
-- ('acacia' <= term < 'acacia' followed by the last code point), however many residents the
-- landlord has; the name and address themselves can only be matched by reading every row.
-- storage writes a resident's words in the same transaction as the resident; those of
-- residents recorded before this table are written by the application when it next migrates
-- (`index_unsearched_residents`), since splitting text into words is not something both
-- databases' sql can do alike. kept in lockstep with the other backend's file of the same name.
create table resident_search_terms (
    organisation_id text not null,
    -- compared byte by byte, so that a range of terms is exactly those starting with a prefix.
    term text collate "C" not null,
    resident_id text not null,
    primary key (organisation_id, term, resident_id),
    foreign key (resident_id, organisation_id) references residents (id, organisation_id)
);

-- a resident's own words, to replace them when the resident changes.
create index resident_search_terms_resident_idx on resident_search_terms (organisation_id, resident_id);
