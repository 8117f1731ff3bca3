-- Verify courtbook:tables/booking_share on pg

begin;
select booking_id, shares, share_cents, invite_code, pay_by, closed_at from data.booking_split where false;
select id, booking_id, number, amount_cents, player_id, status, taken_at, paid_at from data.booking_share where false;
rollback;
