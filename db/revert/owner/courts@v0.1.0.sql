-- Revert courtbook:owner/courts from pg

begin;
drop function api.create_court(bigint, text, text, text, boolean);
drop function api.update_court(bigint, text, text, text, boolean);
commit;
