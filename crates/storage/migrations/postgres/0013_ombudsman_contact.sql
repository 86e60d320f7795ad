-- the housing ombudsman's contact details, as the organisation gives them to residents
-- (code 2.4, 5.11, 6.5, 6.16, 6.19). events that record them given carry their own copy, so
-- editing these changes no record. existing organisations start with the housing ombudsman
-- service's published details (december 2026); an organisation with no details row yet gets
-- the same from the application.
alter table organisation_details add column ombudsman_name text not null
    default 'Housing Ombudsman Service';
alter table organisation_details add column ombudsman_telephone text not null
    default '0300 111 3000';
alter table organisation_details add column ombudsman_email text not null
    default 'info@housing-ombudsman.org.uk';
alter table organisation_details add column ombudsman_web_address text not null
    default 'https://www.housing-ombudsman.org.uk';
alter table organisation_details add column ombudsman_postal_address text not null
    default 'PO Box 1484, Unit D, Preston, PR2 0ET';
