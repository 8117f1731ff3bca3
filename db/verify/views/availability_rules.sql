-- Verify courtbook:views/availability_rules to pg

begin;
select id, court_id, weekday, opens, closes, slot_minutes, price_cents from api.availability_rules where false;
select 1/has_table_privilege('owner', 'api.availability_rules', 'select')::int;
select 1/has_table_privilege('admin', 'api.availability_rules', 'select')::int;
select 1/(not has_table_privilege('player', 'api.availability_rules', 'select'))::int;
rollback;
