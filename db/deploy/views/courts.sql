-- Deploy courtbook:views/courts to pg
-- Reworked after @v0.1.0 (api.courts shows sport as text, not the data enum (issue 13)); the released version is deploy/views/courts@v0.1.0.sql

begin;
\ir ../../../sql/views/courts.sql
commit;
