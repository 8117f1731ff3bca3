-- Deploy courtbook:owner/request_venue_review to pg

begin;
\ir ../../../functions/owner/request_venue_review.sql
commit;
