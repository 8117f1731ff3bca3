create table data.booking_history (
  id bigint generated always as identity primary key,
  booking_id bigint not null references data.booking (id),
  from_status data.booking_status,          -- null for the creation of the booking
  to_status data.booking_status not null,
  changed_at timestamptz not null default now(),
  actor_id uuid,                            -- the JWT sub, null for the services
  actor_role text not null,                 -- player/owner/admin, or the service's database role
  reason text
);
comment on table data.booking_history is 'Every status change of every booking: from, to, when, by whom, why (written by a trigger)';

create index booking_history_booking_idx on data.booking_history (booking_id, changed_at);

alter table data.booking_history enable row level security;

create policy player_reads_own_booking_history on data.booking_history
  for select to player using (
    exists (select from data.booking b where b.id = booking_id and b.player_id = data.current_user_id())
  );
create policy owner_reads_own_venue_booking_history on data.booking_history
  for select to owner using (
    exists (select from data.booking b where b.id = booking_id and data.owns_venue(b.venue_id))
  );
create policy admin_reads_all_booking_history on data.booking_history
  for select to admin using (true);

-- A trigger, not the functions, writes history: no code path can change a
-- status without leaving a row. Functions give the why with
-- set_config('courtbook.change_reason', reason, true).
create function data.record_booking_status_change() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  if tg_op = 'INSERT' or old.status is distinct from new.status then
    insert into data.booking_history (booking_id, from_status, to_status, actor_id, actor_role, reason)
    values (
      new.id,
      case when tg_op = 'UPDATE' then old.status end,
      new.status,
      data.current_user_id(),
      coalesce(data.current_app_role(), session_user::text),
      coalesce(nullif(current_setting('courtbook.change_reason', true), ''), new.cancel_reason)
    );
  end if;
  return null;
end
$$;
comment on function data.record_booking_status_change() is 'Trigger: writes a booking_history row for every booking status change';

create trigger booking_status_history
  after insert or update of status on data.booking
  for each row execute function data.record_booking_status_change();
