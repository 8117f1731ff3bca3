-- The owner reads the venue's cancellation policy (issue 20 item 6, the admin
-- panel's policy editor): api.my_venues shows cancellation_policy, as JSON (no
-- data type in the API), the tiers largest first, next to the derived window.
begin;
select plan(6);
\ir ../engine/fixtures/engine_fixture.sql

select has_column('api', 'my_venues', 'cancellation_policy', 'my_venues has the cancellation policy');
select col_type_is('api', 'my_venues', 'cancellation_policy', 'jsonb', 'as plain jsonb, not the data domain');

select test.act_as('owner', :'o1');
select is((select cancellation_policy from api.my_venues where id = 10001),
  '[{"min_minutes_before": 1440, "refund_percent": 100}]'::jsonb, 'the owner sees the migrated window as one 100 % tier');
select api.set_cancellation_policy(10001, '[{"min_minutes_before": 1440, "refund_percent": 50}, {"min_minutes_before": 2880, "refund_percent": 100}]');
select is((select cancellation_policy || jsonb_build_array(cancellation_window_minutes) from api.my_venues where id = 10001),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}, 2880]'::jsonb,
  'and the policy just set, largest first, with its window');
select is((select count(*) from api.my_venues where id = 10002), 0::bigint, 'not another owner''s venue');
reset role;
select test.act_as('admin', :'ad');
select is((select cancellation_policy from api.my_venues where id = 10001),
  '[{"min_minutes_before": 2880, "refund_percent": 100}, {"min_minutes_before": 1440, "refund_percent": 50}]'::jsonb,
  'an admin sees every venue''s policy');
reset role;

select * from finish();
rollback;
