-- Revert courtbook:owner/owner_quotas from pg

begin;
drop trigger owner_quotas on data.court;
drop trigger owner_quotas on data.venue;
drop function data.enforce_owner_quotas();
commit;
