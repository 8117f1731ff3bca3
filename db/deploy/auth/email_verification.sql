-- Deploy courtbook:auth/email_verification to pg

begin;
\ir ../../../functions/auth/email_verification.sql
commit;
