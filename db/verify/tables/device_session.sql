-- Verify courtbook:tables/device_session to pg

begin;
select session_id from data.device where false;
rollback;
