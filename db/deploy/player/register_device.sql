-- Deploy courtbook:player/register_device to pg

begin;
\ir ../../../functions/player/register_device.sql
commit;
