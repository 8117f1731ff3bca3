-- Revert courtbook:tables/open_match from pg

begin;
drop table data.open_match;
commit;
