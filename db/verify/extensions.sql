-- Verify courtbook:extensions to pg

begin;
select 1/count(*) from pg_extension where extname = 'btree_gist';
select 1/count(*) from pg_extension where extname = 'pgcrypto';
select 1/count(*) from pg_extension where extname = 'citext';
select 1/count(*) from pg_extension where extname = 'earthdistance';
rollback;
