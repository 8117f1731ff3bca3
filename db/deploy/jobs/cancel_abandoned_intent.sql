-- Deploy courtbook:jobs/cancel_abandoned_intent to pg

begin;
\ir ../../../sql/jobs/cancel_abandoned_intent.sql
commit;
