-- Verify courtbook:holds/free_cancellation on pg

begin;
select 'data.with_free_cancellation(api.hold)'::regprocedure;
rollback;
