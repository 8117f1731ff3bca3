-- The one permission check of every owner function (issue 20): may the caller
-- do `permission` (bookings, schedule, reports: sql/tables/venue_staff.sql) at
-- this venue? Its owner and any admin may do everything; a staff member only
-- what their venue_staff row grants, at that venue only. Read at every call,
-- so a revoked or narrowed staff member loses the right at once.
-- Owner-only functions (Stripe, courts, the venue itself, staff, policies) keep
-- data.venue_for_staff, which no staff member passes.

create function data.venue_for_permission(venue_id bigint, permission text, lock boolean default false)
returns data.venue
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  v data.venue;
  granted text[];
begin
  if permission is null or permission not in ('bookings', 'schedule', 'reports') then
    raise exception 'data.venue_for_permission: unknown permission %', permission;
  end if;
  if venue_id is null then
    perform data.api_error('invalid_input', 'venue_id is required', 400);
  end if;
  if lock then
    select * into v from data.venue where id = venue_for_permission.venue_id for update;
  else
    select * into v from data.venue where id = venue_for_permission.venue_id;
  end if;
  if v.id is null then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  if v.owner_id = uid or data.is_admin() then
    return v;
  end if;
  select s.permissions into granted
  from data.venue_staff s where s.venue_id = v.id and s.user_id = uid;
  if granted is null then
    perform data.api_error('forbidden', 'This venue belongs to another owner', 403);
  end if;
  if permission <> all(granted) then
    perform data.api_error('forbidden',
      format('Your staff permissions at this venue do not include %s', permission), 403);
  end if;
  return v;
end
$$;
comment on function data.venue_for_permission(bigint, text, boolean) is
'The venue when the caller owns it, is admin, or is its staff with this permission (bookings, schedule, reports); invalid_input / not_found / forbidden otherwise';

create function data.court_for_permission(court_id bigint, permission text) returns data.court
language plpgsql volatile
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  c data.court;
begin
  if court_id is null then
    perform data.api_error('invalid_input', 'court_id is required', 400);
  end if;
  select * into c from data.court where id = court_for_permission.court_id;
  if c.id is null then
    perform data.require_staff();
    perform data.api_error('not_found', 'No such court', 404);
  end if;
  perform data.venue_for_permission(c.venue_id, permission);
  return c;
end
$$;
comment on function data.court_for_permission(bigint, text) is
'The court when the caller may do this permission at its venue (data.venue_for_permission); invalid_input / not_found / forbidden otherwise';
