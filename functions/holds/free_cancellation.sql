-- hold_slots' answer carries free_cancellation_until (issue 17): the instant before
-- which a cancellation is refunded in full, so the app can say it at checkout. The
-- rule lives in one place, api.bookings (the venue's window on the day of the hold
-- before the first slot's start); this helper reads the booking's row there, so the
-- hold's answer and GET /bookings can never disagree.
--
-- PL/pgSQL rather than SQL (issue 23): a SQL function with a SET clause is never
-- inlined, so PostgreSQL 15 parsed and planned the api.bookings view on every hold
-- (0.3 ms, the largest single cost of a hold); PL/pgSQL plans it once per connection.
create function data.with_free_cancellation(answer api.hold) returns api.hold
language plpgsql stable
set search_path = pg_catalog
as $$
begin
  select bk.free_cancellation_until into answer.free_cancellation_until
  from api.bookings bk
  where bk.id = answer.booking_id;
  return answer;
end
$$;
comment on function data.with_free_cancellation(api.hold) is
  'hold_slots'' answer with the booking''s free_cancellation_until, as api.bookings shows it to its player';
