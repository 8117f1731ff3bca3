-- Revert courtbook:holds/free_cancellation from pg

begin;
drop function data.with_free_cancellation(api.hold);
commit;
