-- Verify courtbook:tables/dispute on pg

begin;
select id, payment_id, booking_id, stripe_dispute_id, amount_cents, currency, reason, status, closed_at
from data.dispute where false;
select 1 / has_table_privilege('owner', 'data.dispute', 'select')::int;
select 1 / (not has_table_privilege('player', 'data.dispute', 'select'))::int;
rollback;
