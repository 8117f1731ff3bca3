create function data.check_setting_range(name text, value integer, low integer, high integer)
returns void
language plpgsql immutable
set search_path = pg_catalog, public
as $$
begin
  if value is not null and value not between low and high then
    perform data.api_error('invalid_input', format('%s must be in %s..%s', name, low, high), 400);
  end if;
end
$$;
comment on function data.check_setting_range(text, integer, integer, integer) is
'Refuses (invalid_input 400) a platform setting outside its allowed range; null (keep the value) passes';
