-- Extensions live in public so that PostgREST's default extra search path finds
-- their operators; every function of ours pins its own search_path anyway.
create extension if not exists btree_gist with schema public;   -- court_id = with && in one exclusion constraint
create extension if not exists pgcrypto with schema public;     -- bcrypt password hashes, HMAC for JWTs
create extension if not exists citext with schema public;       -- case-insensitive unique emails
create extension if not exists cube with schema public;         -- required by earthdistance
create extension if not exists earthdistance with schema public; -- nearby_venues, backed by a GiST index
