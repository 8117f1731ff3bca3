-- Deploy courtbook:owner/cancellation_policy to pg

begin;
\ir ../../../functions/owner/cancellation_policy.sql
commit;
