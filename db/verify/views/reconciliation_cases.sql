-- Verify courtbook:views/reconciliation_cases to pg

begin;
select id, kind, booking_id, stripe_payment_intent_id, detail, created_at, resolved_at, resolution from api.reconciliation_cases where false;
select 1/has_table_privilege('admin', 'api.reconciliation_cases', 'select')::int;
select 1/(not has_table_privilege('player', 'api.reconciliation_cases', 'select'))::int;
rollback;
