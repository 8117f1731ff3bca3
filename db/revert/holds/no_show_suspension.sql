-- Revert courtbook:holds/no_show_suspension from pg

begin;
drop function data.assert_not_suspended(uuid, bigint);
commit;
