-- Verify courtbook:tables/venue_review on pg

begin;
select review_status, review_note, reviewed_at, reviewed_by from data.venue where false;
rollback;
