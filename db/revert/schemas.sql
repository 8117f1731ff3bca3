-- Revert courtbook:schemas from pg

begin;
alter default privileges grant execute on functions to public;
drop schema internal;
drop schema api;
drop schema data;
commit;
