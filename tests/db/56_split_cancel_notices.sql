-- A split booking cancelled by its organizer (cancel_booking) or by the venue
-- (owner_cancel_booking): what its other players get (issue 19, found by
-- tests/e2e/test_playing_together.py). The money is per the policy (tested in
-- 40_split_payment and the e2e test); the notices are the question here:
-- delete_account tells every other share holder (booking_cancelled, by
-- organizer, with their own refund: 44_account_deletion_shares); the two plain
-- cancellations told only the organizer and the venue, so the other players'
-- game was gone and nothing said so (one who only took a share got no message
-- at all). Now cancel_booking_as tells every other share holder
-- (data.tell_share_holders_cancelled); delete_account refunds the other
-- players first so that notice carries their refund, once (44 counts them).
begin;
select plan(6);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000056a1', 'owner@notices.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000056b0', 'org@notices.test', 'x', 'Organizer', 'player'),
  ('00000000-0000-0000-0000-0000000056b2', 'p2@notices.test', 'x', 'P2', 'player'),
  ('00000000-0000-0000-0000-0000000056b3', 'p3@notices.test', 'x', 'P3', 'player');
-- No Connect account: fees are 0.
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes)
  overriding system value values
  (5601, '00000000-0000-0000-0000-0000000056a1', 'Padel 56', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid', 'EUR', 1440);
insert into data.court (id, venue_id, name, sport) overriding system value values (5611, 5601, 'Pista 1', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (5621, 5611, date_trunc('hour', now()) + interval '3 days', date_trunc('hour', now()) + interval '3 days 1 hour', 3000),
  (5622, 5611, date_trunc('hour', now()) + interval '3 days 1 hour', date_trunc('hour', now()) + interval '3 days 2 hours', 3000);

create temp table bk (k text primary key, id bigint);
grant all on bk to public;
create function pg_temp.bid(k text) returns bigint language sql as $$ select id from bk where bk.k = bid.k $$;
grant execute on function pg_temp.bid(text) to public;
create function pg_temp.deliver(evt text, type text, obj jsonb) returns text
language sql as $$
  select internal.store_stripe_event(evt, type, false, now(), null,
           jsonb_build_object('id', evt, 'type', type, 'livemode', false,
                              'created', extract(epoch from now())::bigint, 'data', jsonb_build_object('object', obj)));
  select internal.apply_stripe_event(evt, false);
$$;
create function pg_temp.pay_organizer(bkid bigint, pi text) returns text
language plpgsql as $$
declare
  amount integer := (select amount_cents from data.booking_share where booking_id = bkid and number = 1);
begin
  perform internal.payment_context(bkid, (select b.player_id from data.booking b where b.id = bkid));
  perform internal.record_payment_intent(bkid, pi, amount, 'EUR', 0, null, false);
  return internal.confirm_booking_from_payment(pi, amount, 'EUR');
end
$$;
create function pg_temp.pay_share(bkid bigint, player uuid, pi text) returns text
language plpgsql as $$
declare
  ctx jsonb := internal.payment_context(bkid, player)::jsonb;
begin
  perform internal.record_share_intent((ctx ->> 'share_payment_id')::bigint, pi);
  return pg_temp.deliver('evt_' || pi, 'payment_intent.succeeded',
    jsonb_build_object('id', pi, 'object', 'payment_intent', 'status', 'succeeded',
                       'amount', ctx -> 'amount_cents', 'amount_received', ctx -> 'amount_cents', 'currency', 'eur'));
end
$$;

-- Two split bookings of three shares (1000 each): P2 joins and pays, P3 joins only.
select test.act_as('player', '00000000-0000-0000-0000-0000000056b0');
insert into bk select k, (to_json(api.hold_slots(array[s]::bigint[])) ->> 'booking_id')::bigint
from (values ('org', 5621), ('venue', 5622)) x (k, s);
select api.split_booking(pg_temp.bid('org'), 3);
select api.split_booking(pg_temp.bid('venue'), 3);
reset role;
create temp table codes as select booking_id, invite_code from data.booking_split;
grant select on codes to public;
select pg_temp.pay_organizer(id, 'pi_56_org_' || k) from bk;
select test.act_as('player', '00000000-0000-0000-0000-0000000056b2');
select api.join_booking(invite_code) from codes;
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000056b3');
select api.join_booking(invite_code) from codes;
reset role;
select pg_temp.pay_share(id, '00000000-0000-0000-0000-0000000056b2', 'pi_56_p2_' || k) from bk;

-- The organizer cancels three days ahead (outside the one-day window): everyone paid refunded.
select test.act_as('player', '00000000-0000-0000-0000-0000000056b0');
select is((api.cancel_booking(pg_temp.bid('org'))).refund_cents, 2000, 'the organizer cancels: 1000 + 1000 refunded');
reset role;
select is((select array_agg((n.user_id, n.payload ->> 'by')::text order by n.user_id)
           from data.notification n where n.kind = 'booking_cancelled' and n.booking_id = pg_temp.bid('org')
             and n.user_id in ('00000000-0000-0000-0000-0000000056a1', '00000000-0000-0000-0000-0000000056b0')),
  array[('00000000-0000-0000-0000-0000000056a1'::uuid, 'player')::text,
        ('00000000-0000-0000-0000-0000000056b0'::uuid, 'player')::text],
  '... the venue and the organizer are told');

-- The venue cancels the other one (a full refund).
select test.act_as('owner', '00000000-0000-0000-0000-0000000056a1');
select is((api.owner_cancel_booking(pg_temp.bid('venue'))).refund_cents, 2000, 'the venue cancels: 1000 + 1000 refunded');
reset role;


select is((select array_agg((n.user_id, n.payload ->> 'refund_cents', n.payload ->> 'by')::text order by n.user_id)
           from data.notification n where n.kind = 'booking_cancelled' and n.booking_id = pg_temp.bid('org')
             and n.user_id in ('00000000-0000-0000-0000-0000000056b2', '00000000-0000-0000-0000-0000000056b3')),
  array[('00000000-0000-0000-0000-0000000056b2'::uuid, '1000', 'organizer')::text,
        ('00000000-0000-0000-0000-0000000056b3'::uuid, '0', 'organizer')::text],
  'the organizer cancelled: P2 (paid, her 1000) and P3 (only joined) are told, as delete_account tells them');
select is((select array_agg((n.user_id, n.payload ->> 'refund_cents', n.payload ->> 'by')::text order by n.user_id)
           from data.notification n where n.kind = 'booking_cancelled' and n.booking_id = pg_temp.bid('venue')
             and n.user_id in ('00000000-0000-0000-0000-0000000056b2', '00000000-0000-0000-0000-0000000056b3')),
  array[('00000000-0000-0000-0000-0000000056b2'::uuid, '1000', 'venue')::text,
        ('00000000-0000-0000-0000-0000000056b3'::uuid, '0', 'venue')::text],
  'the venue cancelled: P2 and P3 are told');
select is((select count(*)::int from data.notification n where n.kind = 'booking_cancelled'
           and n.user_id = '00000000-0000-0000-0000-0000000056b3'), 2,
  'P3, who only joined, hears of both cancellations');

select * from finish();
rollback;
