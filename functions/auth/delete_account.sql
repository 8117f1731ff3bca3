-- Account deletion, in the app (App Store guideline 5.1.1(v)); docs/API.md,
-- "Accounts and sessions". The password is checked (throttled like a login).
-- Every future booking is cancelled exactly as cancel_booking would (the
-- cancellation policy's refund, the notifications to the venue); a split one
-- the account organizes refunds every other player's paid share in full too
-- (data.refund_split_players, first, so the cancel path tells each of them
-- their refund). The account's shares of other players' bookings
-- still to come are given back as leave_booking would while their split is
-- open (data.give_back_account_shares: a paid one refunded in full, the seat
-- open again). Those two live in functions/together/ (later in the plan: the
-- calls bind when they run, as cancel_booking_as's refund_split_shares does).
-- refund_cents is the account's own money refunded. The personal
-- columns are erased: name, email (a unique placeholder, so the address may
-- sign up again), phone, password hash, level, the Stripe customer link; the
-- devices, sessions, codes, staff memberships, throttle records and the
-- person's own notifications are deleted. The row itself stays, anonymised, so bookings,
-- payments, refunds and history keep the venues' accounts whole. An owner
-- whose venues remain gets has_venues.
-- Returns json: a wrong password is an error whose recorded failure must commit.
create function api.delete_account(password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
  u data.app_user;
  key bytea;
  b data.booking;
  booking_ids bigint[];
  bid bigint;
  cancelled integer := 0;
  refunds integer := 0;
  before integer;
begin
  -- Locked: a second deletion, a password change or a code request waits for this one.
  select * into u from data.app_user where id = uid and deleted_at is null for update;
  if u.id is null then
    perform data.api_error('not_found', 'No account for this token', 404);
  end if;
  key := data.throttle_key(u.email::text);
  perform data.login_throttle_check(key);
  if not data.password_matches(delete_account.password, u.password_hash) then
    perform data.throttle_fail('login', key);
    return data.committed_error('invalid_credentials', 'The password is wrong', 401);
  end if;
  if exists (select from data.venue v where v.owner_id = uid) then
    perform data.api_error('has_venues',
      'This account still owns venues: hand them over or have an admin remove them first', 409);
  end if;

  -- The player's holds are serialised by this lock (data.assert_hold_quota):
  -- a hold that was being made is committed (and cancelled below) or waits.
  perform pg_advisory_xact_lock(hashtext('hold_quota'), hashtext(uid::text));
  select coalesce(array_agg(bk.id order by bk.id), '{}') into booking_ids
  from data.booking bk
  where bk.player_id = uid and bk.status in ('pending', 'confirmed')
    and (select min(s.start_at) from data.booking_slot bs join data.slot s on s.id = bs.slot_id
         where bs.booking_id = bk.id) > now();
  foreach bid in array booking_ids loop
    b := data.lock_booking(bid);
    continue when b.status = 'cancelled'; -- cancelled meanwhile (the hold lapsed, the venue cancelled)
    before := data.organizer_refunded_cents(b.id);
    -- The other players' shares first: the cancel path then tells them their refund.
    perform data.refund_split_players(b, 'account deleted', uid);
    perform data.cancel_booking_as(b, 'account deleted', uid, false, false);
    refunds := refunds + data.organizer_refunded_cents(b.id) - before;
    cancelled := cancelled + 1;
  end loop;
  -- Then the account's seats in other players' games (their bookings, after its own: id order within each).
  refunds := refunds + data.give_back_account_shares(uid, 'account deleted');

  update data.app_user
     set email = 'deleted-' || id || '@deleted.invalid', full_name = 'Deleted account', phone = null,
         password_hash = '!deleted', level = null, stripe_customer_id = null, email_verified_at = null,
         deleted_at = now(), tokens_valid_after = now()
   where id = uid;
  delete from data.device d where d.user_id = uid;
  delete from data.venue_staff st where st.user_id = uid; -- a staff member's place at venues goes too
  delete from data.spent_refresh_token sp using data.session s where sp.session_id = s.id and s.user_id = uid;
  delete from data.session s where s.user_id = uid;
  delete from data.account_code c where c.user_id = uid;
  delete from data.notification n where n.user_id = uid;
  perform data.throttle_clear('login', key);
  perform data.throttle_clear('password_reset', key);
  perform data.throttle_clear('email_verification', data.throttle_key(uid::text));
  return json_build_object('deleted', true, 'cancelled_bookings', cancelled, 'refund_cents', refunds);
end
$$;
comment on function api.delete_account(text) is
  'Deletes the caller''s account: future bookings cancelled as cancel_booking would (policy refund; a split one''s other players refunded in full), its shares of other players'' games still to come given back as leave_booking would, personal data erased, devices and sessions gone, bookings and payments kept anonymised. {deleted, cancelled_bookings, refund_cents (the account''s own money refunded)}; wrong password: invalid_credentials 401; an owner with venues: has_venues 409. Returns json: a wrong password is an error whose failure commits (data.committed_error), so the answer cannot be a named type';
grant execute on function api.delete_account(text) to player, owner, admin;

-- A deleted account is never messaged: what its bookings cause later (a refund
-- carried out by the worker, a venue's message) is not queued for it.
create function data.skip_deleted_recipient() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  if exists (select from data.app_user u where u.id = new.user_id and u.deleted_at is not null) then
    return null;
  end if;
  return new;
end
$$;
comment on function data.skip_deleted_recipient() is 'Trigger: drops an outbox row addressed to a deleted account';

create trigger notification_skips_deleted_account
  before insert on data.notification
  for each row execute function data.skip_deleted_recipient();
