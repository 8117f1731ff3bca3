-- Revert courtbook:admin/review_venue from pg

begin;
drop function api.review_venue(bigint, boolean, text);
drop type api.venue_review_answer;
commit;
