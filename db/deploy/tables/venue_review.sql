-- Deploy courtbook:tables/venue_review to pg

begin;
\ir ../../../sql/tables/venue_review.sql
commit;
