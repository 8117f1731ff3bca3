-- Verify courtbook:tables/venue_staff on pg

begin;
select venue_id, user_id, permissions, invited_by, created_at, updated_at from data.venue_staff where false;
select 1/(select relrowsecurity::int from pg_class where oid = 'data.venue_staff'::regclass);
rollback;
