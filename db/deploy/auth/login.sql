-- Deploy courtbook:auth/login to pg
-- Reworked after @v0.1.0 (accounts, issue 15); the released version is deploy/auth/login@v0.1.0.sql

begin;
\ir ../../../functions/auth/login.sql
commit;
