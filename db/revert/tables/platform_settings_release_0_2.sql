-- Revert courtbook:tables/platform_settings_release_0_2 from pg

begin;
alter table data.platform_settings
  drop column access_token_minutes,
  drop column split_deadline_minutes,
  drop column venue_review_required,
  drop column max_pending_holds,
  drop column max_held_slots;
commit;
