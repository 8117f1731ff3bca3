-- Deploy courtbook:auth/signup to pg
-- Reworked after @v0.1.0 (accounts, issue 15); the released version is deploy/auth/signup@v0.1.0.sql

begin;
\ir ../../../functions/auth/signup.sql
commit;
