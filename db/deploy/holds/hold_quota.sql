-- Deploy courtbook:holds/hold_quota to pg

begin;
\ir ../../../functions/holds/hold_quota.sql
commit;
