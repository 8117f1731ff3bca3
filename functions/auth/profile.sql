-- The caller edits their profile (docs/API.md, "Accounts and sessions"): an
-- argument left out (null) keeps its value; phone '' removes the number.
create function api.update_profile(full_name text default null, phone text default null, level numeric default null)
returns api.profile
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
  clean_name text := btrim(update_profile.full_name);
  clean_phone text := nullif(btrim(update_profile.phone), '');
begin
  if update_profile.full_name is not null
     and (length(clean_name) not between 1 and 200 or clean_name ~ '[[:cntrl:]]') then
    perform data.api_error('invalid_input', 'full_name must be 1 to 200 characters, without control characters', 400);
  end if;
  perform data.check_phone(clean_phone);
  if update_profile.level is not null
     and (update_profile.level = 'NaN'::numeric or update_profile.level < 0 or update_profile.level > 7
          or update_profile.level <> round(update_profile.level, 1)) then
    perform data.api_error('invalid_input', 'level must be 0.0 to 7.0 with one decimal (e.g. 3.5)', 400);
  end if;
  update data.app_user u
     set full_name = coalesce(clean_name, u.full_name),
         phone = case when update_profile.phone is null then u.phone else clean_phone end,
         level = coalesce(update_profile.level, u.level)
   where u.id = uid and u.deleted_at is null;
  return data.profile_of(uid);
end
$$;
comment on function api.update_profile(text, text, numeric) is
  'Changes the caller''s full_name, phone (E.164; '''' removes it) and/or playing level (0.0-7.0); null keeps a value. Returns the me object';
grant execute on function api.update_profile(text, text, numeric) to player, owner, admin;
