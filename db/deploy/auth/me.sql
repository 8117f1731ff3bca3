-- Deploy courtbook:auth/me to pg
-- Reworked after @v0.1.0 (accounts, issue 15); the released version is deploy/auth/me@v0.1.0.sql

begin;
\ir ../../../functions/auth/me.sql
commit;
