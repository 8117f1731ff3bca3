-- Helpers for the pgTAP files, loaded once into the pgTAP database by `make test`.
create extension if not exists pgtap;
-- courtbook revokes EXECUTE from PUBLIC by default; pgTAP's functions must run as every role.
grant execute on all functions in schema public to public;
create schema if not exists test;
grant usage on schema test to public;

-- Run a statement and return the API error it raised, as PostgREST would answer it:
-- {"code", "message", "details", "hint", "status", "headers"}; other errors as {"sqlstate", "message"};
-- null when it raised nothing.
create or replace function test.api_error(query text) returns jsonb
language plpgsql
as $$
declare
  state text;
  msg text;
  detail text;
begin
  execute query;
  return null;
exception when others then
  get stacked diagnostics state = returned_sqlstate, msg = message_text, detail = pg_exception_detail;
  if state = 'PGRST' then
    return msg::jsonb || jsonb_build_object('status', (detail::jsonb ->> 'status')::int,
                                            'headers', coalesce(detail::jsonb -> 'headers', '{}'::jsonb));
  end if;
  return jsonb_build_object('sqlstate', state, 'message', msg);
end
$$;
grant execute on function test.api_error(text) to public;

-- Act as PostgREST does for a request: switch role and set the claims, transaction-local.
create or replace function test.act_as(role text, sub uuid default null) returns void
language sql
as $$
  select set_config('request.jwt.claims',
    jsonb_strip_nulls(jsonb_build_object('role', role, 'sub', sub))::text, true);
  select set_config('role', role, true);
$$;
grant execute on function test.act_as(text, uuid) to public;

-- A database deployed by bare sqitch (tests/migrations) has no signing secret yet:
-- give it the test one, as deploy/local/db.sh would (data.set_jwt_secret).
do $$
begin
  if to_regclass('data.signing_key') is not null and not exists (select from data.signing_key) then
    perform data.set_jwt_secret('local-dev-secret-change-me-0123456789abcdef');
  end if;
end
$$;
