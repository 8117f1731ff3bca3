-- Verify courtbook:views/payout_reports to pg

begin;
select id, venue_id, period_start, period_end, currency, bookings, gross_cents, fee_cents, refunded_cents, net_cents from api.payout_reports where false;
select 1/has_table_privilege('owner', 'api.payout_reports', 'select')::int;
select 1/has_table_privilege('admin', 'api.payout_reports', 'select')::int;
select 1/(not has_table_privilege('player', 'api.payout_reports', 'select'))::int;
rollback;
