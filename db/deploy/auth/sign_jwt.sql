-- Deploy courtbook:auth/sign_jwt to pg
-- Reworked after @v0.1.0 (accounts, issue 15); the released version is deploy/auth/sign_jwt@v0.1.0.sql

begin;
\ir ../../../functions/auth/sign_jwt.sql
commit;
