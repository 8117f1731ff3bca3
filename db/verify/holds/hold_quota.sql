-- Verify courtbook:holds/hold_quota on pg

begin;
select 'data.assert_hold_quota(uuid, integer, text)'::regprocedure;
select 'data.retry_after_seconds(timestamptz)'::regprocedure;
rollback;
