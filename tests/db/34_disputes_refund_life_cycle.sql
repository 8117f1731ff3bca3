-- Disputes and the refund life cycle (issue 14, items 4 and 5), through
-- internal.apply_stripe_event as the webhook delivers them:
-- charge.dispute.* recorded on the payment, owner and admins told once per
-- transition, venue_bookings and venue_report show them; a refund Stripe answers
-- pending is not succeeded, charge.refund.updated finishes it, a failed refund is
-- retried once then becomes a reconciliation case, a dashboard refund is recorded
-- once even when pending.
begin;
select plan(47);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000034a1', 'o@dispute.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000034a2', 'other@dispute.test', 'x', 'Other owner', 'owner'),
  ('00000000-0000-0000-0000-0000000034b1', 'p@dispute.test', 'x', 'Player', 'player'),
  ('00000000-0000-0000-0000-0000000034c1', 'admin@dispute.test', 'x', 'Admin', 'admin');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency, commission_bps)
  overriding system value values (3401, '00000000-0000-0000-0000-0000000034a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR', 1000);
insert into data.court (id, venue_id, name, sport) overriding system value values (3411, 3401, 'C', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents, status)
  overriding system value values
  (3421, 3411, now() + interval '3 days', now() + interval '3 days 1 hour', 2500, 'booked'),
  (3422, 3411, now() + interval '4 days', now() + interval '4 days 1 hour', 2500, 'booked'),
  (3423, 3411, now() + interval '5 days', now() + interval '5 days 1 hour', 2500, 'booked'),
  (3424, 3411, now() + interval '6 days', now() + interval '6 days 1 hour', 2500, 'booked');
-- 3431 confirmed and disputed; 3432..3434 cancelled with a refund each
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at, cancelled_at)
  overriding system value values
  (3431, '00000000-0000-0000-0000-0000000034b1', 3401, 'confirmed', 2500, 'EUR', now(), now(), null),
  (3432, '00000000-0000-0000-0000-0000000034b1', 3401, 'cancelled', 2500, 'EUR', now(), now(), now()),
  (3433, '00000000-0000-0000-0000-0000000034b1', 3401, 'cancelled', 2500, 'EUR', now(), now(), now()),
  (3434, '00000000-0000-0000-0000-0000000034b1', 3401, 'confirmed', 2500, 'EUR', now(), now(), null);
insert into data.booking_slot (booking_id, slot_id, price_cents) values
  (3431, 3421, 2500), (3432, 3422, 2500), (3433, 3423, 2500), (3434, 3424, 2500);
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, status, succeeded_at,
                          amount_received_cents, application_fee_cents)
values (3431, 'pi_dsp_1', 2500, 'EUR', 'succeeded', now(), 2500, 250),
       (3432, 'pi_ref_2', 2500, 'EUR', 'succeeded', now(), 2500, 250),
       (3433, 'pi_ref_3', 2500, 'EUR', 'succeeded', now(), 2500, 250),
       (3434, 'pi_ref_4', 2500, 'EUR', 'succeeded', now(), 2500, 250);

create function pg_temp.deliver(evt text, type text, obj jsonb, at timestamptz default now()) returns text
language sql as $$
  select internal.store_stripe_event(evt, type, false, at, null,
           jsonb_build_object('id', evt, 'type', type, 'livemode', false,
                              'created', extract(epoch from at)::bigint, 'data', jsonb_build_object('object', obj)));
  select internal.apply_stripe_event(evt, false);
$$;
create function pg_temp.dispute(status text, reason text default 'fraudulent') returns jsonb language sql as $$
  select jsonb_build_object('id', 'dp_34_1', 'object', 'dispute', 'charge', 'ch_34_1', 'payment_intent', 'pi_dsp_1',
    'amount', 2500, 'currency', 'eur', 'reason', reason, 'status', status,
    'created', extract(epoch from now())::bigint,
    'evidence_details', jsonb_build_object('due_by', extract(epoch from now() + interval '7 days')::bigint))
$$;
create function pg_temp.refund(id text, pi text, status text, refund_id bigint default null,
                               failure text default null) returns jsonb language sql as $$
  select jsonb_build_object('id', id, 'object', 'refund', 'payment_intent', pi, 'charge', 'ch_' || pi,
    'amount', 2500, 'currency', 'eur', 'status', status, 'failure_reason', failure,
    'metadata', case when refund_id is null then '{}'::jsonb
                     else jsonb_build_object('refund_id', refund_id::text) end)
$$;
create function pg_temp.told(booking bigint, kind text) returns bigint language sql as $$
  select count(*) from data.notification n where n.booking_id = booking and n.kind = told.kind
$$;

-- == Disputes ================================================================
select is(pg_temp.deliver('evt_34_d1', 'charge.dispute.created', pg_temp.dispute('needs_response'), now() - interval '10 seconds'),
  'dispute_opened', 'charge.dispute.created records the dispute');
select results_eq($$select status, reason, amount_cents, currency::text, closed_at is null, evidence_due_by > now()
                    from data.dispute where stripe_dispute_id = 'dp_34_1'$$,
  $$values ('needs_response', 'fraudulent', 2500, 'EUR', true, true)$$,
  'status, reason, amount, currency and evidence deadline stored on the payment''s dispute');
select is((select array_agg(user_id::text order by user_id) from data.notification where booking_id = 3431 and kind = 'payment_disputed'),
  array['00000000-0000-0000-0000-0000000034a1', '00000000-0000-0000-0000-0000000034c1'],
  'the owner and the admin are told (payment_disputed), the player is not');
select is((select payload ->> 'reason' from data.notification where booking_id = 3431 and kind = 'payment_disputed' limit 1),
  'fraudulent', 'the notification carries the reason');
select is(pg_temp.deliver('evt_34_d1', 'charge.dispute.created', pg_temp.dispute('needs_response')),
  'already_applied', 'a redelivery changes nothing');
select is(pg_temp.deliver('evt_34_d2', 'charge.dispute.updated', pg_temp.dispute('under_review'), now() - interval '5 seconds'),
  'dispute_updated', 'charge.dispute.updated (evidence submitted)');
select is(pg_temp.told(3431, 'payment_disputed'), 2::bigint, 'an update tells nobody again');
select is(pg_temp.deliver('evt_34_d0', 'charge.dispute.updated', pg_temp.dispute('needs_response'), now() - interval '1 minute'),
  'ignored_stale', 'an older event arriving late is ignored');
select is((select status from data.dispute where stripe_dispute_id = 'dp_34_1'), 'under_review', 'the newer status stays');

-- What the owner sees while it is open.
select test.act_as('owner', '00000000-0000-0000-0000-0000000034a1');
select results_eq($$select disputed, dispute ->> 'status', (dispute ->> 'amount_cents')::int from api.venue_bookings where id = 3431$$,
  $$values (true, 'under_review', 2500)$$, 'venue_bookings shows the booking disputed, with its dispute');
select is((select disputed from api.venue_bookings where id = 3434), false, 'an undisputed booking is not');
select is((to_jsonb(api.venue_report(3401, now(), now() + interval '7 days')) - 'from' - 'to' - 'venue_id' - 'currency' - 'occupancy'
            - 'at_venue_bookings' - 'at_venue_cents'),
  '{"bookings": 4, "gross_cents": 10000, "refunded_cents": 0, "fee_cents": 1000, "net_cents": 9000, "disputes": 1, "disputed_cents": 2500, "dispute_lost_cents": 0}'::jsonb,
  'venue_report counts the disputed amount apart (gross and net unchanged)');
select is((select count(*)::int from data.dispute), 1, 'the owner reads the disputes of their venues');
reset role;
select test.act_as('owner', '00000000-0000-0000-0000-0000000034a2');
select is((select count(*)::int from data.dispute), 0, 'another owner reads none');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000034b1');
select throws_ok($$select count(*) from data.dispute$$, '42501', null, 'a player cannot read disputes');
reset role;

select is(pg_temp.deliver('evt_34_d3', 'charge.dispute.closed', pg_temp.dispute('lost')), 'dispute_closed',
  'charge.dispute.closed closes it');
select results_eq($$select status, closed_at is not null from data.dispute where stripe_dispute_id = 'dp_34_1'$$,
  $$values ('lost', true)$$, 'lost, with its closing time');
select is(pg_temp.told(3431, 'dispute_closed'), 2::bigint, 'owner and admin told it closed (dispute_closed)');
select is(pg_temp.deliver('evt_34_d4', 'charge.dispute.funds_withdrawn', pg_temp.dispute('lost'), now() + interval '1 second'),
  'dispute_updated', 'a later event on a closed dispute is recorded');
select is(pg_temp.told(3431, 'dispute_closed'), 2::bigint, 'nobody told twice that it closed');
select is(pg_temp.deliver('evt_34_d6', 'charge.dispute.updated', pg_temp.dispute('under_review'), now() + interval '1 second'),
  'ignored_stale', 'an update delivered after the closing (same second) does not reopen it');
select is((select status from data.dispute where stripe_dispute_id = 'dp_34_1'), 'lost', 'still lost');
select test.act_as('owner', '00000000-0000-0000-0000-0000000034a1');
select is((to_jsonb(api.venue_report(3401, now(), now() + interval '7 days')) ->> 'dispute_lost_cents')::int, 2500,
  'a lost dispute is counted as lost');
reset role;
select is(pg_temp.deliver('evt_34_d5', 'charge.dispute.created',
            pg_temp.dispute('needs_response') || '{"id": "dp_34_x", "payment_intent": "pi_unknown_34"}'),
  'waiting', 'a dispute of a PaymentIntent not recorded yet waits');

-- == Refunds =================================================================
-- 3432: courtbook's refund, Stripe answers pending, then charge.refund.updated succeeds.
insert into data.refund (id, payment_id, booking_id, amount_cents, currency, reason)
  overriding system value
  select 3441, p.id, 3432, 2500, 'EUR', 'cancelled by the player' from data.payment p where p.booking_id = 3432;
set local role worker_service;
select is((internal.refund_to_issue(3441) ->> 'refund_id')::bigint, 3441::bigint, 'the worker takes the refund');
select is(internal.refund_submitted(3441, 're_34_pending', 'pending'), true, 'Stripe answered pending: recorded as at Stripe');
select is(internal.refund_to_issue(3441)::text, null, 'a refund at Stripe is never asked for again');
reset role;
select results_eq($$select status::text, stripe_status, stripe_refund_id from data.refund where id = 3441$$,
  $$values ('pending', 'pending', 're_34_pending')$$, 'pending is not succeeded');
select is(pg_temp.told(3432, 'refund_issued'), 0::bigint, 'the player is not told "refund issued" yet');
select is(pg_temp.deliver('evt_34_r1', 'charge.refund.updated', pg_temp.refund('re_34_pending', 'pi_ref_2', 'succeeded', 3441)),
  'updated', 'charge.refund.updated: succeeded');
select results_eq($$select status::text, stripe_status from data.refund where id = 3441$$,
  $$values ('succeeded', 'succeeded')$$, 'the refund succeeded');
select is(pg_temp.told(3432, 'refund_issued'), 1::bigint, 'now the player is told, once');
select is(pg_temp.deliver('evt_34_r2', 'charge.refunded',
            jsonb_build_object('id', 'ch_pi_ref_2', 'object', 'charge', 'payment_intent', 'pi_ref_2', 'amount_refunded', 2500,
                               'refunds', jsonb_build_object('data', jsonb_build_array(pg_temp.refund('re_34_pending', 'pi_ref_2', 'succeeded', 3441))))),
  'already_recorded', 'charge.refunded for the same refund: already recorded');
select is(pg_temp.told(3432, 'refund_issued'), 1::bigint, 'still told once');

-- 3433: Stripe says the refund failed: retried once, the retry fails too: a reconciliation case.
insert into data.refund (id, payment_id, booking_id, amount_cents, currency, reason, stripe_refund_id, status)
  overriding system value
  select 3442, p.id, 3433, 2500, 'EUR', 'cancelled by the owner', 're_34_fail_1', 'succeeded'
  from data.payment p where p.booking_id = 3433;
select is(pg_temp.deliver('evt_34_r3', 'charge.refund.updated',
            pg_temp.refund('re_34_fail_1', 'pi_ref_3', 'failed', 3442, 'expired_or_canceled_card')),
  'retry_queued', 'a refund that failed (even after it succeeded) is retried');
select results_eq($$select status::text, last_error from data.refund where id = 3442$$,
  $$values ('failed', 'Stripe: expired_or_canceled_card')$$, 'the failed refund keeps Stripe''s reason');
select results_eq($$select status::text, amount_cents, stripe_refund_id is null, idempotency_key <> (select idempotency_key from data.refund where id = 3442)
                    from data.refund where retry_of = 3442$$,
  $$values ('pending', 2500, true, true)$$, 'one retry: pending, same amount, its own idempotency key');
select is((select count(*)::int from procrastinate.procrastinate_jobs j
           where j.task_name = 'refund_payment' and (j.args ->> 'refund_id')::bigint = (select id from data.refund where retry_of = 3442)),
  1, 'the retry has its worker job, deferred in the same transaction');
select is((select count(*)::int from data.reconciliation_case where booking_id = 3433), 0, 'no case yet');
update data.refund set stripe_refund_id = 're_34_fail_2' where retry_of = 3442;
select is(pg_temp.deliver('evt_34_r4', 'charge.refund.updated',
            pg_temp.refund('re_34_fail_2', 'pi_ref_3', 'failed', null, 'lost_or_stolen_card')),
  'reconciliation_case', 'the retry fails too: a reconciliation case');
select is((select count(*)::int from data.refund where booking_id = 3433), 2, 'no third attempt');
select results_eq($$select kind, stripe_payment_intent_id, resolved_at is null from data.reconciliation_case where booking_id = 3433$$,
  $$values ('paid_not_booked', 'pi_ref_3', true)$$, 'a human is asked to pay the player back');

-- 3434: a refund made in Stripe's dashboard, pending and unknown to courtbook: recorded once.
select is(pg_temp.deliver('evt_34_r5', 'charge.refunded',
            jsonb_build_object('id', 'ch_pi_ref_4', 'object', 'charge', 'payment_intent', 'pi_ref_4', 'amount_refunded', 1000,
                               'refunds', jsonb_build_object('data', jsonb_build_array(
                                 pg_temp.refund('re_34_dash', 'pi_ref_4', 'pending') || '{"amount": 1000}')))),
  'recorded_external_pending', 'a dashboard refund still pending is recorded');
select is(pg_temp.deliver('evt_34_r6', 'charge.refund.updated', pg_temp.refund('re_34_dash', 'pi_ref_4', 'pending') || '{"amount": 1000}'),
  'already_recorded', 'its update while pending: the same row');
select is(pg_temp.deliver('evt_34_r7', 'charge.refund.updated', pg_temp.refund('re_34_dash', 'pi_ref_4', 'succeeded') || '{"amount": 1000}'),
  'updated', 'then it succeeds');
select results_eq($$select count(*)::int, bool_and(external), min(status::text), sum(amount_cents)::int from data.refund where booking_id = 3434$$,
  $$values (1, true, 'succeeded', 1000)$$, 'recorded once, as external, succeeded, 1000 cents');
select is(pg_temp.told(3434, 'refund_issued'), 1::bigint, 'the player is told once');

select * from finish();
rollback;
