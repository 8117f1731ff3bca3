-- Deploy courtbook:admin/review_venue to pg

begin;
\ir ../../../functions/admin/review_venue.sql
commit;
