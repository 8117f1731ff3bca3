-- Deploy courtbook:support/staff_access to pg

begin;
\ir ../../../functions/support/staff_access.sql
commit;
