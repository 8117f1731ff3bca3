-- DESIGN.md invariant 8: bad input gets a clear error with a stable code (never a
-- raw SQL error, i.e. never a 500) and changes nothing. Each call below is made
-- by a role allowed to make it.
begin;
select plan(3);
\ir ../engine/fixtures/engine_fixture.sql

create temp table calls (role text, sub text, q text);
grant select on calls to public;
insert into calls values
  ('player', :'p1', $$select api.hold_slots(array[-1]::bigint[])$$),
  ('player', :'p1', $$select api.hold_slots(array[11001]::bigint[], repeat('x', 1000))$$),
  ('player', :'p1', $$select api.hold_slots(array[11001, 11002, 12001]::bigint[])$$),
  ('player', :'p1', $$select api.release_hold(-1)$$),
  ('player', :'p1', $$select api.cancel_booking(null, null)$$),
  ('player', :'p1', $$select api.cancel_booking(1, repeat('x', 501))$$),
  ('player', :'p1', $$select api.register_device(null, null)$$),
  ('player', :'p1', $$select api.register_device(repeat('x', 5000), 'ios')$$),
  ('anon', null, $$select * from api.available_slots(null, null, null, null, null)$$),
  ('anon', null, $$select * from api.available_slots(10001, null, '-infinity', 'infinity')$$),
  ('anon', null, $$select * from api.available_slots(10001, null, now(), 'infinity')$$),
  ('anon', null, $$select * from api.available_slots(10001, null, now(), now() + interval '1 day', '')$$),
  ('anon', null, $$select * from api.nearby_venues('NaN', 0)$$),
  ('anon', null, $$select * from api.nearby_venues(0, 0, 'Infinity')$$),
  ('anon', null, $$select * from api.nearby_venues(0, 0, 'NaN')$$),
  ('owner', :'o1', $$select api.create_venue(null, null, null, null, null, null, null)$$),
  ('owner', :'o1', $$select api.create_venue('V', 'A', 'C', 'Infinity', 0, 'UTC')$$),
  ('owner', :'o1', $$select api.create_venue('V', 'A', 'C', 0, 0, '')$$),
  ('owner', :'o1', $$select api.create_venue('V', 'A', 'C', 0, 0, 'UTC', 'EURO')$$),
  ('owner', :'o1', $$select api.create_venue('V', 'A', 'C', 0, 0, 'UTC', 'EUR', 999999)$$),
  ('owner', :'o1', $$select api.update_venue(null)$$),
  ('owner', :'o1', $$select api.update_venue(10001, currency => '')$$),
  ('owner', :'o1', $$select api.update_venue(10001, name => repeat('x', 300))$$),
  ('owner', :'o1', $$select api.create_court(null, null, null)$$),
  ('owner', :'o1', $$select api.create_court(10001, 'X', 'padel', repeat('s', 60))$$),
  ('owner', :'o1', $$select api.update_court(null)$$),
  ('owner', :'o1', $$select api.update_court(10101, sport => 'chess')$$),
  ('owner', :'o1', $$select api.set_availability(null, null)$$),
  ('owner', :'o1', $$select api.set_availability(10101, '"rules"')$$),
  ('owner', :'o1', $$select api.set_availability(10101, '[null]')$$),
  ('owner', :'o1', $$select api.set_availability(10101, '[{}]')$$),
  ('owner', :'o1', $$select api.set_availability(10101, '[{"weekday":1,"opens":"08:00","closes":"09:00","slot_minutes":99999999999,"price_cents":1}]')$$),
  ('owner', :'o1', $$select api.set_availability(10101, '[{"weekday":1,"opens":"08:00","closes":"09:00","slot_minutes":60,"price_cents":99999999999}]')$$),
  ('owner', :'o1', $$select api.set_availability(10101, '[{"weekday":1.5,"opens":"08:00","closes":"09:00","slot_minutes":60,"price_cents":1}]')$$),
  ('owner', :'o1', $$select api.set_availability(10101, '[{"weekday":1,"opens":"08:00:00","closes":"09:00","slot_minutes":60,"price_cents":1}]')$$),
  ('owner', :'o1', $$select api.generate_slots(null, null, null, null)$$),
  ('owner', :'o1', $$select api.generate_slots(10001, null, 'infinity', 7)$$),
  ('owner', :'o1', $$select api.generate_slots(10001, null, '-infinity', 7)$$),
  ('owner', :'o1', $$select api.block_slots(array[null]::bigint[])$$),
  ('owner', :'o1', $$select api.block_slots(null, 10101, '-infinity', 'infinity')$$),
  ('owner', :'o1', $$select api.block_slots(array[11001]::bigint[], reason => repeat('r', 501))$$),
  ('owner', :'o1', $$select api.unblock_slots(null, null, null, null)$$),
  ('owner', :'o1', $$select api.owner_cancel_booking(null, null)$$),
  ('owner', :'o1', $$select api.venue_report(10001, '-infinity', 'infinity')$$),
  ('owner', :'o1', $$select api.venue_report(null, now(), now())$$),
  ('admin', :'ad', $$select api.set_commission(null, null)$$),
  ('admin', :'ad', $$select api.set_platform_settings(hold_minutes => 1000)$$),
  ('admin', :'ad', $$select api.set_platform_settings(slot_horizon_days => 0)$$),
  ('webhook_service', null, $$select internal.payment_context(-1, '00000000-0000-0000-0000-000000000000')$$),
  ('webhook_service', null, $$select internal.record_payment_intent(null, null, null, null, null, null, null)$$),
  ('webhook_service', null, $$select internal.record_payment_intent(1, 'pi_x', 100, 'EUR', 101, null, false)$$),
  ('webhook_service', null, $$select internal.set_stripe_customer(null, null)$$),
  ('webhook_service', null, $$select internal.fail_booking_from_payment('pi_x', null, null)$$),
  ('worker_service', null, $$select internal.generate_slots_for_horizon(-1)$$);

create temp table answers as select role, q, null::text as answer from calls where false;
grant all on answers to public;
do $$
declare c record;
begin
  for c in select * from calls loop
    if c.role in ('webhook_service', 'worker_service') then
      perform set_config('request.jwt.claims', '', true);
      execute format('set local role %I', c.role);
    else
      perform test.act_as(c.role, c.sub::uuid);
    end if;
    insert into answers values (c.role, c.q, pg_temp.err(c.q));
    reset role;
  end loop;
end
$$;

select is((select count(*) from answers), (select count(*) from calls), 'every bad call was made');
select is((select array_agg(q || ' → ' || coalesce(answer, 'no error')) from answers
           where answer is null or answer like 'sqlstate%'), null,
  'every bad call answers a stable API error, none a raw SQL error (500) or success');
select is((select count(*) from data.venue where owner_id = :'o1'), 1::bigint, 'and nothing was created');

select * from finish();
rollback;
