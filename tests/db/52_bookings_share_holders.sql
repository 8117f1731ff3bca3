-- GET /bookings and split bookings (issue 19): each player of a split booking sees
-- it, its slots, venue and courts, their own share, and the refunds of their own
-- money only; the organizer sees share 1; strangers see nothing; an unsplit
-- booking has no share. Fails before api.bookings showed share holders (the view
-- listed the caller's own bookings only and had no share column).
begin;
select plan(25);

insert into data.app_user (id, email, password_hash, full_name, role, level) values
  ('00000000-0000-0000-0000-0000000052a1', 'w@sh52.test', 'x', 'Owner', 'owner', null),
  ('00000000-0000-0000-0000-0000000052b0', 'o@sh52.test', 'x', 'Organizer', 'player', 4.0),
  ('00000000-0000-0000-0000-0000000052b1', 'a@sh52.test', 'x', 'A', 'player', 4.0),
  ('00000000-0000-0000-0000-0000000052b2', 'c@sh52.test', 'x', 'C', 'player', 4.0),
  ('00000000-0000-0000-0000-0000000052b9', 's@sh52.test', 'x', 'Stranger', 'player', null);
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency,
                        stripe_account_id, stripe_charges_enabled, commission_bps)
  overriding system value values
  (5201, '00000000-0000-0000-0000-0000000052a1', 'Padel 52', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid', 'EUR',
   'acct_52', true, 1000);
insert into data.court (id, venue_id, name, sport) overriding system value values
  (5211, 5201, 'Pista 1', 'padel'), (5212, 5201, 'Pista 2', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (5221, 5211, date_trunc('hour', now()) + interval '3 days', date_trunc('hour', now()) + interval '3 days 1 hour', 1001),
  (5222, 5212, date_trunc('hour', now()) + interval '3 days', date_trunc('hour', now()) + interval '3 days 1 hour', 1001),
  (5223, 5211, date_trunc('hour', now()) + interval '4 days', date_trunc('hour', now()) + interval '4 days 1 hour', 1500),
  (5224, 5211, date_trunc('hour', now()) + interval '5 days', date_trunc('hour', now()) + interval '5 days 1 hour', 2000);

create temp table t (k text primary key, v jsonb);
grant all on t to public;
create function pg_temp.deliver(evt text, type text, obj jsonb) returns text
language sql as $$
  select internal.store_stripe_event(evt, type, false, now(), null,
           jsonb_build_object('id', evt, 'type', type, 'livemode', false,
                              'created', extract(epoch from now())::bigint, 'data', jsonb_build_object('object', obj)));
  select internal.apply_stripe_event(evt, false);
$$;
create function pg_temp.ok_pi(pi text, amount int) returns jsonb language sql as $$
  select jsonb_build_object('id', pi, 'object', 'payment_intent', 'status', 'succeeded',
                            'amount', amount, 'amount_received', amount, 'currency', 'eur')
$$;
create function pg_temp.bk() returns bigint language sql as $$ select (v->>'booking_id')::bigint from t where k = 'hold' $$;
grant execute on function pg_temp.bk() to public;

-- The organizer holds two courts at one hour (2002) and splits them in two; A joins.
select test.act_as('player', '00000000-0000-0000-0000-0000000052b0');
insert into t select 'hold', to_jsonb(api.hold_slots(array[5221, 5222]::bigint[]));
insert into t select 'single', to_jsonb(api.hold_slots(array[5223]::bigint[]));
insert into t select 'split', to_jsonb(api.split_booking(pg_temp.bk(), 2));
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000052b1');
insert into t select 'a', to_jsonb(api.join_booking((select v->>'invite_code' from t where k = 'split')));
reset role;

-- The organizer pays share 1 (1001): the booking is confirmed.
select internal.record_payment_intent(pg_temp.bk(), 'pi_52_org', 1001, 'EUR', 100, 'acct_52', false);
select is(pg_temp.deliver('evt_52_org', 'payment_intent.succeeded', pg_temp.ok_pi('pi_52_org', 1001)), 'confirmed',
  'the organizer''s share paid: confirmed');

-- A, holding share 2, unpaid.
select test.act_as('player', '00000000-0000-0000-0000-0000000052b1');
select is((select count(*)::int from api.bookings where id = pg_temp.bk()), 1, 'a share holder sees the split booking in GET /bookings');
select is((select (status, amount_cents, venue_name, court_names)::text from api.bookings where id = pg_temp.bk()),
  ('confirmed', 2002, 'Padel 52', array['Pista 1', 'Pista 2'])::text, '... its status, price, venue and courts');
select is((select json_array_length(slots) from api.bookings where id = pg_temp.bk()), 2, '... and both its slots');
select is((select (share->>'number', share->>'shares', share->>'amount_cents', share->>'status', share->>'organizer')::text
           from api.bookings where id = pg_temp.bk()),
  ('2', '2', '1001', 'taken', 'false')::text, '... with their share: number 2 of 2, 1001, taken, not the organizer');
select is((select (share->>'share_id')::bigint from api.bookings where id = pg_temp.bk()), (select (v->>'share_id')::bigint from t where k = 'a'),
  '... the share join_booking answered');
select is((select payment_status from api.bookings where id = pg_temp.bk()), null,
  'the organizer''s PaymentIntent is not theirs: payment_status null');
reset role;

-- The organizer sees share 1.
select test.act_as('player', '00000000-0000-0000-0000-0000000052b0');
select is((select (share->>'number', share->>'status', share->>'organizer', payment_status)::text from api.bookings where id = pg_temp.bk()),
  ('1', 'paid', 'true', 'succeeded')::text, 'the organizer: share 1, paid, organizer, their payment succeeded');
select ok((select share->>'invite_code' = (select v->>'invite_code' from t where k = 'split') from api.bookings where id = pg_temp.bk()),
  'the organizer sees the invite code to share');
select is((select share::text from api.bookings where id = (select (v->>'booking_id')::bigint from t where k = 'single')), null,
  'an unsplit booking has no share');
reset role;

-- A stranger sees nothing of it.
select test.act_as('player', '00000000-0000-0000-0000-0000000052b9');
select is((select count(*)::int from api.bookings), 0, 'a stranger sees no booking');
select is((select count(*)::int from data.booking_slot where booking_id = pg_temp.bk()), 0, '... nor its slots');
reset role;

-- A pays the share.
insert into t select 'ctx_a', internal.payment_context(pg_temp.bk(), '00000000-0000-0000-0000-0000000052b1')::jsonb;
select internal.record_share_intent((select (v->>'share_payment_id')::bigint from t where k = 'ctx_a'), 'pi_52_a');
select is(pg_temp.deliver('evt_52_a', 'payment_intent.succeeded', pg_temp.ok_pi('pi_52_a', 1001)), 'share_paid', 'A pays the share');
select test.act_as('player', '00000000-0000-0000-0000-0000000052b1');
select is((select share->>'status' from api.bookings where id = pg_temp.bk()), 'paid', 'A''s share shows paid');
reset role;

-- The venue is unpublished later: its players still see where they play.
update data.venue set review_status = 'rejected' where id = 5201;
select test.act_as('player', '00000000-0000-0000-0000-0000000052b1');
select is((select (venue_name, court_names)::text from api.bookings where id = pg_temp.bk()),
  ('Padel 52', array['Pista 1', 'Pista 2'])::text, 'an unpublished venue: a share holder still sees its name and courts');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000052b9');
select is((select count(*)::int from data.venue where id = 5201), 0, '... a stranger does not see the venue');
reset role;

-- The organizer cancels three days ahead: everyone is refunded in full, each sees only their own refund.
select test.act_as('player', '00000000-0000-0000-0000-0000000052b0');
select api.cancel_booking(pg_temp.bk(), 'rain');
select is((select array_agg((r->>'kind') || ':' || (r->>'amount_cents') || ':' || (r->>'status')) from api.bookings, json_array_elements(refunds) r
           where id = pg_temp.bk()),
  array['booking:1001:pending'], 'the organizer sees the refund of their own payment only');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000052b1');
select is((select array_agg((r->>'kind') || ':' || (r->>'amount_cents') || ':' || (r->>'status')) from api.bookings, json_array_elements(refunds) r
           where id = pg_temp.bk()),
  array['share:1001:pending'], 'A sees the refund of their share only');
select is((select (status, share->>'status', refunded_cents)::text from api.bookings where id = pg_temp.bk()),
  ('cancelled', 'refunded', 0)::text, 'cancelled, the share refunded, nothing carried out yet');
reset role;
-- The worker carries both out.
update data.share_refund set status = 'succeeded' where booking_id = pg_temp.bk();
update data.refund set status = 'succeeded' where booking_id = pg_temp.bk();
select test.act_as('player', '00000000-0000-0000-0000-0000000052b1');
select is((select refunded_cents from api.bookings where id = pg_temp.bk()), 1001, 'A''s refunded_cents: their 1001, not the booking''s 2002');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000052b0');
select is((select refunded_cents from api.bookings where id = pg_temp.bk()), 1001, 'the organizer''s: their own 1001');
reset role;

-- A player who paid a share and gave it back still sees the booking and their refund.
update data.venue set review_status = 'published' where id = 5201;
select test.act_as('player', '00000000-0000-0000-0000-0000000052b0');
insert into t select 'hold2', to_jsonb(api.hold_slots(array[5224]::bigint[]));
insert into t select 'split2', to_jsonb(api.split_booking((select (v->>'booking_id')::bigint from t where k = 'hold2'), 2));
reset role;
select internal.record_payment_intent((select (v->>'booking_id')::bigint from t where k = 'hold2'), 'pi_52_org2', 1000, 'EUR', 100, 'acct_52', false);
select pg_temp.deliver('evt_52_org2', 'payment_intent.succeeded', pg_temp.ok_pi('pi_52_org2', 1000));
select test.act_as('player', '00000000-0000-0000-0000-0000000052b2');
select api.join_booking((select v->>'invite_code' from t where k = 'split2'));
reset role;
insert into t select 'ctx_c', internal.payment_context((select (v->>'booking_id')::bigint from t where k = 'hold2'), '00000000-0000-0000-0000-0000000052b2')::jsonb;
select internal.record_share_intent((select (v->>'share_payment_id')::bigint from t where k = 'ctx_c'), 'pi_52_c');
select pg_temp.deliver('evt_52_c', 'payment_intent.succeeded', pg_temp.ok_pi('pi_52_c', 1000));
select test.act_as('player', '00000000-0000-0000-0000-0000000052b2');
select is((select to_jsonb(api.leave_booking((select (v->>'booking_id')::bigint from t where k = 'hold2'))) ->> 'refund_cents'), '1000',
  'C pays the share and leaves: refunded in full');
select is((select (status, share::text)::text from api.bookings where id = (select (v->>'booking_id')::bigint from t where k = 'hold2')),
  ('confirmed', null::text)::text, 'who left still sees the booking, holding no share');
select is((select array_agg((r->>'kind') || ':' || (r->>'amount_cents') || ':' || (r->>'status')) from api.bookings, json_array_elements(refunds) r
           where id = (select (v->>'booking_id')::bigint from t where k = 'hold2')),
  array['share:1000:pending'], '... with the refund of their share');
select is((select (venue_name, json_array_length(slots))::text from api.bookings where id = (select (v->>'booking_id')::bigint from t where k = 'hold2')),
  ('Padel 52', 1)::text, '... its venue and slot');
reset role;

select * from finish();
rollback;
