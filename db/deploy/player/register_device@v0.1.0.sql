-- Deploy courtbook:player/register_device to pg

begin;
\ir ../../../functions/player/register_device@v0.1.0.sql
commit;
