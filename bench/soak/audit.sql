-- The soak's audit (issue 22): each query, after its check line (the marker, a colon, its name), returns one
-- number, and every number must be 0 after a soak run. bench/soak/audit.py runs them.

-- check: slots in two active bookings
select count(*) from (
  select slot_id from data.booking_slot where active group by slot_id having count(*) > 1
) x;

-- check: overlapping slots of one court
select count(*) from data.slot a join data.slot b
  on a.court_id = b.court_id and a.id < b.id
 and tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at);

-- check: confirmed bookings without a succeeded payment (walk-ins excepted)
select count(*) from internal.confirmed_bookings_without_payment();

-- check: succeeded payments without a confirmed booking or a refund
select count(*) from data.booking_receipts r join data.booking b on b.id = r.booking_id
 where b.status <> 'confirmed'
   and not exists (select from data.booking_refunds f
                    where f.booking_id = r.booking_id and f.kind = r.kind
                      and f.refund_id is not null and f.status in ('pending', 'succeeded'));

-- check: bookings whose money (received - refunded) is below 0 or above their amount
select count(*) from data.booking b
 where coalesce((select sum(received_cents) from data.booking_receipts r where r.booking_id = b.id), 0)
     - coalesce((select sum(amount_cents) from data.booking_refunds f
                  where f.booking_id = b.id and f.status = 'succeeded'), 0)
       not between 0 and b.amount_cents;

-- check: payments refunded beyond their amount (refund issued twice)
select count(*) from (
  select p.id from data.payment p join data.refund r on r.payment_id = p.id
   where r.status in ('pending', 'succeeded')
   group by p.id, p.amount_cents having sum(r.amount_cents) > p.amount_cents
  union all
  select p.id from data.share_payment p join data.share_refund r on r.share_payment_id = p.id
   where r.status in ('pending', 'succeeded')
   group by p.id, p.amount_cents having sum(r.amount_cents) > p.amount_cents
) x;

-- check: Stripe events stored but never applied (older than a minute)
select count(*) from data.stripe_event
 where applied_at is null and received_at < now() - interval '1 minute';

-- check: pending bookings past their hold by more than a sweep interval
select count(*) from data.booking
 where status = 'pending' and held_until < now() - interval '2 minutes';

-- check: notifications not sent after 2 minutes
select count(*) from data.notification
 where sent_at is null and created_at < now() - interval '2 minutes';

-- check: jobs stuck in doing for more than 2 minutes
select count(*) from procrastinate.procrastinate_jobs j
 where j.status = 'doing'
   and not exists (select from procrastinate.procrastinate_events e
                    where e.job_id = j.id and e.at > now() - interval '2 minutes');
