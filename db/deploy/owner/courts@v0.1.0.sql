-- Deploy courtbook:owner/courts to pg

begin;
\ir ../../../functions/owner/courts@v0.1.0.sql
commit;
