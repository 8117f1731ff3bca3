-- Notifications are delivered at least once (issue 22, item 4). A worker claims a
-- row with a lease that expires (internal.notification_to_send / claim_notifications);
-- a worker that dies between the claim and marking it sent leaves a lease that
-- runs out, and the next claim takes the row again. Marking sent is idempotent; a
-- failure is fenced by the attempt that claimed; after N attempts the claim gives up
-- (status failed). Leases use the clock, not the transaction's start, so they expire
-- inside this one transaction.
begin;
select plan(30);
insert into data.app_user (id, email, password_hash, full_name) values
  ('00000000-0000-0000-0000-0000000052a1', 'lease@notify.test', 'x', 'Lea Se');
create temp table n (label text primary key, id bigint);
create function pg_temp.notify(label text) returns bigint language sql as $$
  insert into data.notification (user_id, kind) values ('00000000-0000-0000-0000-0000000052a1', 'hold_expired');
  insert into n values (label, currval(pg_get_serial_sequence('data.notification', 'id')));
  select currval(pg_get_serial_sequence('data.notification', 'id'));
$$;
create function pg_temp.id(label text) returns bigint language sql as $$ select id from n where n.label = $1 $$;
create function pg_temp.row(label text) returns data.notification language sql as $$
  select x from data.notification x where x.id = pg_temp.id($1) $$;
select pg_temp.notify('dies');

-- a fresh row: pending, never leased
select is((pg_temp.row('dies')).status, 'pending', 'a new notification is pending');
select ok((pg_temp.row('dies')).leased_until is null, 'and has no lease');

-- the worker claims it (as deliver_notification does) with a 0.3 s lease, then dies
create temp table c1 as select internal.notification_to_send(pg_temp.id('dies'), interval '0.3 seconds', 6) as r;
select is((select (r ->> 'notification_id')::bigint from c1), pg_temp.id('dies'), 'the claim returns the row');
select is((select (r ->> 'attempts')::int from c1), 1, 'the claim counts attempt 1 (the claim''s fencing token)');
select ok((pg_temp.row('dies')).leased_until between clock_timestamp() and clock_timestamp() + interval '0.3 seconds',
  'the row is leased until the claim''s clock plus the lease');
select ok((pg_temp.row('dies')).sent_at is null and (pg_temp.row('dies')).status = 'pending',
  'a claim is not a delivery: sent_at stays null, status pending');
select is((select email from json_to_record((select r from c1)) as x(email text)), 'lease@notify.test',
  'the claim carries the recipient');

-- while the lease runs, nobody else takes it
select ok(internal.notification_to_send(pg_temp.id('dies'), interval '0.3 seconds', 6) is null,
  'a second claim during the lease gets nothing');
select is((select count(*)::int from internal.claim_notifications(interval '0.3 seconds', 6, 10)), 0,
  'nor does the sweep');

-- the lease runs out: the next claim delivers it (at least once)
select pg_sleep(0.35);
create temp table c2 as select internal.notification_to_send(pg_temp.id('dies'), interval '1 minute', 6) as r;
select is((select (r ->> 'notification_id')::bigint from c2), pg_temp.id('dies'),
  'after the lease expired another claim takes the row the dead worker held');
select is((select (r ->> 'attempts')::int from c2), 2, 'as attempt 2');

-- the dead worker's claim can no longer fail the row; the live one marks it sent
select is(internal.mark_notification_failed(pg_temp.id('dies'), 'late error of attempt 1', 1, false), false,
  'a failure reported by a superseded attempt changes nothing');
select ok((pg_temp.row('dies')).leased_until > clock_timestamp(), 'the live lease is kept');
select is(internal.mark_notification_sent(pg_temp.id('dies')), true, 'marked sent');
select ok((pg_temp.row('dies')).status = 'sent' and (pg_temp.row('dies')).sent_at is not null
          and (pg_temp.row('dies')).leased_until is null and (pg_temp.row('dies')).last_error is null,
  'sent: status sent, sent_at set, lease and error cleared');
create temp table s1 as select (pg_temp.row('dies')).sent_at as at;
select is(internal.mark_notification_sent(pg_temp.id('dies')), true, 'marking sent again is idempotent (true)');
select is((pg_temp.row('dies')).sent_at, (select at from s1), 'and keeps the first sent_at');
select ok(internal.notification_to_send(pg_temp.id('dies'), interval '1 minute', 6) is null, 'a sent row is never claimed again');

-- a transient failure releases the lease; a final one gives up
select pg_temp.notify('flaky');
create temp table c3 as select internal.notification_to_send(pg_temp.id('flaky'), interval '1 minute', 6) as r;
select is(internal.mark_notification_failed(pg_temp.id('flaky'), 'email: SendGrid answered 503', 1, false), true,
  'the claiming attempt reports a transient failure');
select ok((pg_temp.row('flaky')).status = 'pending' and (pg_temp.row('flaky')).leased_until is null
          and (pg_temp.row('flaky')).last_error = 'email: SendGrid answered 503',
  'still pending, lease released, the error kept');
create temp table c4 as select internal.notification_to_send(pg_temp.id('flaky'), interval '1 minute', 6) as r;
select is((select (r ->> 'attempts')::int from c4), 2, 'a retry claims it at once');
select is(internal.mark_notification_failed(pg_temp.id('flaky'), 'email: SendGrid answered 400', 2, true), true,
  'a final failure');
select is((pg_temp.row('flaky')).status, 'failed', 'gives up: status failed');
select ok(internal.notification_to_send(pg_temp.id('flaky'), interval '1 minute', 6) is null, 'a failed row is not claimed');

-- after N attempts (workers dying each time) the claim gives up
select pg_temp.notify('poison');
update data.notification set attempts = 3, leased_until = clock_timestamp() - interval '1 second' where id = pg_temp.id('poison');
select ok(internal.notification_to_send(pg_temp.id('poison'), interval '1 minute', 3) is null,
  'a row already tried max_attempts times is not claimed again');
select ok((pg_temp.row('poison')).status = 'failed' and (pg_temp.row('poison')).last_error like '%gave up after 3 attempts%',
  'it is given up: status failed, last_error says why');

-- the sweep: unleased or expired rows only, oldest first, min_age keeps it off fresh rows
select pg_temp.notify('expired');
update data.notification set attempts = 1, leased_until = clock_timestamp() - interval '1 second',
       created_at = now() - interval '10 minutes' where id = pg_temp.id('expired');
select pg_temp.notify('leased');
select internal.notification_to_send(pg_temp.id('leased'), interval '1 minute', 6);
select pg_temp.notify('fresh');
select is((select array_agg((r ->> 'notification_id')::bigint)
             from internal.claim_notifications(interval '1 minute', 6, 10, interval '5 minutes') r),
  array[pg_temp.id('expired')],
  'the sweep takes the expired lease, not the live one, nor a row younger than min_age');
select is((select array_agg((r ->> 'notification_id')::bigint)
             from internal.claim_notifications(interval '1 minute', 6, 10) r),
  array[pg_temp.id('fresh')], 'without min_age it takes the unleased fresh row');

-- privileges: the worker's, nobody else's
select ok(has_function_privilege('worker_service', 'internal.claim_notifications(interval, integer, integer, interval)', 'execute')
          and has_function_privilege('worker_service', 'internal.notification_to_send(bigint, interval, integer)', 'execute')
          and has_function_privilege('worker_service', 'internal.mark_notification_failed(bigint, text, integer, boolean)', 'execute'),
  'worker_service may claim and mark');
select ok(not has_function_privilege('player', 'internal.claim_notifications(interval, integer, integer, interval)', 'execute')
          and not has_function_privilege('webhook_service', 'internal.notification_to_send(bigint, interval, integer)', 'execute'),
  'players and the webhook may not');

select * from finish();
rollback;
