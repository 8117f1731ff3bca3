-- Deploy courtbook:views/read_only_views to pg

begin;
\ir ../../../sql/views/read_only_views.sql
commit;
