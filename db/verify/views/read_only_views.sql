-- Verify courtbook:views/read_only_views on pg

begin;
select 1/(count(*) = 4)::int from pg_trigger
where tgname = 'refuse_writes'
  and tgrelid in ('api.venue_bookings'::regclass, 'api.court_slots'::regclass,
                  'api.availability_rules'::regclass, 'api.payout_reports'::regclass);
rollback;
