-- An error answered without rolling back: what a failed attempt records (a
-- wrong password, a wrong code) must outlive the answer, and RAISE would undo
-- it. The function returns this body and PostgREST sends it with the status set
-- through the response.status GUC (the same shape as a raised error).
create function data.committed_error(code text, message text, status integer, details text default null)
returns json
language plpgsql volatile
set search_path = pg_catalog
as $$
begin
  perform set_config('response.status', status::text, true);
  return json_build_object('code', code, 'message', message, 'details', details, 'hint', null);
end
$$;
comment on function data.committed_error(text, text, integer, text) is
  'The body of an error whose transaction still commits (response.status GUC); for attempts that must be counted';
