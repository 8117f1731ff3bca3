-- Deploy courtbook:owner/slot_generation_quota to pg

begin;
\ir ../../../functions/owner/slot_generation_quota.sql
commit;
