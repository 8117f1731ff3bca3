-- Revert courtbook:extensions from pg

begin;
drop extension if exists earthdistance;
drop extension if exists cube;
drop extension if exists citext;
drop extension if exists pgcrypto;
drop extension if exists btree_gist;
commit;
