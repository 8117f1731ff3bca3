-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- the offer locks every matching entry before walking the line (as a FOR loop
-- over `... FOR UPDATE SKIP LOCKED` does, fetching rows in batches):
-- concurrent offers skip entries that are merely locked, so slots go to
-- players further down the line.
do $$
declare
  src text := pg_get_functiondef('data.offer_freed_slot(bigint, uuid)'::regprocedure);
begin
  src := replace(src, '  loop
    select w.* into e from data.waitlist_entry w', '  perform 1 from data.waitlist_entry w
  where w.id in (select data.waiting_entries_for_slot(offer_freed_slot.slot_id)) and w.status = ''waiting''
  for update of w skip locked;
  loop
    select w.* into e from data.waitlist_entry w');
  execute src;
end
$$;
