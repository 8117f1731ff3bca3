-- Verify courtbook:support/api_error_with_headers on pg

begin;
select 'data.api_error_with_headers(text, text, integer, jsonb, text, text)'::regprocedure;
rollback;
