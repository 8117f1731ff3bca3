-- Venue publication (0.2): a venue an owner creates waits for an admin's review
-- before players see it (docs/API.md, "Venue publication"): a fake venue must
-- not take payments. The status is data, decided by api.create_venue (the
-- platform setting venue_review_required) and by api.review_venue; the read
-- policies (sql/policies.sql) show players and anon published venues only, and
-- a hold at an unpublished venue answers not_found (data.slot_selection).
--
-- The column's default is `published`: every venue that exists when this change
-- deploys stays visible (nothing disappears on upgrade), and rows written
-- directly (migrations, fixtures, the demo data) are reviewed already; only
-- api.create_venue starts a venue as pending_review.
alter table data.venue
  add column review_status text not null default 'published'
    constraint venue_review_status_known check (review_status in ('pending_review', 'published', 'rejected')),
  add column review_note text constraint venue_review_note_length check (length(review_note) <= 1000),
  add column reviewed_at timestamptz,
  add column reviewed_by uuid references data.app_user (id);
comment on column data.venue.review_status is
  'pending_review (new, seen only by its owner, staff and admins), published (in every player''s search) or rejected (hidden; the note says why); set by api.create_venue and api.review_venue';
comment on column data.venue.review_note is 'The reviewing admin''s note to the owner (why it was rejected, what to fix)';
comment on column data.venue.reviewed_at is 'When an admin last published or rejected the venue (null: never reviewed)';
comment on column data.venue.reviewed_by is 'The admin who last reviewed the venue';

-- The admins' queue: venues waiting for review, oldest first.
create index venue_pending_review_idx on data.venue (created_at) where review_status = 'pending_review';
