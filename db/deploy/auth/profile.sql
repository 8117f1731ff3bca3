-- Deploy courtbook:auth/profile to pg

begin;
\ir ../../../functions/auth/profile.sql
commit;
