-- Revert courtbook:owner/request_venue_review from pg

begin;
drop function api.request_venue_review(bigint);
commit;
