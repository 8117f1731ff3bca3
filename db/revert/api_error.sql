-- Revert courtbook:api_error from pg

begin;
drop function data.api_error(text, text, integer, text, text);
commit;
