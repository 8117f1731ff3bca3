-- Revert courtbook:tables/payout_report_held from pg

begin;
alter table data.payout_report drop column held_cents;
commit;
