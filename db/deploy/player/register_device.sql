-- Deploy courtbook:player/register_device to pg
-- Reworked after @v0.1.0 (accounts, issue 15); the released version is deploy/player/register_device@v0.1.0.sql

begin;
\ir ../../../functions/player/register_device.sql
commit;
