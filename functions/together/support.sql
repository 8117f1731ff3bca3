-- The small rules the split-payment functions share (functions/together/).

-- The caller as a player (owners and admins do not play).
create function data.require_player() returns uuid
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
begin
  if coalesce(data.current_app_role(), '') <> 'player' then
    perform data.api_error('forbidden', 'Only players may do this', 403);
  end if;
  return uid;
end
$$;
comment on function data.require_player() is 'The caller''s user id when they are a player; forbidden (403) otherwise';

-- Still open for joining, leaving and paying shares: not cancelled, deadline not reached.
create function data.split_is_open(s data.booking_split, b data.booking) returns boolean
language sql stable
set search_path = pg_catalog
as $$
  select b.status <> 'cancelled' and s.closed_at is null and s.pay_by > now()
$$;
comment on function data.split_is_open(data.booking_split, data.booking) is
  'A split booking still takes joins, leaves and share payments: not cancelled, before its deadline and not closed';

create function data.assert_split_open(s data.booking_split, b data.booking) returns void
language plpgsql stable
set search_path = pg_catalog
as $$
begin
  if data.split_is_open(s, b) then
    return;
  end if;
  if b.status = 'cancelled' then
    perform data.api_error('share_closed', 'The booking is cancelled', 409,
      to_char(s.pay_by at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
  end if;
  perform data.api_error('share_closed', 'The split-payment deadline has passed', 409,
    to_char(s.pay_by at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
end
$$;
comment on function data.assert_split_open(data.booking_split, data.booking) is
  'share_closed (409, details = the deadline) when the split no longer takes joins, leaves or share payments';

-- The platform fee of one share: the booking's fee split in proportion to the
-- shares, share 1 taking what rounding leaves, so the shares' fees add up to
-- exactly the booking's fee (the venue receives its price minus commission once).
create function data.share_fee_cents(booking_id bigint, share_number integer, total_fee integer)
returns integer
language sql stable
set search_path = pg_catalog
as $$
  with b as (select amount_cents from data.booking where id = share_fee_cents.booking_id),
  fees as (
    select s.number, (total_fee::bigint * s.amount_cents / b.amount_cents)::integer as fee
    from data.booking_share s, b where s.booking_id = share_fee_cents.booking_id
  )
  select case when share_number = 1
              then total_fee - coalesce((select sum(fee) from fees where number > 1), 0)::integer
              else (select fee from fees where number = share_number) end
$$;
comment on function data.share_fee_cents(bigint, integer, integer) is
  'The platform fee of share share_number when the booking''s fee is total_fee: in proportion (rounded down), share 1 takes the rest; they add up to total_fee';

-- A refund of a share payment (leaving, a share paid after it was covered, a
-- cancelled booking): a data.share_refund row, at most one per payment, carried
-- out by the worker (refund_share_payment). Returns the amount recorded (0 when
-- nothing was paid or it is refunded already).
create function data.queue_share_refund(share_payment_id bigint, amount_cents integer, reason text,
                                        requested_by uuid default null)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  p data.share_payment;
  amount integer;
begin
  select * into p from data.share_payment where id = queue_share_refund.share_payment_id;
  if p.id is null or p.status <> 'succeeded' or coalesce(amount_cents, 0) <= 0 then
    return 0;
  end if;
  amount := least(amount_cents, coalesce(p.amount_received_cents, p.amount_cents));
  insert into data.share_refund (share_payment_id, booking_id, amount_cents, currency, reason, requested_by)
  values (p.id, p.booking_id, amount, p.currency, left(coalesce(reason, 'refund'), 500), requested_by)
  on conflict (share_payment_id) do nothing;
  if not found then
    return 0;
  end if;
  return amount;
end
$$;
comment on function data.queue_share_refund(bigint, integer, text, uuid) is
  'Records the refund of a succeeded share payment (once per payment) for the worker; returns the amount (0 when none)';

-- The deadline's job (worker task settle_split), deferred in the transaction
-- that splits the booking, scheduled at the deadline; the worker's periodic
-- sweep (internal.due_splits) catches any split whose job was lost.
create function data.defer_split_deadline(booking_id bigint, at timestamptz) returns bigint
language plpgsql volatile security definer
set search_path = procrastinate, pg_catalog
as $$
begin
  return (procrastinate.procrastinate_defer_jobs_v1(array[
    row('payments', 'settle_split', 0, 'split:' || booking_id, null,
        jsonb_build_object('booking_id', booking_id), at)::procrastinate.procrastinate_job_to_defer_v1
  ]))[1];
end
$$;
comment on function data.defer_split_deadline(bigint, timestamptz) is
  'Defers the settle_split job of a split booking, scheduled at its deadline';
