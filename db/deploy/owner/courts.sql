-- Deploy courtbook:owner/courts to pg
-- Reworked after @v0.1.0 (create_court and update_court answer api.court_answer (a named type), not json); the released version is deploy/owner/courts@v0.1.0.sql

begin;
\ir ../../../functions/owner/courts.sql
commit;
