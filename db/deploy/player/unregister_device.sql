-- Deploy courtbook:player/unregister_device to pg

begin;
\ir ../../../functions/player/unregister_device.sql
commit;
