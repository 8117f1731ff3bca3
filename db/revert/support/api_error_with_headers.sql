-- Revert courtbook:support/api_error_with_headers from pg

begin;
drop function data.api_error_with_headers(text, text, integer, jsonb, text, text);
commit;
