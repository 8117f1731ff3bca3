-- Verify courtbook:support/committed_error to pg

begin;
select 'data.committed_error(text, text, integer, text)'::regprocedure;
rollback;
