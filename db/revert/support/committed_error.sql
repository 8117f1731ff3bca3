-- Revert courtbook:support/committed_error from pg

begin;
drop function data.committed_error(text, text, integer, text);
commit;
