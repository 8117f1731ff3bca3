-- Revert courtbook:views/together from pg

begin;
drop view api.balances;
drop view api.booking_shares;
commit;
