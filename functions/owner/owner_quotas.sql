-- Quotas for self-service owners (issue 16: anyone may sign up as an owner).
-- An owner has at most 20 venues and a venue at most 40 courts. The rules sit
-- on the tables (BEFORE INSERT triggers), so every way of creating a venue or a
-- court (create_venue, create_court and whatever later releases add) keeps
-- them; they apply to requests made with the owner role (the JWT's role claim),
-- not to admins, the worker or a DBA. Concurrent inserts of one owner (or into
-- one venue) are serialised by a transaction-scoped advisory lock, so two calls
-- at the same instant cannot both take the last place; other owners never wait.
create function data.enforce_owner_quotas() returns trigger
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  max_venues constant integer := 20;
  max_courts constant integer := 40;
  n integer;
begin
  -- The claims as data.current_app_role reads them, but an empty setting (left by an
  -- earlier transaction of this session) is no request either.
  if coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', '') <> 'owner' then
    return new;
  end if;
  if tg_table_name = 'venue' then
    perform pg_advisory_xact_lock(hashtext('venue_quota'), hashtext(new.owner_id::text));
    select count(*) into n from data.venue v where v.owner_id = new.owner_id;
    if n >= max_venues then
      perform data.api_error('invalid_input', format('An owner may have at most %s venues', max_venues), 400);
    end if;
  else
    perform pg_advisory_xact_lock(hashtext('court_quota'), hashtext(new.venue_id::text));
    select count(*) into n from data.court c where c.venue_id = new.venue_id;
    if n >= max_courts then
      perform data.api_error('invalid_input', format('A venue may have at most %s courts', max_courts), 400);
    end if;
  end if;
  return new;
end
$$;
comment on function data.enforce_owner_quotas() is
'BEFORE INSERT on venue and court for owner requests: at most 20 venues per owner and 40 courts per venue (invalid_input 400), serialised per owner / venue';

create trigger owner_quotas before insert on data.venue
  for each row execute function data.enforce_owner_quotas();
create trigger owner_quotas before insert on data.court
  for each row execute function data.enforce_owner_quotas();
