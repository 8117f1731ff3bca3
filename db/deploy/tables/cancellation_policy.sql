-- Deploy courtbook:tables/cancellation_policy to pg

begin;
\ir ../../../sql/tables/cancellation_policy.sql
commit;
