-- The PaymentIntents of a split booking other than the booking's own (which
-- stays in data.payment: the organizer's share): a player's share, and the
-- deadline's off-session charge of the organizer's saved card for the shares
-- left unpaid (kind cover; paid on-session later if it needs authentication or
-- is declined: data.balance). Their refunds are data.share_refund rows, carried
-- out by the worker like data.refund's.
create type data.share_payment_kind as enum ('share', 'cover');
comment on type data.share_payment_kind is 'share: a player pays their share; cover: the organizer''s saved card pays the unpaid shares at the deadline';

create table data.share_payment (
  id bigint generated always as identity primary key,
  booking_id bigint not null references data.booking_split (booking_id),
  kind data.share_payment_kind not null,
  share_id bigint references data.booking_share (id),
  player_id uuid not null references data.app_user (id),
  -- Stored before Stripe is called: a retry creates the same PaymentIntent.
  idempotency_key text not null unique,
  stripe_payment_intent_id text unique check (stripe_payment_intent_id ~ '^pi_'),
  amount_cents integer not null check (amount_cents > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  application_fee_cents integer not null default 0 check (application_fee_cents >= 0),
  destination_account_id text,
  status data.payment_status not null default 'requires_payment',
  stripe_status text,
  last_error text check (length(last_error) <= 500),
  stripe_status_at timestamptz,
  amount_received_cents integer check (amount_received_cents >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  succeeded_at timestamptz,
  check ((kind = 'share') = (share_id is not null)),
  check (application_fee_cents <= amount_cents)
);
comment on table data.share_payment is
  'A PaymentIntent of a split booking besides the organizer''s own (data.payment): a player''s share, or the deadline''s charge of the organizer''s card for the unpaid shares';
comment on column data.share_payment.idempotency_key is 'pi-share-<id> / pi-cover-<booking id>: the key the PaymentIntent is created with';
comment on column data.share_payment.stripe_status is 'Stripe''s last reported status while not final (requires_payment_method after a decline, requires_action, processing)';

-- One PaymentIntent a share may still be paid with at a time; one cover per booking.
create unique index share_payment_live_idx on data.share_payment (share_id)
  where status in ('requires_payment', 'processing');
create unique index share_payment_cover_idx on data.share_payment (booking_id) where kind = 'cover';
create index share_payment_booking_idx on data.share_payment (booking_id);

create table data.share_refund (
  id bigint generated always as identity primary key,
  share_payment_id bigint not null unique references data.share_payment (id),
  booking_id bigint not null references data.booking_split (booking_id),
  amount_cents integer not null check (amount_cents > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  reason text not null check (length(reason) <= 500),
  status data.refund_status not null default 'pending',
  idempotency_key text not null unique default ('share-refund-' || gen_random_uuid()),
  stripe_refund_id text unique,
  requested_by uuid references data.app_user (id),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table data.share_refund is
  'The refund of a share payment (at most one each: leaving, a share paid after it was covered, a cancelled booking), carried out by the worker (refund_share_payment)';

create index share_refund_pending_idx on data.share_refund (created_at) where status = 'pending';

alter table data.share_payment enable row level security;
alter table data.share_refund enable row level security;

create policy player_reads_own_share_payments on data.share_payment
  for select to player using (player_id = (select data.current_user_id()));
create policy owner_reads_share_payments_of_own_venues on data.share_payment
  for select to owner using (booking_id in (select b.id from data.booking b));
create policy admin_reads_all_share_payments on data.share_payment
  for select to admin using (true);
create policy player_reads_own_share_refunds on data.share_refund
  for select to player using (share_payment_id in (select p.id from data.share_payment p));
create policy owner_reads_share_refunds_of_own_venues on data.share_refund
  for select to owner using (booking_id in (select b.id from data.booking b));
create policy admin_reads_all_share_refunds on data.share_refund
  for select to admin using (true);

grant select on data.share_payment, data.share_refund to player, owner, admin;

-- A player who paid a share keeps seeing the booking after giving the share back
-- (leave_booking): GET /bookings lists it with their refund, as it does for a
-- player who still holds a share (sql/tables/booking_share.sql).
create index share_payment_player_idx on data.share_payment (player_id) where status = 'succeeded';
create function data.caller_share_payment_booking_ids() returns setof bigint
language sql stable parallel safe security definer rows 20
set search_path = pg_catalog
as $$
  select p.booking_id from data.share_payment p
  where p.player_id = data.current_user_id() and p.status = 'succeeded'
$$;
comment on function data.caller_share_payment_booking_ids() is
  'The split bookings in which the caller paid a share or a cover, held or not any more; policies call it once per query as `id in (select data.caller_share_payment_booking_ids())`';
grant execute on function data.caller_share_payment_booking_ids() to player, owner, admin;

create policy share_payer_reads_booking on data.booking
  for select to player using (id in (select data.caller_share_payment_booking_ids()));
create policy share_payer_reads_booking_slots on data.booking_slot
  for select to player using (booking_id in (select data.caller_share_payment_booking_ids()));
create policy share_payer_reads_venues_of_bookings_they_paid on data.venue
  for select to player using (
    id in (select b.venue_id from data.booking b where b.id in (select data.caller_share_payment_booking_ids()))
  );
