-- the documents uploaded to an annual report (code 8.1 c, e, f): the ombudsman's findings of
-- non-compliance, its annual report on the landlord and its other publications, as pdf bytes
-- with their size and sha-256 (checked on reading) and who uploaded them when. kept in
-- lockstep with the other backend's file of the same name.
create table annual_report_documents (
    id text primary key not null,
    organisation_id text not null,
    year bigint not null,
    kind text not null check (kind in ('non_compliance_finding', 'ombudsman_annual_report', 'other_publication')),
    title text not null,
    file_name text not null,
    content bytea not null,
    size_bytes bigint not null,
    sha256 text not null,
    uploaded_by text not null,
    uploaded_at timestamptz not null,
    foreign key (organisation_id, year) references annual_reports (organisation_id, year),
    foreign key (uploaded_by) references users (id)
);

create index annual_report_documents_report on annual_report_documents (organisation_id, year);
