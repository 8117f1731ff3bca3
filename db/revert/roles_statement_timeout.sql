-- Revert courtbook:roles_statement_timeout from pg

begin;
alter role admin reset statement_timeout;
alter role owner reset statement_timeout;
alter role player reset statement_timeout;
alter role anon reset statement_timeout;
commit;
