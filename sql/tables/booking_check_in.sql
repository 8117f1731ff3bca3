-- Check-in and no-shows (issue 20). The desk checks a customer in when they
-- arrive (api.check_in) or marks a booking a no-show after its start
-- (api.mark_no_show; the owner may undo it within 24 hours). A player who
-- reaches the venue's no_show_limit within 90 days is suspended at that venue
-- only (data.player_suspension) for no_show_suspension_days: hold_slots there
-- answers player_suspended until then.
alter table data.booking
  add column checked_in_at timestamptz,
  add column checked_in_by uuid references data.app_user (id),
  add column no_show_at timestamptz,
  add column no_show_by uuid references data.app_user (id),
  add constraint booking_checked_in_or_no_show check (checked_in_at is null or no_show_at is null);
comment on column data.booking.checked_in_at is 'When the desk checked the customer in (api.check_in); never together with no_show_at';
comment on column data.booking.no_show_at is 'When the booking was marked a no-show (api.mark_no_show); cleared by api.undo_no_show';

-- "the player's no-shows at this venue in the last 90 days"
create index booking_no_show_idx on data.booking (venue_id, player_id) where no_show_at is not null;

alter table data.venue
  add column no_show_limit integer default 3 check (no_show_limit between 1 and 100),
  add column no_show_suspension_days integer not null default 30 check (no_show_suspension_days between 1 and 365);
comment on column data.venue.no_show_limit is 'No-shows within 90 days that suspend a player at this venue (null: never)';
comment on column data.venue.no_show_suspension_days is 'How long a player at the no-show limit is suspended at this venue';

create table data.player_suspension (
  id bigint generated always as identity primary key,
  venue_id bigint not null references data.venue (id) on delete cascade,
  player_id uuid not null references data.app_user (id) on delete cascade,
  starts_at timestamptz not null default now(),
  until timestamptz not null,
  no_shows integer not null check (no_shows >= 1),
  booking_id bigint references data.booking (id),
  lifted_at timestamptz,
  lifted_by uuid references data.app_user (id),
  check (until > starts_at)
);
comment on table data.player_suspension is 'A player suspended at one venue for no-shows, until a time (lifted_at: undone early, e.g. by undo_no_show)';
comment on column data.player_suspension.no_shows is 'The player''s no-shows at the venue in the 90 days before the suspension';
comment on column data.player_suspension.booking_id is 'The no-show booking that reached the limit';

create index player_suspension_active_idx on data.player_suspension (player_id, venue_id, until) where lifted_at is null;
create index player_suspension_venue_idx on data.player_suspension (venue_id);

alter table data.player_suspension enable row level security;
grant select on data.player_suspension to player, owner, admin;
