-- data.api_error with response headers: the same RAISE SQLSTATE 'PGRST' form,
-- with DETAIL's `headers` object filled in (PostgREST sends them after
-- Content-Type and Content-Length; docs/references/errors.rst, "Raise errors
-- with HTTP Status Codes"). Header values must be JSON strings there, so every
-- value is sent as its text (a number 900 becomes "900"); a null value drops
-- the header. Typical use, a 429 with Retry-After:
--   perform data.api_error_with_headers('too_many_holds', '…', 429,
--     jsonb_build_object('Retry-After', 900));
create function data.api_error_with_headers(
  code text,
  message text,
  status integer,
  headers jsonb,
  details text default null,
  hint text default null
) returns void
language plpgsql immutable parallel safe
set search_path = pg_catalog
as $$
declare
  h jsonb;
begin
  select coalesce(jsonb_object_agg(e.key, e.value #>> '{}'), '{}'::jsonb) into h
  from jsonb_each(case when jsonb_typeof(headers) = 'object' then headers else '{}'::jsonb end) as e
  where jsonb_typeof(e.value) <> 'null';
  raise sqlstate 'PGRST' using
    message = json_build_object('code', code, 'message', message, 'details', details, 'hint', hint)::text,
    detail = json_build_object('status', status, 'headers', h)::text;
end
$$;
comment on function data.api_error_with_headers(text, text, integer, jsonb, text, text) is
'Raises a stable-coded API error (RAISE SQLSTATE ''PGRST'') with an HTTP status and response headers (values sent as text, nulls dropped), e.g. Retry-After on a 429';

grant execute on function data.api_error_with_headers(text, text, integer, jsonb, text, text)
  to anon, player, owner, admin, webhook_service, worker_service;
