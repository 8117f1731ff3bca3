-- Verify courtbook:tables/platform_settings_release_0_2 on pg

begin;
select access_token_minutes, split_deadline_minutes, venue_review_required, max_pending_holds, max_held_slots
from data.platform_settings where false;
rollback;
