-- The row types of 0.1's discovery functions move to api, beside the functions: no
-- api signature references a data type (PostgREST's OpenAPI description and a reader
-- of the api schema see the shape without the private schema). ALTER TYPE … SET
-- SCHEMA keeps each type's identity (and comments), so the functions follow without a
-- rework. (0.2's api.search_slot is created in api from the start.)
alter type data.available_slot set schema api;
alter type data.nearby_venue set schema api;
