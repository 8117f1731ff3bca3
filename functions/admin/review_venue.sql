-- Venue publication (0.2, docs/API.md): an admin publishes a venue waiting for
-- review, or rejects it with a note; the owner is told (outbox kinds
-- venue_published / venue_rejected). A published venue may be rejected later
-- (taken down): players then no longer find it, and its future slots cannot be
-- held (data.slot_selection); bookings made stay as they are.
create type api.venue_review_answer as (venue_id bigint, review_status text);
comment on type api.venue_review_answer is 'A venue''s review status after review_venue';
comment on column api.venue_review_answer.review_status is 'published or rejected';

create function api.review_venue(venue_id bigint, publish boolean, note text default null)
returns api.venue_review_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_admin();
  v data.venue;
  clean_note text := nullif(btrim(review_venue.note), '');
  new_status text;
begin
  if review_venue.publish is null then
    perform data.api_error('invalid_input', 'publish must be true or false', 400);
  end if;
  if length(clean_note) > 1000 then
    perform data.api_error('invalid_input', 'note must be at most 1000 characters', 400);
  end if;
  select * into v from data.venue where id = review_venue.venue_id for update;
  if v.id is null then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  new_status := case when review_venue.publish then 'published' else 'rejected' end;
  update data.venue
     set review_status = new_status, review_note = clean_note, reviewed_at = now(), reviewed_by = uid
   where id = v.id;
  -- The owner is told when the status changes (a second identical review tells nobody).
  if v.review_status <> new_status then
    perform data.notify(v.owner_id, case when review_venue.publish then 'venue_published' else 'venue_rejected' end,
                        null, jsonb_build_object('venue_id', v.id, 'venue_name', v.name, 'note', clean_note));
  end if;
  return row(v.id, new_status)::api.venue_review_answer;
end
$$;
comment on function api.review_venue(bigint, boolean, text) is
  'Admins: publish a venue (players find it) or reject it (hidden; the note says why); the owner is told. {venue_id, review_status}; not_found 404, invalid_input 400';
grant execute on function api.review_venue(bigint, boolean, text) to admin;
