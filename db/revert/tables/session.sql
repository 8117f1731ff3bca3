-- Revert courtbook:tables/session from pg

begin;
drop table data.spent_refresh_token;
drop table data.session;
commit;
