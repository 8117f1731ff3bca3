-- Revert courtbook:privileges from pg

begin;
revoke all on data.app_user from anon, player, owner, admin;
revoke all on data.platform_settings from anon, player, owner, admin;
revoke all on data.venue from anon, player, owner, admin;
revoke all on data.court from anon, player, owner, admin;
revoke all on data.availability_rule from anon, player, owner, admin;
revoke all on data.booking from anon, player, owner, admin;
revoke all on data.slot from anon, player, owner, admin;
revoke all on data.booking_slot from anon, player, owner, admin;
revoke all on data.booking_history from anon, player, owner, admin;
revoke all on data.payment from anon, player, owner, admin;
revoke all on data.refund from anon, player, owner, admin;
revoke all on data.stripe_event from anon, player, owner, admin;
revoke all on data.device from anon, player, owner, admin;
revoke all on data.notification from anon, player, owner, admin;
revoke all on data.payout_report from anon, player, owner, admin;
revoke all on data.reconciliation_case from anon, player, owner, admin;
commit;
