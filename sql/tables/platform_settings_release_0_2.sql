-- The platform settings the second release (0.2) adds, in one change.
alter table data.platform_settings
  add column access_token_minutes integer not null default 60
    check (access_token_minutes between 5 and 1440),
  add column split_deadline_minutes integer not null default 120
    check (split_deadline_minutes between 15 and 10080),
  add column venue_review_required boolean not null default true,
  add column max_pending_holds integer not null default 2
    check (max_pending_holds between 1 and 20),
  add column max_held_slots integer not null default 8
    check (max_held_slots between 1 and 48);

comment on column data.platform_settings.access_token_minutes is
  'Lifetime of an access token (JWT) in minutes; refresh tokens renew it';
comment on column data.platform_settings.split_deadline_minutes is
  'Minutes before a split booking''s start when unpaid shares are charged to the organizer';
comment on column data.platform_settings.venue_review_required is
  'Whether an owner''s new venue waits for an admin''s review before players see it';
comment on column data.platform_settings.max_pending_holds is
  'How many pending (unpaid) bookings one player may hold at once';
comment on column data.platform_settings.max_held_slots is
  'How many slots one player may hold at once, over all their pending bookings';
