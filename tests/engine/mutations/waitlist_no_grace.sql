-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- an offer holds its slot only until the player's deadline, so between the
-- deadline and the worker's expiry a direct hold takes the lapsed offer over
-- and the next waiting player is skipped.
create or replace function data.waitlist_offer_grace() returns interval
language sql immutable
set search_path = pg_catalog
as $$ select interval '0' $$;
