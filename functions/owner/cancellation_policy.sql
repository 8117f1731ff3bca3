-- The venue's tiered cancellation policy (issue 20 item 4; the rules in
-- sql/tables/cancellation_policy.sql). Like the Stripe settings, commissions
-- and the no-show rules, a venue's money rules are its owner's (or an admin's):
-- no staff permission covers them (data.venue_for_staff, see
-- functions/support/staff_access.sql). Bookings already made keep the policy
-- they were held under.

create type api.cancellation_policy as (venue_id bigint, tiers jsonb, cancellation_window_minutes integer);
comment on type api.cancellation_policy is
'A venue''s cancellation policy: {venue_id, tiers: [{min_minutes_before, refund_percent}] largest first, cancellation_window_minutes (derived: the 100 % tier''s, null without one)}';

create function api.set_cancellation_policy(venue_id bigint, tiers json)
returns api.cancellation_policy
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue := data.venue_for_staff(set_cancellation_policy.venue_id, true);
  policy data.cancellation_policy := data.checked_cancellation_policy(set_cancellation_policy.tiers);
  window_minutes integer;
begin
  update data.venue t set cancellation_policy = policy
  where t.id = v.id
  returning t.cancellation_window_minutes into window_minutes;
  return row(v.id, policy::jsonb, window_minutes)::api.cancellation_policy;
end
$$;
comment on function api.set_cancellation_policy(bigint, json) is
'The venue''s owner (or an admin) sets its cancellation policy: tiers, a JSON list of {min_minutes_before, refund_percent} (1 to 10; min_minutes_before an integer 0..43200, distinct; refund_percent an integer 0..100, never more nearer the start), e.g. [{"min_minutes_before":2880,"refund_percent":100},{"min_minutes_before":1440,"refund_percent":50}]: a player cancelling more than min_minutes_before minutes before the start gets that tier''s percent back, after the last tier nothing. Bookings keep the policy they were held under. {venue_id, tiers (largest first), cancellation_window_minutes (the 100 % tier''s, null without one)}; invalid_input (the broken rule), not_found, forbidden (another owner''s venue, or staff)';

grant execute on function api.set_cancellation_policy(bigint, json) to owner, admin;
