-- Staff of a venue (issue 20): people the venue's owner lets work the desk,
-- the schedule or the reports of that venue, and nothing else. A staff member
-- has an account with role owner (created by api.invite_staff when missing);
-- what they may do at each venue is the permissions of their row here, checked
-- by data.venue_for / data.court_for (functions/support/staff_access.sql) in
-- every owner function and by the staff policies in sql/policies.sql.
--   bookings  owner_book, series, owner cancellations, check-in, no-shows, venue_bookings
--   schedule  availability rules, slot generation, blocking and unblocking
--   reports   venue_report
-- Owners keep everything; staff never see Stripe settings, commissions or
-- other venues, and cannot manage staff.
create table data.venue_staff (
  venue_id bigint not null references data.venue (id) on delete cascade,
  user_id uuid not null references data.app_user (id) on delete cascade,
  permissions text[] not null
    -- Written without BETWEEN: a BETWEEN inside an AND deparses with parentheses that
    -- pg_dump's restore flattens, and the backup test compares the schemas exactly.
    check (cardinality(permissions) >= 1 and cardinality(permissions) <= 3
           and permissions <@ array['bookings', 'schedule', 'reports']
           and array_position(permissions, null) is null),
  invited_by uuid references data.app_user (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (venue_id, user_id)
);
comment on table data.venue_staff is 'Staff of a venue and what they may do there (bookings, schedule, reports); one row per venue and person';
comment on column data.venue_staff.permissions is 'Non-empty subset of bookings, schedule, reports (no duplicates: api.invite_staff stores them sorted)';
comment on column data.venue_staff.invited_by is 'The owner (or admin) who invited or last changed this staff member';

-- "the venues where I am staff" (data.caller_staff_venue_ids) reads by user.
create index venue_staff_user_idx on data.venue_staff (user_id);

alter table data.venue_staff enable row level security;
grant select on data.venue_staff to owner, admin;
