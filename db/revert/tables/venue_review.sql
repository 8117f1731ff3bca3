-- Revert courtbook:tables/venue_review from pg

begin;
alter table data.venue drop column review_status, drop column review_note, drop column reviewed_at,
  drop column reviewed_by;
commit;
