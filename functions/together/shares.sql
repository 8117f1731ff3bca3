-- Split payment (0.2): split a pending booking into equal shares, take a free
-- share with the invite code, leave before the deadline. Lock order as
-- everywhere: the booking row first (data.lock_booking), then its shares, so
-- any number of players racing for the last share queue on the booking and
-- exactly one takes it; the others find none (match_full).

-- The answers are named types of api (PostgREST's OpenAPI description shows them).
create type api.split_answer as (
  booking_id bigint,
  shares integer,
  share_cents integer,
  organizer_share_cents integer,
  invite_code text,
  pay_by timestamptz
);
comment on type api.split_answer is 'The answer of split_booking';
comment on column api.split_answer.booking_id is 'The booking split';
comment on column api.split_answer.shares is 'How many shares (2-8), the organizer''s included';
comment on column api.split_answer.share_cents is 'The amount of each other share';
comment on column api.split_answer.organizer_share_cents is 'Share 1, the organizer''s: share_cents plus the remainder cents';
comment on column api.split_answer.invite_code is 'The code other players join with (join_booking)';
comment on column api.split_answer.pay_by is 'The split-payment deadline: shares unpaid then are covered by the organizer''s card';

create type api.share_answer as (
  booking_id bigint,
  share_id bigint,
  share_number integer,
  share_cents integer,
  currency text,
  pay_by timestamptz,
  status text
);
comment on type api.share_answer is 'The answer of join_booking: the share the caller holds';
comment on column api.share_answer.booking_id is 'The split booking';
comment on column api.share_answer.share_id is 'The share (POST /payments/intent pays it)';
comment on column api.share_answer.share_number is 'Its number, 2-8 (1 is the organizer''s)';
comment on column api.share_answer.share_cents is 'What the share costs';
comment on column api.share_answer.currency is 'The booking''s currency (ISO 4217)';
comment on column api.share_answer.pay_by is 'The split-payment deadline';
comment on column api.share_answer.status is 'taken (to pay) or paid';

create type api.leave_answer as (ok boolean, booking_id bigint, refund_cents integer);
comment on type api.leave_answer is 'The answer of leave_booking';
comment on column api.leave_answer.ok is 'Always true';
comment on column api.leave_answer.booking_id is 'The booking left';
comment on column api.leave_answer.refund_cents is 'The refund of a paid share (the worker carries it out at Stripe); 0 when none';

create function data.split_answer(booking_id bigint) returns api.split_answer
language sql stable
set search_path = pg_catalog
as $$
  select s.booking_id, s.shares, s.share_cents,
         (select x.amount_cents from data.booking_share x
          where x.booking_id = s.booking_id and x.number = 1),
         s.invite_code, s.pay_by
  from data.booking_split s where s.booking_id = split_answer.booking_id
$$;
comment on function data.split_answer(bigint) is 'The answer of split_booking';

create or replace function api.split_booking(booking_id bigint, shares integer)
returns api.split_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_player();
  b data.booking;
  s data.booking_split;
  first_start timestamptz;
  deadline timestamptz;
  base integer;
begin
  if shares is null or shares not between 2 and 8 then
    perform data.api_error('invalid_input', 'shares must be between 2 and 8', 400);
  end if;
  b := data.lock_player_booking(split_booking.booking_id, uid);
  select * into s from data.booking_split where booking_id = b.id;
  if s.booking_id is not null then
    if s.shares = split_booking.shares then
      return data.split_answer(b.id);  -- the same request again: the same split
    end if;
    perform data.api_error('already_split', 'The booking is already split in ' || s.shares || ' shares', 409);
  end if;
  if b.status <> 'pending' then
    perform data.api_error('booking_not_pending', 'Only a pending booking can be split (it is ' || b.status || ')', 409);
  end if;
  if exists (select from data.payment p where p.booking_id = b.id) then
    perform data.api_error('payment_exists', 'Split the booking before paying for it', 409);
  end if;
  select min(sl.start_at) into first_start
  from data.booking_slot bs join data.slot sl on sl.id = bs.slot_id
  where bs.booking_id = b.id and bs.active;
  deadline := first_start - make_interval(mins => (select p.split_deadline_minutes from data.platform_settings p));
  if deadline <= now() then
    perform data.api_error('invalid_input', 'Too close to the start to split: the split-payment deadline has passed', 400,
      to_char(deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
  end if;
  base := b.amount_cents / shares;
  if base < 50 then
    perform data.api_error('invalid_input', 'Each share must be at least 50 minor units', 400);
  end if;

  insert into data.booking_split (booking_id, shares, share_cents, invite_code, pay_by)
  values (b.id, shares, base,
          translate(encode(public.gen_random_bytes(12), 'base64'), '+/', '-_'), deadline);
  insert into data.booking_share (booking_id, number, amount_cents, player_id, status, taken_at)
  select b.id, n, case when n = 1 then base + b.amount_cents % shares else base end,
         case when n = 1 then uid end,
         case when n = 1 then 'taken'::data.share_status else 'open' end,
         case when n = 1 then now() end
  from generate_series(1, shares) n;
  perform data.defer_split_deadline(b.id, deadline);
  return data.split_answer(b.id);
end
$$;
comment on function api.split_booking(bigint, integer) is
'The organizer splits their pending, unpaid booking into 2-8 equal shares (share 1, theirs, takes the remainder cents): {booking_id, shares, share_cents, organizer_share_cents, invite_code, pay_by}. The same call again answers the same split; already_split 409 with another count; booking_not_pending / payment_exists 409; invalid_input past the deadline.';
grant execute on function api.split_booking(bigint, integer) to player;

-- The one way a player takes a share (join_booking, join_match). The caller has
-- locked the booking (data.lock_booking). Holding a share already answers it
-- again; the organizer cannot join; none free → match_full.
create function data.take_share(b data.booking, player uuid) returns api.share_answer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  s data.booking_split;
  sh data.booking_share;
  m data.open_match;
  left_open integer;
begin
  select * into s from data.booking_split where booking_id = b.id for update;
  if player = b.player_id then
    perform data.api_error('invalid_input', 'The organizer holds share 1 of their own booking', 400);
  end if;
  select * into sh from data.booking_share x where x.booking_id = b.id and x.player_id = player;
  if sh.id is null then
    perform data.assert_split_open(s, b);
    update data.booking_share x set player_id = player, status = 'taken', taken_at = now()
    where x.id = (select o.id from data.booking_share o
                  where o.booking_id = b.id and o.status = 'open' order by o.number limit 1)
    returning x.* into sh;
    if sh.id is null then
      perform data.api_error('match_full', 'Every share of this booking is taken', 409);
    end if;
    select count(*) into left_open from data.booking_share x where x.booking_id = b.id and x.status = 'open';
    select * into m from data.open_match where booking_id = b.id;
    perform data.notify(b.player_id, 'match_joined', b.id,
      jsonb_build_object('booking_id', b.id, 'match_id', m.id, 'share_id', sh.id, 'seats_free', left_open));
    if left_open = 0 and m.id is not null then
      perform data.notify(x.player_id, 'match_full', b.id, jsonb_build_object('booking_id', b.id, 'match_id', m.id))
      from data.booking_share x where x.booking_id = b.id and x.player_id is not null;
    end if;
  end if;
  return row(b.id, sh.id, sh.number, sh.amount_cents, b.currency, s.pay_by, sh.status::text)::api.share_answer;
end
$$;
comment on function data.take_share(data.booking, uuid) is
  'Takes the first free share of a locked split booking for player (or answers the share they hold): {booking_id, share_id, share_number, share_cents, currency, pay_by, status}; match_full, share_closed, invalid_input for the organizer';

create or replace function api.join_booking(invite_code text)
returns api.share_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_player();
  bid bigint;
begin
  if invite_code is null or invite_code !~ '^[A-Za-z0-9_-]{16}$' then
    perform data.api_error('invalid_input', 'invite_code is the 16-character code of a split booking', 400);
  end if;
  select s.booking_id into bid from data.booking_split s where s.invite_code = join_booking.invite_code;
  if bid is null then
    perform data.api_error('not_found', 'No booking has this invite code', 404);
  end if;
  return data.take_share(data.lock_booking(bid), uid);
end
$$;
comment on function api.join_booking(text) is
'Takes a free share of the split booking the invite code names: {booking_id, share_id, share_number, share_cents, currency, pay_by, status}; one share per player (again: the same share); match_full 409 when none is free; share_closed 409 after the deadline.';
grant execute on function api.join_booking(text) to player;

-- Giving a share back (leave_booking, and delete_account for the shares an
-- account holds in other players' bookings). The caller has locked the booking
-- (data.lock_booking), the split and the share, and checked the split is open
-- and that sh is not share 1. A paid share is refunded in full; a PaymentIntent
-- that could still be paid is cancelled by the worker (one paid in the meantime
-- finds the share no longer theirs and is refunded); the share is free again
-- and the organizer is told (match_left). Returns the refund recorded.
create function data.give_back_share(b data.booking, sh data.booking_share, reason text, actor uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  refund integer := 0;
  live record;
begin
  if sh.status = 'paid' then
    select coalesce(sum(data.queue_share_refund(p.id, coalesce(p.amount_received_cents, p.amount_cents),
                                                reason, actor)), 0)::integer
      into refund
    from data.share_payment p
    where p.share_id = sh.id and p.player_id = sh.player_id and p.status = 'succeeded';
  end if;
  for live in
    select p.stripe_payment_intent_id as pi from data.share_payment p
    where p.share_id = sh.id and p.status in ('requires_payment', 'processing')
      and p.stripe_payment_intent_id is not null
  loop
    perform internal.defer_job('payments', 'cancel_payment_intent', 'payment_intent:' || live.pi,
                               jsonb_build_object('payment_intent_id', live.pi, 'booking_id', b.id));
  end loop;
  update data.booking_share x set player_id = null, status = 'open', taken_at = null, paid_at = null
  where x.id = sh.id;
  perform data.notify(b.player_id, 'match_left', b.id,
    jsonb_build_object('booking_id', b.id, 'share_id', sh.id, 'refund_cents', refund));
  return refund;
end
$$;
comment on function data.give_back_share(data.booking, data.booking_share, text, uuid) is
  'Gives a taken or paid share of a locked, open split booking back: a paid one refunded in full (reason, actor), live PaymentIntents cancelled by the worker, the share open again, the organizer told (match_left); returns the refund';

create or replace function api.leave_booking(booking_id bigint)
returns api.leave_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_player();
  b data.booking := data.lock_booking(leave_booking.booking_id);
  s data.booking_split;
  sh data.booking_share;
begin
  select * into s from data.booking_split where booking_id = b.id for update;
  select * into sh from data.booking_share x where x.booking_id = b.id and x.player_id = uid for update;
  if sh.id is null then
    if b.player_id = uid then
      perform data.api_error('invalid_input', 'The organizer cancels the booking instead of leaving it', 400);
    end if;
    perform data.api_error('not_found', 'You hold no share of this booking', 404);
  end if;
  if sh.number = 1 then
    perform data.api_error('invalid_input', 'The organizer cancels the booking instead of leaving it', 400);
  end if;
  perform data.assert_split_open(s, b);
  return row(true, b.id, data.give_back_share(b, sh, 'left the booking', uid))::api.leave_answer;
end
$$;
comment on function api.leave_booking(bigint) is
'A player gives their share back before the deadline: {ok, booking_id, refund_cents} (a paid share is refunded in full); the share is free again. not_found without a share, share_closed 409 after the deadline, invalid_input for the organizer.';
grant execute on function api.leave_booking(bigint) to player;

-- An account being deleted (api.delete_account) gives back every share it
-- holds in other players' bookings whose game is still to come, as
-- leave_booking would, while their split is open. After the split-payment
-- deadline a share stays as it is (leaving is refused then too: the
-- organizer's cover and the venue's money were settled on it), and so do games
-- played. Locks each booking in id order. Returns the refunds recorded to the account.
create function data.give_back_account_shares(player uuid, reason text) returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  bid bigint;
  b data.booking;
  s data.booking_split;
  sh data.booking_share;
  refund integer := 0;
begin
  for bid in
    select x.booking_id from data.booking_share x
    where x.player_id = give_back_account_shares.player and x.number > 1 and x.status in ('taken', 'paid')
    order by x.booking_id
  loop
    b := data.lock_booking(bid);
    select * into s from data.booking_split where booking_id = b.id for update;
    select * into sh from data.booking_share x
    where x.booking_id = b.id and x.player_id = give_back_account_shares.player for update;
    continue when sh.id is null or sh.number = 1 or sh.status not in ('taken', 'paid') or not data.split_is_open(s, b)
      or (select min(sl.start_at) from data.booking_slot bs join data.slot sl on sl.id = bs.slot_id
          where bs.booking_id = b.id and bs.active) <= now();
    refund := refund + data.give_back_share(b, sh, reason, give_back_account_shares.player);
  end loop;
  return refund;
end
$$;
comment on function data.give_back_account_shares(uuid, text) is
  'delete_account: the account''s shares of other players'' bookings still to come are given back as leave_booking would while the split is open (data.give_back_share); returns the refunds recorded';
