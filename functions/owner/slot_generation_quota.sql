-- One generate_slots call makes at most 50,000 slots (issue 16: one call made
-- 37,971 rows in 3 s). Checked before anything is generated, on an upper bound:
-- every slot the rules of the selected courts (all courts of the venue for the
-- venue form) give in the requested days, before existing slots, past starts
-- and DST gaps are left out. A call over it is refused as a whole, so the work
-- (and the API roles' 5 s statement timeout) stay bounded; fewer days per call
-- always fit.
create function data.assert_slot_generation_quota(venue_id bigint, court_id bigint, from_date date, days integer)
returns void
language plpgsql stable
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  max_slots constant bigint := 50000;
  n bigint;
begin
  select coalesce(sum(
           (select count(*) from generate_series(0, assert_slot_generation_quota.days - 1) as i
            where extract(isodow from assert_slot_generation_quota.from_date + i) = r.weekday)
           * floor(extract(epoch from (r.closes - r.opens
                   + case when r.closes <= r.opens then interval '1 day' else interval '0' end))
                   / 60 / r.slot_minutes)), 0)
  into n
  from data.availability_rule r
  join data.court c on c.id = r.court_id
  where c.venue_id = assert_slot_generation_quota.venue_id
    and (assert_slot_generation_quota.court_id is null or c.id = assert_slot_generation_quota.court_id);
  if n > max_slots then
    perform data.api_error('invalid_input',
      format('This call would make up to %s slots; at most %s per call: ask for fewer days', n, max_slots), 400);
  end if;
end
$$;
comment on function data.assert_slot_generation_quota(bigint, bigint, date, integer) is
'Refuses (invalid_input 400) a generate_slots call whose rules give more than 50,000 slots in the requested days (all courts of the venue for the venue form)';
