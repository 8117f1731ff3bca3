-- Revert courtbook:tables/device_session from pg

begin;
alter table data.device drop column session_id;
commit;
