-- Deleting an account that plays split bookings (issues 15 and 19): the
-- account's shares of other players' bookings whose game is still to come are
-- given back as leave_booking gives them back (a paid one refunded in full, an
-- unpaid one reopened, its live PaymentIntent cancelled) while the split is
-- open; after the split-payment deadline and for games played the money rows
-- stay as they are. A split booking the account organizes is cancelled through
-- cancel_booking's path (the organizer's own payment per the policy) and every
-- other player who paid a share is refunded in full, inside the window too.
-- Amounts checked to the cent.
begin;
select plan(34);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000044a1', 'owner@deletion.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000044b0', 'org@deletion.test', 'x', 'Organizer', 'player'),
  ('00000000-0000-0000-0000-0000000044d0', 'dan@deletion.test', crypt('goodpass1', gen_salt('bf', 4)), 'Dan', 'player'),
  ('00000000-0000-0000-0000-0000000044b2', 'p2@deletion.test', 'x', 'P2', 'player'),
  ('00000000-0000-0000-0000-0000000044b3', 'p3@deletion.test', 'x', 'P3', 'player');
-- No Connect account: fees are 0 and every amount below is the share's price.
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes)
  overriding system value values
  (4401, '00000000-0000-0000-0000-0000000044a1', 'Padel 44', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid', 'EUR', 1440);
insert into data.court (id, venue_id, name, sport) overriding system value values (4411, 4401, 'Pista 1', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (4421, 4411, date_trunc('hour', now()) + interval '3 days', date_trunc('hour', now()) + interval '3 days 1 hour', 4000),
  (4422, 4411, date_trunc('hour', now()) + interval '3 days 1 hour', date_trunc('hour', now()) + interval '3 days 2 hours', 3000),
  (4423, 4411, date_trunc('hour', now()) + interval '3 days 2 hours', date_trunc('hour', now()) + interval '3 days 3 hours', 2500),
  (4424, 4411, date_trunc('hour', now()) + interval '3 days 3 hours', date_trunc('hour', now()) + interval '3 days 4 hours', 1800),
  (4425, 4411, date_trunc('hour', now()) + interval '10 hours', date_trunc('hour', now()) + interval '11 hours', 2003),
  (4426, 4411, date_trunc('hour', now()) + interval '4 days', date_trunc('hour', now()) + interval '4 days 1 hour', 1600);
update data.platform_settings set max_pending_holds = 20;

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
-- The organizer pays share 1 (which confirms the booking).
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
-- Another player starts paying their share (a PaymentIntent) and, when succeed, Stripe says it succeeded.
create function pg_temp.pay_share(bkid bigint, player uuid, pi text, succeed boolean default true) returns text
language plpgsql as $$
declare
  ctx jsonb := internal.payment_context(bkid, player)::jsonb;
begin
  perform internal.record_share_intent((ctx ->> 'share_payment_id')::bigint, pi);
  if not succeed then
    return 'started';
  end if;
  return pg_temp.deliver('evt_' || pi, 'payment_intent.succeeded',
    jsonb_build_object('id', pi, 'object', 'payment_intent', 'status', 'succeeded',
                       'amount', ctx -> 'amount_cents', 'amount_received', ctx -> 'amount_cents', 'currency', 'eur'));
end
$$;

-- The other organizer's four bookings, each split; Dan takes a share of each.
select test.act_as('player', '00000000-0000-0000-0000-0000000044b0');
insert into bk select k, (to_json(api.hold_slots(array[s]::bigint[])) ->> 'booking_id')::bigint
from (values ('a', 4421), ('b', 4422), ('c', 4423), ('e', 4424)) x (k, s);
select api.split_booking(pg_temp.bid('a'), 4);   -- 4000: 1000 each
select api.split_booking(pg_temp.bid('b'), 2);   -- 3000: 1500 each
select api.split_booking(pg_temp.bid('c'), 2);   -- 2500: 1250 each
select api.split_booking(pg_temp.bid('e'), 2);   -- 1800: 900 each
reset role;
-- Dan's own two bookings, split too.
select test.act_as('player', '00000000-0000-0000-0000-0000000044d0');
insert into bk select k, (to_json(api.hold_slots(array[s]::bigint[])) ->> 'booking_id')::bigint
from (values ('f', 4425), ('g', 4426)) x (k, s);
select api.split_booking(pg_temp.bid('f'), 3);   -- 2003: 667 each, Dan's 669
select api.split_booking(pg_temp.bid('g'), 2);   -- 1600: 800 each
reset role;
create temp table codes as select booking_id, invite_code from data.booking_split;
grant select on codes to public;
select test.act_as('player', '00000000-0000-0000-0000-0000000044d0');
select api.join_booking(s.invite_code) from codes s where s.booking_id in (pg_temp.bid('a'), pg_temp.bid('b'), pg_temp.bid('c'), pg_temp.bid('e'));
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000044b2');
select api.join_booking(s.invite_code) from codes s where s.booking_id in (pg_temp.bid('f'), pg_temp.bid('g'));
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000044b3');
select api.join_booking(s.invite_code) from codes s where s.booking_id = pg_temp.bid('f');
reset role;

select is(array[pg_temp.pay_organizer(pg_temp.bid('a'), 'pi_44_a_org'), pg_temp.pay_organizer(pg_temp.bid('b'), 'pi_44_b_org'),
                pg_temp.pay_organizer(pg_temp.bid('c'), 'pi_44_c_org'), pg_temp.pay_organizer(pg_temp.bid('e'), 'pi_44_e_org'),
                pg_temp.pay_organizer(pg_temp.bid('f'), 'pi_44_f_dan'), pg_temp.pay_organizer(pg_temp.bid('g'), 'pi_44_g_dan')],
  array['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed'], 'the six organizers'' shares are paid: confirmed');
select is(array[pg_temp.pay_share(pg_temp.bid('a'), '00000000-0000-0000-0000-0000000044d0', 'pi_44_a_dan'),
                pg_temp.pay_share(pg_temp.bid('b'), '00000000-0000-0000-0000-0000000044d0', 'pi_44_b_dan', false),
                pg_temp.pay_share(pg_temp.bid('c'), '00000000-0000-0000-0000-0000000044d0', 'pi_44_c_dan'),
                pg_temp.pay_share(pg_temp.bid('e'), '00000000-0000-0000-0000-0000000044d0', 'pi_44_e_dan'),
                pg_temp.pay_share(pg_temp.bid('f'), '00000000-0000-0000-0000-0000000044b2', 'pi_44_f_p2'),
                pg_temp.pay_share(pg_temp.bid('g'), '00000000-0000-0000-0000-0000000044b2', 'pi_44_g_p2')],
  array['share_paid', 'started', 'share_paid', 'share_paid', 'share_paid', 'share_paid'],
  'Dan pays his shares of a, c and e and starts paying b''s; P2 pays hers of f and g (P3 holds f''s third unpaid)');
select is((select array_agg(p.amount_cents || ' ' || p.status order by p.id) from data.share_payment p),
  array['1000 succeeded', '1500 requires_payment', '1250 succeeded', '900 succeeded', '667 succeeded', '800 succeeded'],
  'the share payments, to the cent');
-- c: the split-payment deadline has passed (the game is still to come); e: played yesterday.
update data.booking_split set pay_by = now() - interval '1 minute', closed_at = now()
where booking_id in (pg_temp.bid('c'), pg_temp.bid('e'));
update data.slot set start_at = date_trunc('hour', now()) - interval '1 day', end_at = date_trunc('hour', now()) - interval '23 hours'
where id = 4424;
create temp table notes_before as select max(id) as id from data.notification;
grant select on notes_before to public;

-- Dan deletes his account.
select test.act_as('player', '00000000-0000-0000-0000-0000000044d0');
create temp table del as select api.delete_account('goodpass1')::jsonb as a;
grant select on del to public;
reset role;
select is((select a from del), jsonb_build_object('deleted', true, 'cancelled_bookings', 2, 'refund_cents', 1800),
  'the answer: his two bookings cancelled, his own money refunded: a''s share 1000 + g''s 800 (f''s 669 is inside the window)');

-- a: his paid share of someone else's game, split still open: refunded in full and open again.
select is((select (r.amount_cents, r.currency::text, r.status::text, r.reason, r.requested_by)::text
           from data.share_refund r join data.share_payment p on p.id = r.share_payment_id
           where p.stripe_payment_intent_id = 'pi_44_a_dan'),
  (1000, 'EUR', 'pending', 'account deleted', '00000000-0000-0000-0000-0000000044d0'::uuid)::text,
  'a: Dan''s paid share is refunded in full (1000 EUR), queued for the worker');
select ok(exists (select from procrastinate.procrastinate_jobs j where j.task_name = 'refund_share_payment'
                  and (j.args ->> 'refund_id')::bigint = (select r.id from data.share_refund r join data.share_payment p on p.id = r.share_payment_id
                                                          where p.stripe_payment_intent_id = 'pi_44_a_dan')),
  '... with its refund_share_payment job');
select is((select (status::text, player_id, taken_at, paid_at)::text from data.booking_share where booking_id = pg_temp.bid('a') and number = 2),
  ('open', null::uuid, null::timestamptz, null::timestamptz)::text, '... and the share is open for others again');
select is((select n.payload from data.notification n where n.user_id = '00000000-0000-0000-0000-0000000044b0' and n.kind = 'match_left'
           and n.booking_id = pg_temp.bid('a')),
  jsonb_build_object('booking_id', pg_temp.bid('a'), 'share_id',
                     (select id from data.booking_share where booking_id = pg_temp.bid('a') and number = 2), 'refund_cents', 1000),
  '... and the organizer is told as when a player leaves (match_left, refund_cents 1000)');
select is((select status::text from data.booking where id = pg_temp.bid('a')), 'confirmed', '... whose booking stays confirmed');
-- b: his taken, unpaid share: open again, the PaymentIntent he started cancelled by the worker.
select is((select (status::text, player_id)::text from data.booking_share where booking_id = pg_temp.bid('b') and number = 2),
  ('open', null::uuid)::text, 'b: Dan''s unpaid share is open again');
select ok(exists (select from procrastinate.procrastinate_jobs j where j.task_name = 'cancel_payment_intent'
                  and j.args ->> 'payment_intent_id' = 'pi_44_b_dan'), '... and his live PaymentIntent is cancelled by the worker');
select is((select count(*)::int from data.share_refund r join data.share_payment p on p.id = r.share_payment_id
           where p.stripe_payment_intent_id = 'pi_44_b_dan'), 0, '... nothing to refund');
-- c and e: after the deadline, and played: the money stays.
select is((select (s.status::text, s.player_id)::text from data.booking_share s where s.booking_id = pg_temp.bid('c') and s.number = 2),
  ('paid', '00000000-0000-0000-0000-0000000044d0'::uuid)::text,
  'c: past the split-payment deadline the paid share stays paid (the venue''s money, as leaving is refused then)');
select is((select (s.status::text, s.player_id)::text from data.booking_share s where s.booking_id = pg_temp.bid('e') and s.number = 2),
  ('paid', '00000000-0000-0000-0000-0000000044d0'::uuid)::text, 'e: a game played keeps its paid share');
select is((select count(*)::int from data.share_refund r join data.share_payment p on p.id = r.share_payment_id
           where p.stripe_payment_intent_id in ('pi_44_c_dan', 'pi_44_e_dan')), 0, 'c and e: no refund');
select is((select array_agg(status::text order by id) from data.booking where id in (pg_temp.bid('b'), pg_temp.bid('c'), pg_temp.bid('e'))),
  array['confirmed', 'confirmed', 'confirmed'], 'b, c and e stay confirmed');

-- f: his own split booking inside the cancellation window: cancelled as cancel_booking would.
select is((select status::text from data.booking where id = pg_temp.bid('f')), 'cancelled', 'f: Dan''s booking is cancelled');
select is((select count(*)::int from data.refund where booking_id = pg_temp.bid('f')), 0,
  '... his own 669 is not refunded (inside the venue''s window, as cancel_booking would)');
select is((select array_agg((r.amount_cents, r.status::text, p.player_id)::text) from data.share_refund r
           join data.share_payment p on p.id = r.share_payment_id where r.booking_id = pg_temp.bid('f')),
  array[(667, 'pending', '00000000-0000-0000-0000-0000000044b2'::uuid)::text],
  '... P2, who paid her share, is refunded in full: 667');
select is((select array_agg(status::text order by number) from data.booking_share where booking_id = pg_temp.bid('f')),
  array['paid', 'refunded', 'taken'], '... her share is refunded (Dan''s share 1 paid and kept, P3''s never paid)');
select is((select array_agg((n.user_id, n.payload ->> 'refund_cents', n.payload ->> 'by')::text order by n.user_id)
           from data.notification n where n.kind = 'booking_cancelled' and n.booking_id = pg_temp.bid('f')),
  array[('00000000-0000-0000-0000-0000000044a1'::uuid, '0', 'player')::text,
        ('00000000-0000-0000-0000-0000000044b2'::uuid, '667', 'organizer')::text,
        ('00000000-0000-0000-0000-0000000044b3'::uuid, '0', 'organizer')::text],
  '... the venue, P2 (her 667) and P3 are told the booking is cancelled');
select is((select count(*)::int from data.slot where id = 4425 and status = 'available'), 1, '... and the slot is free');
-- g: his own split booking outside the window: everything refunded in full.
select is((select amount_cents || ' ' || status from data.refund where booking_id = pg_temp.bid('g')), '800 pending',
  'g: outside the window Dan''s own 800 is refunded');
select is((select array_agg((r.amount_cents, p.player_id)::text) from data.share_refund r
           join data.share_payment p on p.id = r.share_payment_id where r.booking_id = pg_temp.bid('g')),
  array[(800, '00000000-0000-0000-0000-0000000044b2'::uuid)::text], '... and P2''s 800, once');
select is((select n.payload ->> 'refund_cents' from data.notification n where n.kind = 'booking_cancelled'
           and n.booking_id = pg_temp.bid('g') and n.user_id = '00000000-0000-0000-0000-0000000044b2'), '800',
  '... and she is told');

-- The money, whole: what was refunded, and every payment row kept.
select is((select sum(amount_cents)::int from data.share_refund), 2467, 'share refunds: 1000 + 667 + 800 = 2467');
select is((select sum(amount_cents)::int from data.refund), 800, 'booking refunds: 800');
select is((select count(*)::int from data.share_payment) + (select count(*)::int from data.payment), 12,
  'every payment row stays (6 share payments, 6 organizers'' payments)');
select is((select count(*)::int from data.share_payment where player_id = '00000000-0000-0000-0000-0000000044d0'), 4,
  'Dan''s four share payments stay, anonymised with his account');
select is((select count(*)::int from data.notification n where n.user_id = '00000000-0000-0000-0000-0000000044d0'), 0,
  'nothing is queued for the deleted account');

-- The seat Dan gave back is for anyone; a deletion again changes nothing.
select test.act_as('player', '00000000-0000-0000-0000-0000000044b3');
select is((api.join_booking((select invite_code from codes where booking_id = pg_temp.bid('a')))).share_number, 2,
  'P3 takes the share Dan gave back');
reset role;
select is((select count(*)::int from data.booking_share where player_id = '00000000-0000-0000-0000-0000000044d0'
           and booking_id in (pg_temp.bid('a'), pg_temp.bid('b'))), 0, 'Dan holds nothing in the games to come');

-- leave_booking still answers as before (it shares the giving back with the deletion).
select test.act_as('player', '00000000-0000-0000-0000-0000000044b3');
select is(to_jsonb(api.leave_booking(pg_temp.bid('a'))),
  jsonb_build_object('ok', true, 'booking_id', pg_temp.bid('a'), 'refund_cents', 0), 'leave_booking: {ok, booking_id, refund_cents 0}');
reset role;
select is((select status::text from data.booking_share where booking_id = pg_temp.bid('a') and number = 2), 'open',
  '... the share is open again');

select * from finish();
rollback;
