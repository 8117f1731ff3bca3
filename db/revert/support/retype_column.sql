-- Revert courtbook:support/retype_column from pg

begin;
drop function data.retype_column(regclass, name, regtype);
commit;
