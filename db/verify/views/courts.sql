-- Verify courtbook:views/courts to pg

begin;
select id, venue_id, name, sport, surface, indoor from api.courts where false;
select 1/(atttypid = 'text'::regtype)::int from pg_attribute where attrelid = 'api.courts'::regclass and attname = 'sport';
rollback;
