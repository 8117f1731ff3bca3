-- Split payment and open matches as the apps read them (security_invoker: the
-- RLS policies of data.booking_share, booking_split, open_match and balance apply).

create view api.booking_shares with (security_invoker = true) as
select
  x.id as share_id, x.booking_id, x.number, x.amount_cents, b.currency, x.status::text as status,
  x.player_id, x.player_id = data.current_user_id() as mine,
  s.shares, s.pay_by, s.closed_at, s.invite_code,
  (select m.id from data.open_match m where m.booking_id = x.booking_id and m.cancelled_at is null) as match_id,
  x.taken_at, x.paid_at
from data.booking_share x
join data.booking_split s on s.booking_id = x.booking_id
join data.booking b on b.id = x.booking_id;
comment on view api.booking_shares is
  'The shares of the split bookings the caller plays in (or, for an owner, of their venues): number, amount, status (open, taken, paid, covered, refunded), who holds it (mine: the caller), the deadline (pay_by), the invite code and the open match';
grant select on api.booking_shares to player, owner, admin;
-- A join: a write would be the rewriter's 55000 (500); 42501 instead, as
-- sql/views/read_only_views.sql explains.
create trigger refuse_writes instead of insert or update or delete on api.booking_shares
  for each row execute function data.refuse_view_write();

create view api.balances with (security_invoker = true) as
select x.id as balance_id, x.booking_id, x.amount_cents, x.currency, x.status, x.reason, x.created_at, x.paid_at
from data.balance x
where x.player_id = data.current_user_id();
comment on view api.balances is
  'The caller''s split-payment balances: what the deadline''s charge of their card could not take (status open until paid with POST /payments/balance; hold_slots answers outstanding_balance 402 meanwhile)';
grant select on api.balances to player, admin;
