-- A split booking's money in the owner's report and the payout report (issue 14
-- with issue 19): the shares' PaymentIntents and their refunds are the venue's
-- money as much as the organizer's own payment. A 2000 booking split in four:
-- the organizer pays 500 (data.payment), A and B pay 500 each (share payments),
-- B leaves and is refunded 500, the deadline's cover charges the organizer's
-- card 1000 for the two unpaid shares. Stripe received 2500 and refunded 500:
-- the venue is owed 2000 less commission, and both reports say so.
begin;
select plan(11);

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000046a1', 'w@money46.test', 'x', 'Owner', 'owner'),
  ('00000000-0000-0000-0000-0000000046b0', 'o@money46.test', 'x', 'Organizer', 'player'),
  ('00000000-0000-0000-0000-0000000046b1', 'a@money46.test', 'x', 'A', 'player'),
  ('00000000-0000-0000-0000-0000000046b2', 'b@money46.test', 'x', 'B', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency,
                        stripe_account_id, stripe_charges_enabled, commission_bps)
  overriding system value values
  (4601, '00000000-0000-0000-0000-0000000046a1', 'Padel 46', 'A', 'Madrid', 40.4, -3.7, 'UTC', 'EUR',
   'acct_46', true, 1000);
insert into data.court (id, venue_id, name, sport) overriding system value values (4611, 4601, 'Pista 1', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents, status) overriding system value values
  (4621, 4611, '2030-03-04 10:00Z', '2030-03-04 11:00Z', 2000, 'booked');
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at)
  overriding system value values
  (4631, '00000000-0000-0000-0000-0000000046b0', 4601, 'confirmed', 2000, 'EUR', '2030-03-01 09:00Z', '2030-03-01 09:00Z');
insert into data.booking_slot (booking_id, slot_id, price_cents) values (4631, 4621, 2000);
insert into data.booking_split (booking_id, shares, share_cents, invite_code, pay_by, closed_at)
  values (4631, 4, 500, 'money46invite000', '2030-03-04 08:00Z', '2030-03-04 08:00Z');
insert into data.booking_share (booking_id, number, amount_cents, player_id, status, taken_at, paid_at) values
  (4631, 1, 500, '00000000-0000-0000-0000-0000000046b0', 'paid', '2030-03-01 09:00Z', '2030-03-01 09:00Z'),
  (4631, 2, 500, '00000000-0000-0000-0000-0000000046b1', 'paid', '2030-03-02 09:00Z', '2030-03-02 09:00Z'),
  (4631, 3, 500, null, 'covered', null, null),
  (4631, 4, 500, null, 'covered', null, null);
-- The organizer's own PaymentIntent: share 1, with its part of the fee (10 %).
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, application_fee_cents,
                          destination_account_id, status, amount_received_cents, succeeded_at)
  values (4631, 'pi_money46_org', 500, 'EUR', 50, 'acct_46', 'succeeded', 500, '2030-03-01 09:00Z');
insert into data.share_payment (id, booking_id, kind, share_id, player_id, idempotency_key, stripe_payment_intent_id,
                                amount_cents, currency, application_fee_cents, destination_account_id, status,
                                amount_received_cents, succeeded_at)
  overriding system value values
  (4641, 4631, 'share', (select id from data.booking_share where booking_id = 4631 and number = 2),
   '00000000-0000-0000-0000-0000000046b1', 'pi-share-4641', 'pi_money46_a', 500, 'EUR', 50, 'acct_46', 'succeeded',
   500, '2030-03-02 09:00Z'),
  -- B paid share 3, then left before the deadline: refunded in full.
  (4642, 4631, 'share', (select id from data.booking_share where booking_id = 4631 and number = 3),
   '00000000-0000-0000-0000-0000000046b2', 'pi-share-4642', 'pi_money46_b', 500, 'EUR', 50, 'acct_46', 'succeeded',
   500, '2030-03-02 10:00Z'),
  -- The deadline: the organizer's card covers shares 3 and 4.
  (4643, 4631, 'cover', null, '00000000-0000-0000-0000-0000000046b0', 'pi-cover-4631', 'pi_money46_cover', 1000,
   'EUR', 100, 'acct_46', 'succeeded', 1000, '2030-03-04 08:00Z');
insert into data.share_refund (share_payment_id, booking_id, amount_cents, currency, reason, status, updated_at)
  values (4642, 4631, 500, 'EUR', 'left the booking', 'succeeded', '2030-03-03 09:00Z');

-- The owner's report for the day of the game.
select test.act_as('owner', '00000000-0000-0000-0000-0000000046a1');
create temp table fig as
  select * from api.venue_report(4601, '2030-03-04 00:00Z', '2030-03-05 00:00Z');
reset role;
select is((select bookings from fig), 1::bigint, 'venue_report: one booking');
select is((select gross_cents from fig), 2500::bigint,
  'venue_report: gross is what Stripe received for it, the shares and the cover included (500 + 500 + 500 + 1000)');
select is((select refunded_cents from fig), 500::bigint, 'venue_report: B''s share refund counts');
select is((select fee_cents from fig), 200::bigint, 'venue_report: 10 % of what was kept (2000)');
select is((select net_cents from fig), 1800::bigint, 'venue_report: net = 2500 - 500 - 200');

-- The payout report of the week that holds every payment and the refund.
select is(internal.build_payout_reports('2030-03-01', '2030-03-08'), 1, 'one venue reported');
select is((select (bookings, gross_cents, fee_cents, refunded_cents, net_cents, held_cents)::text
             from data.payout_report where venue_id = 4601 and period_start = '2030-03-01'),
  (1, 2500, 200, 500, 1800, 0)::text,
  'payout: one booking, 2500 received, fee 250 less 50 given back with B''s refund, 500 refunded, 1800 owed');
select is((select gross_cents - refunded_cents - fee_cents from data.payout_report
            where venue_id = 4601 and period_start = '2030-03-01'),
  (select sum(received_cents)::bigint - 500 - 200 from data.booking_receipts where booking_id = 4631),
  'payout: net is the receipts less the refund and the commission kept');
-- A week with only the refund: the refund and the fee it gives back, no booking.
select internal.build_payout_reports('2030-03-03', '2030-03-04');
select is((select (bookings, gross_cents, fee_cents, refunded_cents, net_cents)::text
             from data.payout_report where venue_id = 4601 and period_start = '2030-03-03'),
  (0, 0, -50, 500, -450)::text, 'payout: a day with B''s refund only: -500 and the 50 fee given back');

-- A second split booking the same day, cancelled by its organizer: the
-- organizer's 500 and A's share of 500 are both refunded. It nets to nothing.
insert into data.slot (id, court_id, start_at, end_at, price_cents, status) overriding system value values
  (4622, 4611, '2030-03-04 12:00Z', '2030-03-04 13:00Z', 1000, 'available');
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at, cancelled_at)
  overriding system value values
  (4632, '00000000-0000-0000-0000-0000000046b0', 4601, 'cancelled', 1000, 'EUR', '2030-03-01 09:00Z',
   '2030-03-01 09:00Z', '2030-03-02 12:00Z');
insert into data.booking_slot (booking_id, slot_id, price_cents, active) values (4632, 4622, 1000, false);
insert into data.booking_split (booking_id, shares, share_cents, invite_code, pay_by)
  values (4632, 2, 500, 'money46invite001', '2030-03-04 10:00Z');
insert into data.booking_share (booking_id, number, amount_cents, player_id, status, taken_at, paid_at) values
  (4632, 1, 500, '00000000-0000-0000-0000-0000000046b0', 'refunded', '2030-03-01 09:00Z', '2030-03-01 09:00Z'),
  (4632, 2, 500, '00000000-0000-0000-0000-0000000046b1', 'refunded', '2030-03-01 10:00Z', '2030-03-01 10:00Z');
insert into data.payment (id, booking_id, stripe_payment_intent_id, amount_cents, currency, application_fee_cents,
                          destination_account_id, status, amount_received_cents, succeeded_at)
  overriding system value values
  (4651, 4632, 'pi_money46_org2', 500, 'EUR', 50, 'acct_46', 'succeeded', 500, '2030-03-01 09:00Z');
insert into data.refund (payment_id, booking_id, amount_cents, currency, reason, status, updated_at)
  values (4651, 4632, 500, 'EUR', 'cancelled by the organizer', 'succeeded', '2030-03-02 12:00Z');
insert into data.share_payment (id, booking_id, kind, share_id, player_id, idempotency_key, stripe_payment_intent_id,
                                amount_cents, currency, application_fee_cents, destination_account_id, status,
                                amount_received_cents, succeeded_at)
  overriding system value values
  (4644, 4632, 'share', (select id from data.booking_share where booking_id = 4632 and number = 2),
   '00000000-0000-0000-0000-0000000046b1', 'pi-share-4644', 'pi_money46_a2', 500, 'EUR', 50, 'acct_46', 'succeeded',
   500, '2030-03-01 10:00Z');
insert into data.share_refund (share_payment_id, booking_id, amount_cents, currency, reason, status, updated_at)
  values (4644, 4632, 500, 'EUR', 'the booking was cancelled', 'succeeded', '2030-03-02 12:00Z');
select test.act_as('owner', '00000000-0000-0000-0000-0000000046a1');
select is((select (bookings, gross_cents, refunded_cents, fee_cents, net_cents)::text
             from api.venue_report(4601, '2030-03-04 00:00Z', '2030-03-05 00:00Z')),
  (2, 3500, 1500, 200, 1800)::text,
  'venue_report with the cancelled split: its 1000 received and 1000 refunded, no commission, the same net');
reset role;
select internal.build_payout_reports('2030-03-01', '2030-03-08');
select is((select (bookings, gross_cents, fee_cents, refunded_cents, net_cents)::text
             from data.payout_report where venue_id = 4601 and period_start = '2030-03-01'),
  (2, 3500, 200, 1500, 1800)::text,
  'payout with the cancelled split: both its payments and both its refunds, the fees given back: the same 1800');

select * from finish();
rollback;
