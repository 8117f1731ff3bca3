-- Raise a domain error the way PostgREST turns into an HTTP answer:
-- MESSAGE is the JSON body (details and hint must be strings), DETAIL carries
-- the status and the (required) headers object. See shared/API.md.
create function data.api_error(
  code text,
  message text,
  status integer,
  details text default null,
  hint text default null
) returns void
language plpgsql immutable parallel safe
set search_path = pg_catalog
as $$
begin
  raise sqlstate 'PGRST' using
    message = json_build_object('code', code, 'message', message, 'details', details, 'hint', hint)::text,
    detail = json_build_object('status', status, 'headers', '{}'::json)::text;
end
$$;
comment on function data.api_error(text, text, integer, text, text) is 'Raises a stable-coded API error (RAISE SQLSTATE ''PGRST'') with an HTTP status';

grant execute on function data.api_error(text, text, integer, text, text)
  to anon, player, owner, admin, webhook_service, worker_service;
