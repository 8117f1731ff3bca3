-- Verify courtbook:holds/no_show_suspension on pg

begin;
select 'data.assert_not_suspended(uuid, bigint)'::regprocedure;
rollback;
