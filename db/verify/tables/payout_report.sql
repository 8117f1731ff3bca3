-- Verify courtbook:tables/payout_report to pg

begin;
select id, venue_id, period_start, period_end, currency, bookings, gross_cents, fee_cents, refunded_cents, net_cents, created_at
from data.payout_report where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.payout_report'::regclass;
rollback;
