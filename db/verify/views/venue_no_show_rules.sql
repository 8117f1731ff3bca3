-- Verify courtbook:views/venue_no_show_rules on pg

begin;
select venue_id, no_show_limit, no_show_suspension_days from api.venue_no_show_rules where false;
select 1/has_table_privilege('owner', 'api.venue_no_show_rules', 'select')::int;
select 1/(not has_table_privilege('player', 'api.venue_no_show_rules', 'select'))::int;
select 1/(not has_table_privilege('anon', 'api.venue_no_show_rules', 'select'))::int;
rollback;
