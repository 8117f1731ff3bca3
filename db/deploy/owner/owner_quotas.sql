-- Deploy courtbook:owner/owner_quotas to pg

begin;
\ir ../../../functions/owner/owner_quotas.sql
commit;
