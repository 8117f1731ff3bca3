-- Deploy courtbook:owner/staff to pg

begin;
\ir ../../../functions/owner/staff.sql
commit;
