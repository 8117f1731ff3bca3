-- Deploy courtbook:worker/notifications to pg
-- Reworked after @v0.1.0 (claims are leases that expire; marking sent is idempotent; failures fenced by the attempt; give up after N attempts; a batch claim for the sweep); the released version is deploy/worker/notifications@v0.1.0.sql

begin;
\ir ../../../functions/worker/notifications.sql
commit;
