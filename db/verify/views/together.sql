-- Verify courtbook:views/together on pg

begin;
select share_id, booking_id, number, status, mine, pay_by from api.booking_shares where false;
select balance_id, booking_id, amount_cents, status from api.balances where false;
rollback;
