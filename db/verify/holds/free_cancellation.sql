-- Verify courtbook:holds/free_cancellation on pg

begin;
select 'data.with_free_cancellation(json, bigint)'::regprocedure;
rollback;
