-- The row-level security policies of the data schema (0.2): every 0.1 table's,
-- and the staff's (issue 20) on every table staff read. Tables added in 0.2
-- whose change comes before or after this one in the plan (disputes, split
-- payments, the waitlist) create their own owner/player/admin policies beside
-- the table, in the same form; tests/db/33_policies_caller_once.sql holds every
-- policy of the schema to it.
--
-- 0.1 wrote each table's policies beside its table and called
-- data.current_user_id() / data.owns_venue(venue_id) in the policy itself, so
-- PostgreSQL evaluated the caller per row: a JSON parse of request.jwt.claims for
-- every row, and for owners one SECURITY DEFINER lookup of the venue per row.
-- Here the caller is evaluated once per query: `(select data.current_user_id())`
-- is an uncorrelated sub-select the planner runs once (an InitPlan), and
-- `venue_id in (select data.caller_owned_venue_ids())` a hashed sub-plan built once;
-- the per-row test is then an equality or a hash probe, and the "rows of my bookings" tests are hashed sub-plans
-- (`booking_id in (select …)`) instead of a correlated EXISTS per row.
-- bench/rls/run.sh measures a big owner read before and after.
--
-- Names say who may do what. Only SELECT policies exist: the API roles write
-- through SECURITY DEFINER api functions (sql/privileges.sql grants no writes).

create function data.caller_owned_venue_ids() returns setof bigint
language sql stable parallel safe security definer rows 20
set search_path = pg_catalog
as $$
  select v.id from data.venue v where v.owner_id = data.current_user_id()
$$;
comment on function data.caller_owned_venue_ids() is
  'The ids of the venues the caller owns (empty for anyone else); policies call it once per query as `venue_id in (select data.caller_owned_venue_ids())` (a hashed sub-plan)';
grant execute on function data.caller_owned_venue_ids() to player, owner, admin;

-- Staff (issue 20, sql/tables/venue_staff.sql): the venues where the caller is
-- staff with this permission (null: any), read once per query like the above.
create function data.caller_staff_venue_ids(permission text) returns setof bigint
language sql stable parallel safe security definer rows 5
set search_path = pg_catalog
as $$
  select s.venue_id from data.venue_staff s
  where s.user_id = data.current_user_id()
    and (caller_staff_venue_ids.permission is null or caller_staff_venue_ids.permission = any(s.permissions))
$$;
comment on function data.caller_staff_venue_ids(text) is
  'The ids of the venues where the caller is staff with this permission (null: any permission); policies call it once per query as `venue_id in (select data.caller_staff_venue_ids(''bookings''))`';
grant execute on function data.caller_staff_venue_ids(text) to player, owner, admin;

-- Everyone reads the public catalogue: the published venues (venue publication,
-- sql/tables/venue_review.sql), and the courts and slots of every venue the
-- caller may read. One rule decides a venue's visibility; courts and slots
-- follow it through their venue (a sub-select under the caller's own policies,
-- planned once per query).
drop policy everyone_reads_platform_settings on data.platform_settings;
create policy everyone_reads_platform_settings on data.platform_settings
  for select to anon, player, owner, admin using (true);
drop policy everyone_reads_venues on data.venue;
create policy everyone_reads_published_venues on data.venue
  for select to anon, player, owner, admin using (review_status = 'published');
-- an unpublished venue: its owner and its staff (the desk runs before publication)
create policy owner_reads_own_and_staff_venues on data.venue
  for select to owner using (
    id in (select data.caller_owned_venue_ids()) or id in (select data.caller_staff_venue_ids(null))
  );
-- a player keeps seeing the venue of their own bookings if it is unpublished later
create policy player_reads_venues_of_own_bookings on data.venue
  for select to player using (
    id in (select b.venue_id from data.booking b where b.player_id = (select data.current_user_id()))
  );
create policy admin_reads_all_venues on data.venue
  for select to admin using (true);
drop policy everyone_reads_courts on data.court;
create policy everyone_reads_courts_of_readable_venues on data.court
  for select to anon, player, owner, admin using (venue_id in (select v.id from data.venue v));
drop policy everyone_reads_slots on data.slot;
create policy everyone_reads_slots_of_readable_courts on data.slot
  for select to anon, player, owner, admin using (court_id in (select c.id from data.court c));

-- Accounts.
drop policy user_reads_self on data.app_user;
create policy user_reads_self on data.app_user
  for select to player, owner, admin using (id = (select data.current_user_id()));
drop policy owner_reads_players_of_own_venues on data.app_user;
create policy owner_reads_players_of_own_venues on data.app_user
  for select to owner using (
    id in (select b.player_id from data.booking b
           where b.venue_id in (select data.caller_owned_venue_ids()))
  );
drop policy admin_reads_all_users on data.app_user;
create policy admin_reads_all_users on data.app_user
  for select to admin using (true);
drop policy user_reads_own_devices on data.device;
create policy user_reads_own_devices on data.device
  for select to player, owner, admin using (user_id = (select data.current_user_id()));
drop policy user_reads_own_notifications on data.notification;
create policy user_reads_own_notifications on data.notification
  for select to player, owner, admin using (user_id = (select data.current_user_id()));

-- Bookings: a player's own, an owner's venues', an admin's all.
drop policy player_reads_own_bookings on data.booking;
create policy player_reads_own_bookings on data.booking
  for select to player using (player_id = (select data.current_user_id()));
drop policy owner_reads_own_venue_bookings on data.booking;
create policy owner_reads_own_venue_bookings on data.booking
  for select to owner using (venue_id in (select data.caller_owned_venue_ids()));
drop policy admin_reads_all_bookings on data.booking;
create policy admin_reads_all_bookings on data.booking
  for select to admin using (true);

-- The rows that belong to a booking follow the booking's readers.
drop policy player_reads_own_booking_slots on data.booking_slot;
create policy player_reads_own_booking_slots on data.booking_slot
  for select to player using (
    booking_id in (select b.id from data.booking b where b.player_id = (select data.current_user_id()))
  );
drop policy owner_reads_own_venue_booking_slots on data.booking_slot;
create policy owner_reads_own_venue_booking_slots on data.booking_slot
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_owned_venue_ids()))
  );
drop policy admin_reads_all_booking_slots on data.booking_slot;
create policy admin_reads_all_booking_slots on data.booking_slot
  for select to admin using (true);

drop policy player_reads_own_booking_history on data.booking_history;
create policy player_reads_own_booking_history on data.booking_history
  for select to player using (
    booking_id in (select b.id from data.booking b where b.player_id = (select data.current_user_id()))
  );
drop policy owner_reads_own_venue_booking_history on data.booking_history;
create policy owner_reads_own_venue_booking_history on data.booking_history
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_owned_venue_ids()))
  );
drop policy admin_reads_all_booking_history on data.booking_history;
create policy admin_reads_all_booking_history on data.booking_history
  for select to admin using (true);

drop policy player_reads_own_payments on data.payment;
create policy player_reads_own_payments on data.payment
  for select to player using (
    booking_id in (select b.id from data.booking b where b.player_id = (select data.current_user_id()))
  );
drop policy owner_reads_own_venue_payments on data.payment;
create policy owner_reads_own_venue_payments on data.payment
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_owned_venue_ids()))
  );
drop policy admin_reads_all_payments on data.payment;
create policy admin_reads_all_payments on data.payment
  for select to admin using (true);

drop policy player_reads_own_refunds on data.refund;
create policy player_reads_own_refunds on data.refund
  for select to player using (
    booking_id in (select b.id from data.booking b where b.player_id = (select data.current_user_id()))
  );
drop policy owner_reads_own_venue_refunds on data.refund;
create policy owner_reads_own_venue_refunds on data.refund
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_owned_venue_ids()))
  );
drop policy admin_reads_all_refunds on data.refund;
create policy admin_reads_all_refunds on data.refund
  for select to admin using (true);

-- A venue's set-up and money, for its owner.
drop policy owner_reads_own_availability_rules on data.availability_rule;
create policy owner_reads_own_availability_rules on data.availability_rule
  for select to owner using (
    court_id in (select c.id from data.court c
                 where c.venue_id in (select data.caller_owned_venue_ids()))
  );
drop policy admin_reads_all_availability_rules on data.availability_rule;
create policy admin_reads_all_availability_rules on data.availability_rule
  for select to admin using (true);
drop policy owner_reads_own_payout_reports on data.payout_report;
create policy owner_reads_own_payout_reports on data.payout_report
  for select to owner using (venue_id in (select data.caller_owned_venue_ids()));
drop policy admin_reads_all_payout_reports on data.payout_report;
create policy admin_reads_all_payout_reports on data.payout_report
  for select to admin using (true);

-- The platform's own records, for admins.
drop policy admin_reads_stripe_events on data.stripe_event;
create policy admin_reads_stripe_events on data.stripe_event
  for select to admin using (true);
drop policy admin_reads_reconciliation_cases on data.reconciliation_case;
create policy admin_reads_reconciliation_cases on data.reconciliation_case
  for select to admin using (true);

-- Staff (issue 20): a venue's staff read what their permissions cover there,
-- nothing at other venues; owners read their venues' staff.
create policy owner_reads_staff_of_own_venues on data.venue_staff
  for select to owner using (venue_id in (select data.caller_owned_venue_ids()));
create policy staff_reads_own_staff_rows on data.venue_staff
  for select to owner using (user_id = (select data.current_user_id()));
create policy admin_reads_all_venue_staff on data.venue_staff
  for select to admin using (true);
create policy owner_reads_staff_accounts_of_own_venues on data.app_user
  for select to owner using (
    id in (select s.user_id from data.venue_staff s
           where s.venue_id in (select data.caller_owned_venue_ids()))
  );
create policy bookings_staff_reads_players_of_venue on data.app_user
  for select to owner using (
    id in (select b.player_id from data.booking b
           where b.venue_id in (select data.caller_staff_venue_ids('bookings')))
  );
create policy bookings_staff_reads_venue_bookings on data.booking
  for select to owner using (venue_id in (select data.caller_staff_venue_ids('bookings')));
create policy bookings_staff_reads_venue_booking_slots on data.booking_slot
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_staff_venue_ids('bookings')))
  );
create policy bookings_staff_reads_venue_booking_history on data.booking_history
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_staff_venue_ids('bookings')))
  );
create policy bookings_staff_reads_venue_payments on data.payment
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_staff_venue_ids('bookings')))
  );
-- the booking's disputes, so the desk's venue_bookings says disputed as the owner's does
create policy bookings_staff_reads_venue_disputes on data.dispute
  for select to owner using (
    booking_id in (select b.id from data.booking b
                   where b.venue_id in (select data.caller_staff_venue_ids('bookings')))
  );
create policy schedule_staff_reads_availability_rules on data.availability_rule
  for select to owner using (
    court_id in (select c.id from data.court c
                 where c.venue_id in (select data.caller_staff_venue_ids('schedule')))
  );

-- No-show suspensions (issue 20): the player's own, a venue's for its owner and
-- its bookings staff.
create policy player_reads_own_suspensions on data.player_suspension
  for select to player using (player_id = (select data.current_user_id()));
create policy owner_reads_own_venue_suspensions on data.player_suspension
  for select to owner using (venue_id in (select data.caller_owned_venue_ids()));
create policy bookings_staff_reads_venue_suspensions on data.player_suspension
  for select to owner using (venue_id in (select data.caller_staff_venue_ids('bookings')));
create policy admin_reads_all_suspensions on data.player_suspension
  for select to admin using (true);

-- Recurring series (issue 20): a venue's, for its owner and its bookings staff.
create policy owner_reads_own_venue_series on data.booking_series
  for select to owner using (venue_id in (select data.caller_owned_venue_ids()));
create policy bookings_staff_reads_venue_series on data.booking_series
  for select to owner using (venue_id in (select data.caller_staff_venue_ids('bookings')));
create policy admin_reads_all_series on data.booking_series
  for select to admin using (true);
