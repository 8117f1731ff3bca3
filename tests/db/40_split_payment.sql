-- Playing together (issue 19): every share rule and error code of split_booking,
-- join_booking, leave_booking, the share payments, the deadline (close_split,
-- balances, outstanding_balance), open matches; who sees a split, its shares,
-- its match and a balance (RLS).
begin;
select plan(78);

insert into data.app_user (id, email, password_hash, full_name, role, level) values
  ('00000000-0000-0000-0000-0000000040a1', 'w@split.test', 'x', 'Owner', 'owner', null),
  ('00000000-0000-0000-0000-0000000040a2', 'w2@split.test', 'x', 'Other owner', 'owner', null),
  ('00000000-0000-0000-0000-0000000040b0', 'o@split.test', 'x', 'Organizer', 'player', 4.0),
  ('00000000-0000-0000-0000-0000000040b1', 'a@split.test', 'x', 'A', 'player', 3.0),
  ('00000000-0000-0000-0000-0000000040b2', 'b@split.test', 'x', 'B', 'player', 4.5),
  ('00000000-0000-0000-0000-0000000040b3', 'c@split.test', 'x', 'C', 'player', 6.5),
  ('00000000-0000-0000-0000-0000000040b9', 's@split.test', 'x', 'Stranger', 'player', null);
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency,
                        stripe_account_id, stripe_charges_enabled, commission_bps)
  overriding system value values
  (4001, '00000000-0000-0000-0000-0000000040a1', 'Padel 40', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid', 'EUR',
   'acct_40', true, 1234);
insert into data.court (id, venue_id, name, sport) overriding system value values (4011, 4001, 'Pista 1', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (4021, 4011, date_trunc('hour', now()) + interval '3 days', date_trunc('hour', now()) + interval '3 days 1 hour', 1001),
  (4022, 4011, date_trunc('hour', now()) + interval '3 days 1 hour', date_trunc('hour', now()) + interval '3 days 2 hours', 1001),
  (4023, 4011, date_trunc('hour', now()) + interval '3 days 2 hours', date_trunc('hour', now()) + interval '3 days 3 hours', 1001),
  (4024, 4011, date_trunc('hour', now()) + interval '1 hour', date_trunc('hour', now()) + interval '2 hours', 1000),
  (4025, 4011, date_trunc('hour', now()) + interval '4 days', date_trunc('hour', now()) + interval '4 days 1 hour', 60),
  (4026, 4011, date_trunc('hour', now()) + interval '5 days', date_trunc('hour', now()) + interval '5 days 1 hour', 4000),
  (4027, 4011, date_trunc('hour', now()) + interval '6 days', date_trunc('hour', now()) + interval '6 days 1 hour', 4000),
  (4028, 4011, date_trunc('hour', now()) + interval '7 days', date_trunc('hour', now()) + interval '7 days 1 hour', 4000);
update data.platform_settings set max_pending_holds = 20;

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

-- The organizer holds three slots (3003) and splits them in four.
select test.act_as('player', '00000000-0000-0000-0000-0000000040b0');
insert into t select 'hold', to_jsonb(api.hold_slots(array[4021, 4022, 4023]::bigint[]));
insert into t select 'short', to_jsonb(api.hold_slots(array[4024]::bigint[]));
insert into t select 'cheap', to_jsonb(api.hold_slots(array[4025]::bigint[]));
select is(test.api_error(format('select api.split_booking(%s, 1)', (select v->>'booking_id' from t where k = 'hold'))) ->> 'code',
  'invalid_input', 'one share is not a split');
select is(test.api_error(format('select api.split_booking(%s, 9)', (select v->>'booking_id' from t where k = 'hold'))) ->> 'code',
  'invalid_input', 'nine shares are too many');
select is(test.api_error(format('select api.split_booking(%s, 2)', (select v->>'booking_id' from t where k = 'short'))) ->> 'code',
  'invalid_input', 'a booking starting inside the split deadline cannot be split');
select is(test.api_error(format('select api.split_booking(%s, 2)', (select v->>'booking_id' from t where k = 'cheap'))) ->> 'code',
  'invalid_input', 'a share under 50 minor units is refused');
insert into t select 'split', to_jsonb(api.split_booking((select (v->>'booking_id')::bigint from t where k = 'hold'), 4));
select is((select (v->>'shares', v->>'share_cents', v->>'organizer_share_cents')::text from t where k = 'split'),
  ('4', '750', '753')::text, '3003 in four: 750 each, the organizer''s share 753 (the remainder cents)');
select ok((select v->>'invite_code' ~ '^[A-Za-z0-9_-]{16}$' from t where k = 'split'), 'a 16-character invite code');
select is(to_jsonb(api.split_booking((select (v->>'booking_id')::bigint from t where k = 'hold'), 4)),
  (select v from t where k = 'split'), 'the same split again: the same answer');
select is(test.api_error(format('select api.split_booking(%s, 3)', (select v->>'booking_id' from t where k = 'hold'))) ->> 'code',
  'already_split', 'another count: already_split');
select is((select v->>'pay_by' from t where k = 'split')::timestamptz,
  date_trunc('hour', now()) + interval '3 days' - interval '120 minutes', 'pay_by = start - split_deadline_minutes');
reset role;
select is((select array_agg(status::text || ':' || amount_cents order by number) from data.booking_share
           where booking_id = (select (v->>'booking_id')::bigint from t where k = 'hold')),
  array['taken:753', 'open:750', 'open:750', 'open:750'], 'share 1 is the organizer''s, the rest open');
select is((select sum(data.share_fee_cents((select (v->>'booking_id')::bigint from t where k = 'hold'), n, 371))::int
           from generate_series(1, 4) n), 371, 'the shares'' fees add up to the booking''s fee');
select is(data.share_fee_cents((select (v->>'booking_id')::bigint from t where k = 'hold'), 2, 371), 92,
  'a share''s fee is its part of the booking''s, rounded down (371 x 750 / 3003)');

select test.act_as('player', '00000000-0000-0000-0000-0000000040b9');
select is(test.api_error(format('select api.split_booking(%s, 2)', (select v->>'booking_id' from t where k = 'short'))) ->> 'code',
  'forbidden', 'someone else''s booking: forbidden');
reset role;
select test.act_as('owner', '00000000-0000-0000-0000-0000000040a1');
select is(test.api_error(format('select api.join_booking(%L)', (select v->>'invite_code' from t where k = 'split'))) ->> 'sqlstate',
  '42501', 'owners do not join (no privilege: 403)');
reset role;

-- Joining.
select test.act_as('player', '00000000-0000-0000-0000-0000000040b1');
select is(test.api_error('select api.join_booking(''short'')') ->> 'code', 'invalid_input', 'an ill-formed code: invalid_input');
select is(test.api_error('select api.join_booking(''AAAAAAAAAAAAAAAA'')') ->> 'code', 'not_found', 'an unknown code: not_found');
insert into t select 'a', to_jsonb(api.join_booking((select v->>'invite_code' from t where k = 'split')));
select is((select (v->>'share_number', v->>'share_cents', v->>'status')::text from t where k = 'a'), ('2', '750', 'taken')::text,
  'A takes share 2');
select is(to_jsonb(api.join_booking((select v->>'invite_code' from t where k = 'split'))), (select v from t where k = 'a'),
  'joining again answers the same share');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b0');
select is(test.api_error(format('select api.join_booking(%L)', (select v->>'invite_code' from t where k = 'split'))) ->> 'code',
  'invalid_input', 'the organizer cannot join their own booking');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b2');
select lives_ok(format('select api.join_booking(%L)', (select v->>'invite_code' from t where k = 'split')), 'B joins');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b3');
select lives_ok(format('select api.join_booking(%L)', (select v->>'invite_code' from t where k = 'split')), 'C joins');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b9');
select is(test.api_error(format('select api.join_booking(%L)', (select v->>'invite_code' from t where k = 'split'))),
  jsonb_build_object('code', 'match_full', 'message', 'Every share of this booking is taken', 'details', null, 'hint', null,
                     'status', 409, 'headers', '{}'::jsonb), 'all four taken: match_full 409');
-- RLS: a stranger sees nothing of it.
select is((select count(*)::int from api.booking_shares), 0, 'a stranger sees no share');
select is((select count(*)::int from data.booking where id = (select (v->>'booking_id')::bigint from t where k = 'hold')), 0,
  'nor the booking');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b1');
select is((select count(*)::int from api.booking_shares), 4, 'a player of the booking sees its four shares');
select is((select array_agg(number order by number) from api.booking_shares where mine), array[2], '... and which one is theirs');
select is((select count(*)::int from data.booking where id = (select (v->>'booking_id')::bigint from t where k = 'hold')), 1,
  '... and the booking');
select is((select count(*)::int from data.booking_split), 1, '... and its split');
select is(test.api_error('update api.booking_shares set number = 1') ->> 'sqlstate', '42501', 'api.booking_shares is read-only (42501)');
reset role;
select test.act_as('owner', '00000000-0000-0000-0000-0000000040a1');
select is((select count(*)::int from api.booking_shares), 4, 'the venue''s owner sees the shares');
reset role;
select test.act_as('owner', '00000000-0000-0000-0000-0000000040a2');
select is((select count(*)::int from api.booking_shares) + (select count(*)::int from data.share_payment), 0,
  'another owner sees nothing');
reset role;

-- Paying shares: the organizer pays first (saving the card), then the others.
select is(test.api_error(format('select internal.payment_context(%s, %L)', (select v->>'booking_id' from t where k = 'hold'),
  '00000000-0000-0000-0000-0000000040b1')) ->> 'code', 'booking_not_confirmed', 'a share before the organizer paid: booking_not_confirmed');
select is((select (c->>'amount_cents', c->>'application_fee_cents', c->>'setup_future_usage', c->>'kind')::text
           from (select internal.payment_context((select (v->>'booking_id')::bigint from t where k = 'hold'),
                                                 '00000000-0000-0000-0000-0000000040b0')::jsonb c) x),
  ('753', '95', 'off_session', 'organizer_share')::text, 'the organizer pays share 1 (753, its fee 95) and saves the card');
select internal.record_payment_intent((select (v->>'booking_id')::bigint from t where k = 'hold'), 'pi_40_org', 753, 'EUR', 95, 'acct_40', false);
select is(pg_temp.deliver('evt_40_org', 'payment_intent.succeeded', pg_temp.ok_pi('pi_40_org', 753)), 'confirmed',
  'share 1 paid: the booking is confirmed');
select is((select status::text from data.booking_share where booking_id = (select (v->>'booking_id')::bigint from t where k = 'hold') and number = 1),
  'paid', 'share 1 is paid');
insert into t select 'ctx_a', internal.payment_context((select (v->>'booking_id')::bigint from t where k = 'hold'), '00000000-0000-0000-0000-0000000040b1')::jsonb;
select is((select (v->>'kind', v->>'amount_cents', v->>'application_fee_cents', v->>'intent_idempotency_key' ~ '^pi-share-[0-9]+-1$')::text from t where k = 'ctx_a'),
  ('share', '750', '92', true)::text, 'A''s share: 750, fee 92, key pi-share-<share>-1');
select is(internal.payment_context((select (v->>'booking_id')::bigint from t where k = 'hold'), '00000000-0000-0000-0000-0000000040b1')::jsonb ->> 'share_payment_id',
  (select v->>'share_payment_id' from t where k = 'ctx_a'), 'asking again: the same share payment');
select is(test.api_error(format('select internal.payment_context(%s, %L)', (select v->>'booking_id' from t where k = 'hold'),
  '00000000-0000-0000-0000-0000000040b9')) ->> 'code', 'forbidden', 'a stranger: forbidden');
select internal.record_share_intent((select (v->>'share_payment_id')::bigint from t where k = 'ctx_a'), 'pi_40_a');
select is(test.api_error(format('select internal.record_share_intent(%s, ''pi_40_other'')', (select v->>'share_payment_id' from t where k = 'ctx_a'))) ->> 'code',
  'payment_exists', 'a share payment keeps its PaymentIntent');
select is(pg_temp.deliver('evt_40_a', 'payment_intent.succeeded', pg_temp.ok_pi('pi_40_a', 750)), 'share_paid', 'A''s payment: share_paid');
select is(pg_temp.deliver('evt_40_a', 'payment_intent.succeeded', pg_temp.ok_pi('pi_40_a', 750)), 'already_applied', 'delivered again: already_applied');
select is(test.api_error(format('select internal.payment_context(%s, %L)', (select v->>'booking_id' from t where k = 'hold'),
  '00000000-0000-0000-0000-0000000040b1')) ->> 'code', 'share_paid', 'a paid share: share_paid');

-- Leaving: unpaid, then paid (refunded in full); the organizer cannot.
select test.act_as('player', '00000000-0000-0000-0000-0000000040b0');
select is(test.api_error(format('select api.leave_booking(%s)', (select v->>'booking_id' from t where k = 'hold'))) ->> 'code',
  'invalid_input', 'the organizer cancels rather than leaves');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b9');
select is(test.api_error(format('select api.leave_booking(%s)', (select v->>'booking_id' from t where k = 'hold'))) ->> 'code',
  'not_found', 'leaving without a share: not_found');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b1');
select is(to_jsonb(api.leave_booking((select (v->>'booking_id')::bigint from t where k = 'hold'))) ->> 'refund_cents', '750',
  'A leaves a paid share: refunded in full');
reset role;
select is((select (r.amount_cents, r.status::text)::text from data.share_refund r join data.share_payment p on p.id = r.share_payment_id
           where p.stripe_payment_intent_id = 'pi_40_a'), (750, 'pending')::text, 'a share refund row for the worker');
select ok(exists (select from procrastinate.procrastinate_jobs j where j.task_name = 'refund_share_payment'
                  and (j.args->>'refund_id')::bigint = (select r.id from data.share_refund r join data.share_payment p on p.id = r.share_payment_id
                                                        where p.stripe_payment_intent_id = 'pi_40_a')),
  '... with its refund_share_payment job');
select is((select (status::text, player_id)::text from data.booking_share where booking_id = (select (v->>'booking_id')::bigint from t where k = 'hold') and number = 2),
  ('open', null::uuid)::text, 'the share is free again');
select ok(exists (select from procrastinate.procrastinate_jobs j where j.task_name = 'settle_split'
                  and (j.args->>'booking_id')::bigint = (select (v->>'booking_id')::bigint from t where k = 'hold')
                  and j.scheduled_at = (select pay_by from data.booking_split where booking_id = (select (v->>'booking_id')::bigint from t where k = 'hold'))),
  'the deadline job is scheduled at pay_by');

-- The deadline.
update data.booking_split set pay_by = now() - interval '1 second' where booking_id = (select (v->>'booking_id')::bigint from t where k = 'hold');
select test.act_as('player', '00000000-0000-0000-0000-0000000040b9');
select is(test.api_error(format('select api.join_booking(%L)', (select v->>'invite_code' from t where k = 'split'))) ->> 'code',
  'share_closed', 'joining after the deadline: share_closed');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b2');
select is(test.api_error(format('select api.leave_booking(%s)', (select v->>'booking_id' from t where k = 'hold'))) ->> 'code',
  'share_closed', 'leaving after the deadline: share_closed');
reset role;
select is(test.api_error(format('select internal.payment_context(%s, %L)', (select v->>'booking_id' from t where k = 'hold'),
  '00000000-0000-0000-0000-0000000040b2')) ->> 'status', '409', 'paying after the deadline: 409 share_closed');
insert into t select 'close', internal.close_split((select (v->>'booking_id')::bigint from t where k = 'hold'))::jsonb;
select is((select (v->>'action', v->>'amount_cents', v->>'application_fee_cents', v->>'intent_idempotency_key')::text from t where k = 'close'),
  ('cover', '2250', '276', 'pi-cover-' || (select v->>'booking_id' from t where k = 'hold'))::text,
  'the deadline covers the three unpaid shares (2250, their fees 276) under pi-cover-<booking>');
select is((select array_agg(status::text order by number) from data.booking_share where booking_id = (select (v->>'booking_id')::bigint from t where k = 'hold')),
  array['paid', 'covered', 'covered', 'covered'], 'unpaid shares are covered');
select is(internal.close_split((select (v->>'booking_id')::bigint from t where k = 'hold'))::jsonb ->> 'share_payment_id',
  (select v->>'share_payment_id' from t where k = 'close'), 'run again before the charge: the same cover');
select internal.cover_failed((select (v->>'share_payment_id')::bigint from t where k = 'close'), 'pi_40_cover',
  'Your card was declined. This transaction requires authentication.');
select is((select (amount_cents, status, player_id)::text from data.balance where booking_id = (select (v->>'booking_id')::bigint from t where k = 'hold')),
  (2250, 'open', '00000000-0000-0000-0000-0000000040b0'::uuid)::text, 'the failed charge is the organizer''s balance');
select is(internal.close_split((select (v->>'booking_id')::bigint from t where k = 'hold'))::jsonb ->> 'action', 'done', 'then the split is done');
select is((select count(*)::int from internal.due_splits() x where x = (select (v->>'booking_id')::bigint from t where k = 'hold')), 0,
  'the sweep leaves it alone');
select test.act_as('player', '00000000-0000-0000-0000-0000000040b0');
select is(test.api_error('select api.hold_slots(array[4026]::bigint[])') - 'message' - 'hint',
  jsonb_build_object('code', 'outstanding_balance', 'details', '2250 EUR', 'status', 402, 'headers', '{}'::jsonb),
  'owing a balance: outstanding_balance 402');
select is((select (amount_cents, status)::text from api.balances), (2250, 'open')::text, 'GET /balances shows it');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b1');
select is((select count(*)::int from api.balances) + (select count(*)::int from data.balance), 0, 'nobody else sees it');
reset role;
select is(internal.balance_context('00000000-0000-0000-0000-0000000040b0')::jsonb ->> 'payment_intent_id', 'pi_40_cover',
  'POST /payments/balance pays the same PaymentIntent');
select is(pg_temp.deliver('evt_40_cover', 'payment_intent.succeeded', pg_temp.ok_pi('pi_40_cover', 2250)), 'balance_paid',
  'paid on-session: balance_paid');
select test.act_as('player', '00000000-0000-0000-0000-0000000040b0');
select is(to_jsonb(api.hold_slots(array[4026]::bigint[])) ->> 'status', 'pending', 'and the organizer holds again');
reset role;
select is(test.api_error('select internal.balance_context(''00000000-0000-0000-0000-0000000040b0'')') ->> 'code', 'not_found',
  'no open balance: not_found');

-- Open matches.
select test.act_as('player', '00000000-0000-0000-0000-0000000040b0');
insert into t select 'm_hold', to_jsonb(api.hold_slots(array[4027]::bigint[]));
select is(test.api_error(format('select api.open_match(%s)', (select v->>'booking_id' from t where k = 'm_hold'))) ->> 'code',
  'invalid_input', 'an open match needs a split booking');
select lives_ok(format('select api.split_booking(%s, 4)', (select v->>'booking_id' from t where k = 'm_hold')), 'split in four');
select is(test.api_error(format('select api.open_match(%s, 5, 3)', (select v->>'booking_id' from t where k = 'm_hold'))) ->> 'code',
  'invalid_input', 'level_min above level_max: invalid_input');
insert into t select 'match', to_jsonb(api.open_match((select (v->>'booking_id')::bigint from t where k = 'm_hold'), 3.5, 5.0, true));
reset role;
select internal.record_payment_intent((select (v->>'booking_id')::bigint from t where k = 'm_hold'), 'pi_40_morg', 1000, 'EUR', 0, null, false);
select is(pg_temp.deliver('evt_40_morg', 'payment_intent.succeeded', pg_temp.ok_pi('pi_40_morg', 1000)), 'confirmed', 'the match''s booking confirmed');
select test.act_as('anon');
select is((select (seats, seats_free, share_cents, level_min, level_max, court_name)::text from api.open_matches(40.4, -3.7, 5, now(), now() + interval '14 days')
           where match_id = (select (v->>'match_id')::bigint from t where k = 'match')),
  (4, 3, 1000, 3.5, 5.0, 'Pista 1')::text, 'anyone finds it nearby: 3 of 4 seats free');
select is((select count(*)::int from api.open_matches(40.4, -3.7, 5, now(), now() + interval '14 days', 'padel', 6.0)
           where match_id = (select (v->>'match_id')::bigint from t where k = 'match')), 0, 'not for a level outside its range');
select is(test.api_error('select * from api.open_matches(40.4, -3.7, 500)') ->> 'code', 'invalid_input', 'radius over 50 km: invalid_input');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b1');
select is(test.api_error(format('select api.join_match(%s)', (select v->>'match_id' from t where k = 'match'))) ->> 'code',
  'invalid_input', 'level 3.0 for a 3.5-5.0 match: invalid_input');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b9');
select is(test.api_error(format('select api.join_match(%s)', (select v->>'match_id' from t where k = 'match'))) ->> 'code',
  'invalid_input', 'no level set: invalid_input');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000040b2');
select is(to_jsonb(api.join_match((select (v->>'match_id')::bigint from t where k = 'match'))) ->> 'share_number', '2', 'B (4.5) takes a seat');
reset role;
-- Not full at the deadline, cancel_if_not_full: cancelled, everyone paid refunded in full.
update data.booking_split set pay_by = now() - interval '1 second' where booking_id = (select (v->>'booking_id')::bigint from t where k = 'm_hold');
select is(internal.close_split((select (v->>'booking_id')::bigint from t where k = 'm_hold'))::jsonb ->> 'action', 'cancelled',
  'not full at the deadline: cancelled');
select is((select (b.status::text, (select sum(r.amount_cents)::int from data.refund r where r.booking_id = b.id))::text
           from data.booking b where b.id = (select (v->>'booking_id')::bigint from t where k = 'm_hold')),
  ('cancelled', 1000)::text, 'the organizer refunded in full');
select is((select count(*)::int from data.notification where booking_id = (select (v->>'booking_id')::bigint from t where k = 'm_hold')
           and kind = 'match_cancelled'), 2, 'both players told (match_cancelled)');

select * from finish();
rollback;
