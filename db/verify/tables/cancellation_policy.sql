-- Verify courtbook:tables/cancellation_policy on pg

begin;
select cancellation_policy from data.venue where false;
select cancellation_policy from data.booking where false;
select 1/(data.cancellation_policy_problem('[{"min_minutes_before": 60, "refund_percent": 100}]') is null)::int;
select 1/(data.cancellation_policy_window('[{"min_minutes_before": 60, "refund_percent": 100}]') = 60)::int;
select 1/(data.percent_of_cents(1001, 50) = 501)::int;
select 1/count(*) from pg_trigger where tgname in ('venue_cancellation_policy_sync', 'booking_cancellation_policy_snapshot')
  having count(*) = 2;
rollback;
