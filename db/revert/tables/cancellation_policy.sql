-- Revert courtbook:tables/cancellation_policy from pg: the single window again.
-- A venue whose policy has no 100 % tier (no window) gets the longest window,
-- 30 days: the nearest a window comes to "no full refund".

begin;
drop trigger booking_cancellation_policy_snapshot on data.booking;
drop function data.booking_cancellation_policy_snapshot();
drop trigger venue_cancellation_policy_sync on data.venue;
drop function data.venue_cancellation_policy_sync();
drop function data.booking_cancellation_policy(data.booking);
alter table data.booking drop column cancellation_policy;
update data.venue set cancellation_window_minutes = 43200 where cancellation_window_minutes is null;
alter table data.venue alter column cancellation_window_minutes set not null;
comment on column data.venue.cancellation_window_minutes is null;
alter table data.venue drop column cancellation_policy;
drop function data.percent_of_cents(integer, integer);
drop function data.cancellation_refund_percent(jsonb, timestamptz, timestamptz);
drop function data.cancellation_policy_window(jsonb);
drop function data.window_cancellation_policy(integer);
drop function data.checked_cancellation_policy(json);
drop domain data.cancellation_policy;
drop function data.sorted_cancellation_policy(jsonb);
drop function data.cancellation_policy_problem(jsonb);
commit;
