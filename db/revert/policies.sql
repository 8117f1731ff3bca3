-- Revert courtbook:policies from pg
-- Restores the 0.1 policies exactly as the released table changes created them.

begin;
drop policy everyone_reads_platform_settings on data.platform_settings;
create policy everyone_reads_platform_settings on data.platform_settings
  for select to anon, player, owner, admin using (true);
drop policy everyone_reads_published_venues on data.venue;
drop policy owner_reads_own_and_staff_venues on data.venue;
drop policy player_reads_venues_of_own_bookings on data.venue;
drop policy admin_reads_all_venues on data.venue;
create policy everyone_reads_venues on data.venue
  for select to anon, player, owner, admin using (true);
drop policy everyone_reads_courts_of_readable_venues on data.court;
create policy everyone_reads_courts on data.court
  for select to anon, player, owner, admin using (true);
drop policy everyone_reads_slots_of_readable_courts on data.slot;
create policy everyone_reads_slots on data.slot
  for select to anon, player, owner, admin using (true);
drop policy user_reads_self on data.app_user;
create policy user_reads_self on data.app_user
  for select to player, owner, admin using (id = data.current_user_id());
drop policy admin_reads_all_users on data.app_user;
create policy admin_reads_all_users on data.app_user
  for select to admin using (true);
drop policy user_reads_own_devices on data.device;
create policy user_reads_own_devices on data.device
  for select to player, owner, admin using (user_id = data.current_user_id());
drop policy user_reads_own_notifications on data.notification;
create policy user_reads_own_notifications on data.notification
  for select to player, owner, admin using (user_id = data.current_user_id());
drop policy player_reads_own_bookings on data.booking;
create policy player_reads_own_bookings on data.booking
  for select to player using (player_id = data.current_user_id());
drop policy owner_reads_own_venue_bookings on data.booking;
create policy owner_reads_own_venue_bookings on data.booking
  for select to owner using (data.owns_venue(venue_id));
drop policy admin_reads_all_bookings on data.booking;
create policy admin_reads_all_bookings on data.booking
  for select to admin using (true);
drop policy owner_reads_players_of_own_venues on data.app_user;
create policy owner_reads_players_of_own_venues on data.app_user
  for select to owner using (
    exists (select from data.booking b where b.player_id = app_user.id and data.owns_venue(b.venue_id))
  );
drop policy player_reads_own_booking_slots on data.booking_slot;
create policy player_reads_own_booking_slots on data.booking_slot
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
drop policy owner_reads_own_venue_booking_slots on data.booking_slot;
create policy owner_reads_own_venue_booking_slots on data.booking_slot
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
drop policy admin_reads_all_booking_slots on data.booking_slot;
create policy admin_reads_all_booking_slots on data.booking_slot
  for select to admin using (true);
drop policy player_reads_own_booking_history on data.booking_history;
create policy player_reads_own_booking_history on data.booking_history
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
drop policy owner_reads_own_venue_booking_history on data.booking_history;
create policy owner_reads_own_venue_booking_history on data.booking_history
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
drop policy admin_reads_all_booking_history on data.booking_history;
create policy admin_reads_all_booking_history on data.booking_history
  for select to admin using (true);
drop policy player_reads_own_payments on data.payment;
create policy player_reads_own_payments on data.payment
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
drop policy owner_reads_own_venue_payments on data.payment;
create policy owner_reads_own_venue_payments on data.payment
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
drop policy admin_reads_all_payments on data.payment;
create policy admin_reads_all_payments on data.payment
  for select to admin using (true);
drop policy player_reads_own_refunds on data.refund;
create policy player_reads_own_refunds on data.refund
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
drop policy owner_reads_own_venue_refunds on data.refund;
create policy owner_reads_own_venue_refunds on data.refund
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
drop policy admin_reads_all_refunds on data.refund;
create policy admin_reads_all_refunds on data.refund
  for select to admin using (true);
drop policy owner_reads_own_availability_rules on data.availability_rule;
create policy owner_reads_own_availability_rules on data.availability_rule
  for select to owner using (
    exists (select from data.court c where c.id = court_id and data.owns_venue(c.venue_id))
  );
drop policy admin_reads_all_availability_rules on data.availability_rule;
create policy admin_reads_all_availability_rules on data.availability_rule
  for select to admin using (true);
drop policy owner_reads_own_payout_reports on data.payout_report;
create policy owner_reads_own_payout_reports on data.payout_report
  for select to owner using (data.owns_venue(venue_id));
drop policy admin_reads_all_payout_reports on data.payout_report;
create policy admin_reads_all_payout_reports on data.payout_report
  for select to admin using (true);
drop policy admin_reads_stripe_events on data.stripe_event;
create policy admin_reads_stripe_events on data.stripe_event
  for select to admin using (true);
drop policy admin_reads_reconciliation_cases on data.reconciliation_case;
create policy admin_reads_reconciliation_cases on data.reconciliation_case
  for select to admin using (true);
drop policy owner_reads_staff_of_own_venues on data.venue_staff;
drop policy staff_reads_own_staff_rows on data.venue_staff;
drop policy admin_reads_all_venue_staff on data.venue_staff;
drop policy owner_reads_staff_accounts_of_own_venues on data.app_user;
drop policy bookings_staff_reads_players_of_venue on data.app_user;
drop policy bookings_staff_reads_venue_bookings on data.booking;
drop policy bookings_staff_reads_venue_booking_slots on data.booking_slot;
drop policy bookings_staff_reads_venue_booking_history on data.booking_history;
drop policy bookings_staff_reads_venue_payments on data.payment;
drop policy bookings_staff_reads_venue_disputes on data.dispute;
drop policy schedule_staff_reads_availability_rules on data.availability_rule;
drop policy player_reads_own_suspensions on data.player_suspension;
drop policy owner_reads_own_venue_suspensions on data.player_suspension;
drop policy bookings_staff_reads_venue_suspensions on data.player_suspension;
drop policy admin_reads_all_suspensions on data.player_suspension;
drop policy owner_reads_own_venue_series on data.booking_series;
drop policy bookings_staff_reads_venue_series on data.booking_series;
drop policy admin_reads_all_series on data.booking_series;
drop function data.caller_staff_venue_ids(text);
drop function data.caller_owned_venue_ids();
commit;
