-- Verify courtbook:policies on pg

begin;
select * from data.caller_owned_venue_ids();
select * from data.caller_staff_venue_ids(null);
-- no policy of the data schema calls the caller per row any more
select 1/(count(*) = 0)::int from pg_policies
where schemaname = 'data'
  and (qual ~ 'current_user_id\(\)' and qual !~* 'select (data\.)?current_user_id\(\)'
       or qual ~ 'owns_venue\(');
rollback;
