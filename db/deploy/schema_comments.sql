-- Deploy courtbook:schema_comments to pg

begin;
\ir ../../sql/schema_comments.sql
commit;
