-- Venue publication (0.2, docs/API.md): a venue an admin rejected stays hidden until
-- its owner, having fixed what the review note asked, sends it for review again: it
-- is pending_review once more and is back on the admins' review list (oldest
-- first, by creation). The note stays until the next review replaces it, so the
-- owner still reads what was asked. Only the venue's owner may ask (not its staff,
-- not another owner: not_found, as for a venue they cannot see).
create function api.request_venue_review(venue_id bigint)
returns api.venue_review_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  v data.venue;
begin
  select * into v from data.venue where id = request_venue_review.venue_id for update;
  if v.id is null or v.owner_id <> uid then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  if v.review_status = 'published' then
    perform data.api_error('invalid_input', 'The venue is published: players find it already', 400);
  end if;
  if v.review_status = 'rejected' then
    update data.venue set review_status = 'pending_review' where id = v.id;
  end if;
  return row(v.id, 'pending_review')::api.venue_review_answer;
end
$$;
comment on function api.request_venue_review(bigint) is
  'The venue''s owner sends a rejected venue for review again (after fixing what review_note asked): {venue_id, review_status: pending_review}; asking for a venue already waiting answers the same; not_found 404 (not the caller''s venue), invalid_input 400 (already published)';
grant execute on function api.request_venue_review(bigint) to owner;
