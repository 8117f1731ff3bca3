-- Verify courtbook:api_error to pg

begin;
select 'data.api_error(text, text, integer, text, text)'::regprocedure;
rollback;
