-- Deploy courtbook:payments/apply_pending_stripe_events to pg

begin;
\ir ../../../functions/payments/apply_pending_stripe_events.sql
commit;
