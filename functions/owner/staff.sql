-- Staff management (issue 20): a venue's owner (or an admin) invites people to
-- work at the venue with named permissions (sql/tables/venue_staff.sql) and
-- removes them. Inviting someone already on the staff replaces their
-- permissions. A staff member can never manage staff: these functions pass
-- data.venue_for_staff, which only the owner and admins pass.

-- Permissions as given by the caller → the sorted, distinct list; invalid_input
-- for an empty list, nulls, duplicates or an unknown name.
create function data.clean_staff_permissions(permissions text[]) returns text[]
language plpgsql immutable
set search_path = pg_catalog
as $$
declare
  cleaned text[];
begin
  if permissions is null or cardinality(permissions) = 0 or array_position(permissions, null) is not null then
    perform data.api_error('invalid_input',
      'permissions must be a non-empty list of bookings, schedule, reports', 400);
  end if;
  select array_agg(distinct p order by p) into cleaned from unnest(permissions) p;
  if cardinality(cleaned) <> cardinality(permissions) then
    perform data.api_error('invalid_input', 'permissions contains duplicates', 400);
  end if;
  if not cleaned <@ array['bookings', 'schedule', 'reports'] then
    perform data.api_error('invalid_input', 'permissions may only be bookings, schedule, reports', 400,
      array_to_string(array(select p from unnest(cleaned) p
                             where p not in ('bookings', 'schedule', 'reports')), ','));
  end if;
  return cleaned;
end
$$;
comment on function data.clean_staff_permissions(text[]) is 'The sorted permission list of invite_staff; invalid_input when empty, with nulls, duplicates or unknown names';

create type api.staff_invitation as (
  ok boolean,
  venue_id bigint,
  user_id uuid,
  permissions text[],
  account_created boolean
);
comment on type api.staff_invitation is 'The answer of invite_staff: {ok, venue_id, user_id, permissions, account_created}';

create function api.invite_staff(venue_id bigint, email text, permissions text[], full_name text default null)
returns api.staff_invitation
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_staff();
  v data.venue := data.venue_for_staff(invite_staff.venue_id, true);
  perms text[] := data.clean_staff_permissions(invite_staff.permissions);
  addr text := lower(data.clean_text(invite_staff.email, 'email', 254));
  name text := data.clean_text(invite_staff.full_name, 'full_name', 200, false);
  u record;
  created boolean := false;
  was_staff boolean;
  code text;
  body text;
begin
  if addr !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform data.api_error('invalid_input', 'email must be an email address', 400);
  end if;

  -- Find or create the account (role owner). A new account has no password:
  -- '!' is no bcrypt hash, so nothing logs in until the password is set with
  -- the code the invitation carries.
  insert into data.app_user (email, password_hash, full_name, role)
  values (addr, '!invited: no password yet', coalesce(name, split_part(addr, '@', 1)), 'owner')
  on conflict (email) do nothing
  returning id into u;
  created := found;
  select a.id, a.role::text as role, a.deleted_at into u from data.app_user a where a.email = addr::citext;
  if u.deleted_at is not null then
    perform data.api_error('invalid_input', 'This account was deleted', 400);
  end if;
  if u.role <> 'owner' then
    perform data.api_error('invalid_input',
      format('%s is a %s account; staff need an owner account (another email)', addr, u.role), 400);
  end if;
  if u.id = v.owner_id then
    perform data.api_error('invalid_input', 'The venue''s owner is not staff of their own venue', 400);
  end if;

  select true into was_staff from data.venue_staff s where s.venue_id = v.id and s.user_id = u.id;
  insert into data.venue_staff (venue_id, user_id, permissions, invited_by)
  values (v.id, u.id, perms, uid)
  on conflict on constraint venue_staff_pkey do update
    set permissions = excluded.permissions, invited_by = excluded.invited_by, updated_at = now();

  if created then
    -- A password-set code for the new account: a password-reset code
    -- (functions/auth/account_codes.sql: 6 digits, bcrypt-hashed, 5 tries,
    -- api.reset_password takes it) that lasts 7 days instead of 30 minutes,
    -- since an invitation is not read at once. Dropped from the outbox row once
    -- delivered (data.forget_delivered_code).
    code := data.new_account_code();
    insert into data.account_code (user_id, purpose, code_hash, expires_at)
    values (u.id, 'password_reset', data.hash_password(code), now() + interval '7 days');
  end if;
  body := format('You were invited to work at %s (%s).', v.name, array_to_string(perms, ', '))
    || case when created
         then format(' Set your password with the code %s (valid for 7 days) to sign in with %s.', code, addr)
         else ' Sign in with your account to start.' end;
  perform data.notify(u.id, case when was_staff then 'staff_permissions_changed' else 'staff_invited' end, null,
    jsonb_build_object('channel', 'email', 'title', format('Staff at %s', v.name), 'body', body,
                       'venue_id', v.id, 'venue_name', v.name, 'permissions', to_jsonb(perms),
                       'account_created', created)
    || case when created then jsonb_build_object('code', code) else '{}'::jsonb end);
  return row(true, v.id, u.id, perms, created)::api.staff_invitation;
end
$$;
comment on function api.invite_staff(bigint, text, text[], text) is
'The venue''s owner (or an admin) lets a person work at this venue with permissions (bookings, schedule, reports). Finds the account by email or creates one (role owner, no password, a 7-day password-set code by email: outbox kind staff_invited). Inviting a staff member again replaces their permissions (kind staff_permissions_changed).';

create function api.remove_staff(venue_id bigint, user_id uuid) returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue := data.venue_for_staff(remove_staff.venue_id, true);
begin
  if remove_staff.user_id is null then
    perform data.api_error('invalid_input', 'user_id is required', 400);
  end if;
  delete from data.venue_staff s where s.venue_id = v.id and s.user_id = remove_staff.user_id;
  if not found then
    perform data.api_error('not_found', 'No such staff member at this venue', 404);
  end if;
  perform data.notify(remove_staff.user_id, 'staff_removed', null,
    jsonb_build_object('channel', 'email', 'title', format('Staff at %s', v.name),
                       'body', format('You no longer work at %s on courtbook.', v.name),
                       'venue_id', v.id, 'venue_name', v.name));
  return row(true)::api.ok_answer;
end
$$;
comment on function api.remove_staff(bigint, uuid) is
'The venue''s owner (or an admin) removes a staff member: from the next request on, they can do and see nothing more at this venue. {ok: true}';

grant execute on function api.invite_staff(bigint, text, text[], text) to owner, admin;
grant execute on function api.remove_staff(bigint, uuid) to owner, admin;
