-- Verify courtbook:support/retype_column on pg

begin;
select 'data.retype_column(regclass, name, regtype)'::regprocedure;
rollback;
