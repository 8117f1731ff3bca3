-- 0.2: both answer a named type (its shape, commented, is in the catalog), no
-- longer json; a new return type needs the 0.1 functions gone first.
drop function api.create_court(bigint, text, text, text, boolean);
drop function api.update_court(bigint, text, text, text, boolean);

create type api.court_answer as (court_id bigint);
comment on type api.court_answer is 'The answer of create_court and update_court';
comment on column api.court_answer.court_id is 'The court created or updated';

create function api.create_court(
  venue_id bigint,
  name text,
  sport text,
  surface text default null,
  indoor boolean default false
) returns api.court_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue := data.venue_for_staff(create_court.venue_id, true);
  clean_name text := data.clean_text(create_court.name, 'name', 100);
  new_id bigint;
begin
  insert into data.court (venue_id, name, sport, surface, indoor)
  values (v.id, clean_name, data.clean_sport(create_court.sport),
          data.clean_text(create_court.surface, 'surface', 50, false), coalesce(create_court.indoor, false))
  on conflict (venue_id, name) do nothing
  returning id into new_id;
  if new_id is null then
    perform data.api_error('invalid_input', 'This venue already has a court with this name', 400, clean_name);
  end if;
  return row(new_id)::api.court_answer;
end
$$;
comment on function api.create_court(bigint, text, text, text, boolean) is
'Adds a court to a venue the caller manages. {court_id}';
grant execute on function api.create_court(bigint, text, text, text, boolean) to owner, admin;

create function api.update_court(
  court_id bigint,
  name text default null,
  sport text default null,
  surface text default null,
  indoor boolean default null
) returns api.court_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  c data.court := data.court_for_staff(update_court.court_id);
  clean_name text := data.clean_text(update_court.name, 'name', 100, false);
begin
  if clean_name is not null and exists (select from data.court o
      where o.venue_id = c.venue_id and o.name = clean_name and o.id <> c.id) then
    perform data.api_error('invalid_input', 'This venue already has a court with this name', 400, clean_name);
  end if;
  update data.court t set
    name = coalesce(clean_name, t.name),
    sport = case when update_court.sport is null then t.sport else data.clean_sport(update_court.sport) end,
    surface = coalesce(data.clean_text(update_court.surface, 'surface', 50, false), t.surface),
    indoor = coalesce(update_court.indoor, t.indoor)
  where t.id = c.id;
  return row(c.id)::api.court_answer;
end
$$;
comment on function api.update_court(bigint, text, text, text, boolean) is
'Updates the given fields of a court the caller manages. {court_id}';
grant execute on function api.update_court(bigint, text, text, text, boolean) to owner, admin;
