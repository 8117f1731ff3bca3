-- Verify courtbook:tables/payout_report_held on pg

begin;
select held_cents from data.payout_report where false;
rollback;
