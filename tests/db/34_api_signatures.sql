-- The api schema is self-describing: no api function takes or returns a type of the
-- private data schema (so PostgREST's OpenAPI description and the apps see every shape),
-- and functions answering rows answer named types of api, not opaque json.
begin;
select plan(6);
select is(
  array(select p.oid::regprocedure::text || ' uses ' || t.oid::regtype::text
        from pg_proc p
        cross join lateral unnest(array_append(p.proargtypes::oid[], p.prorettype)) a(oid)
        join pg_type t on t.oid = a.oid
        where p.pronamespace = 'api'::regnamespace
          and (t.typnamespace = 'data'::regnamespace
               or t.typelem <> 0 and (select e.typnamespace from pg_type e where e.oid = t.typelem) = 'data'::regnamespace)
        order by 1),
  '{}'::text[], 'no api function signature references a data type');
select is((select prorettype::regtype::text from pg_proc
           where oid = 'api.available_slots(bigint, bigint, timestamptz, timestamptz, text)'::regprocedure),
  'api.available_slot', 'available_slots returns rows of api.available_slot');

-- json only where a named type cannot say it. Justified: an error answered without
-- rolling back (data.committed_error: the failed attempt must be counted) is a body
-- of another shape than the success, so these stay json and say so in their comment.
create temp table json_justified (name text primary key);
insert into json_justified values
  ('login'), ('refresh_session'), ('change_password'), ('reset_password'), ('verify_email'), ('delete_account');
select is(
  array(select p.oid::regprocedure::text from pg_proc p
        where p.pronamespace = 'api'::regnamespace
          and p.prorettype in ('json'::regtype, 'jsonb'::regtype)
          and p.proname not in (select name from json_justified)
        order by 1),
  '{}'::text[], 'no api function returns json or jsonb but the listed few');
select is(
  array(select p.oid::regprocedure::text from pg_proc p
        where p.pronamespace = 'api'::regnamespace
          and p.prorettype in ('json'::regtype, 'jsonb'::regtype)
          and p.proname in (select name from json_justified)
          and coalesce(obj_description(p.oid, 'pg_proc'), '') not like '%Returns json: %committed_error%'
        order by 1),
  '{}'::text[], 'each function that stays json says why in its comment');

select is(
  array(select p.proname || ' -> ' || p.prorettype::regtype::text from pg_proc p
        where p.pronamespace = 'api'::regnamespace
          and p.proname in ('signup', 'cancel_booking', 'owner_cancel_booking', 'create_court', 'update_court',
                            'set_availability', 'generate_slots', 'block_slots', 'unblock_slots', 'venue_report',
                            'set_commission', 'register_device', 'join_waitlist', 'leave_waitlist',
                            'split_booking', 'join_booking', 'leave_booking', 'open_match', 'join_match',
                            'release_hold', 'create_venue', 'update_venue', 'hold_slots')
        order by 1),
  array['block_slots -> api.block_answer', 'cancel_booking -> api.cancellation',
        'create_court -> api.court_answer', 'create_venue -> api.venue_created',
        'generate_slots -> api.generation_answer', 'hold_slots -> api.hold',
        'join_booking -> api.share_answer', 'join_match -> api.match_seat',
        'join_waitlist -> api.waitlist_answer', 'leave_booking -> api.leave_answer',
        'leave_waitlist -> api.ok_answer', 'open_match -> api.open_match_answer',
        'owner_cancel_booking -> api.cancellation', 'register_device -> api.ok_answer',
        'release_hold -> api.release_answer',
        'set_availability -> api.availability_answer', 'set_commission -> api.commission_answer',
        'signup -> api.session_answer', 'split_booking -> api.split_answer', 'unblock_slots -> api.unblock_answer',
        'update_court -> api.court_answer', 'update_venue -> api.venue_answer',
        'venue_report -> api.venue_figures'],
  'the 0.1 and 0.2 json answers are named api types');

-- The types 0.2 added for answers are described, type and columns (the OpenAPI
-- description and \d show it).
select is(
  array(select t.oid::regtype::text || coalesce('.' || a.attname, '') from pg_type t
        join pg_class c on c.oid = t.typrelid and c.relkind = 'c'
        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
             and col_description(c.oid, a.attnum) is null
        where t.typnamespace = 'api'::regnamespace
          and t.typname in ('session_answer', 'cancellation', 'court_answer', 'availability_answer',
                            'generation_answer', 'block_answer', 'unblock_answer', 'venue_figures',
                            'commission_answer', 'waitlist_answer', 'split_answer', 'share_answer',
                            'leave_answer', 'open_match_answer', 'match_seat', 'release_answer',
                            'venue_created', 'venue_answer', 'hold')
          and (obj_description(t.oid, 'pg_type') is null or a.attname is not null)
        order by 1),
  '{}'::text[], 'the answer types and their columns have comments');
select * from finish();
rollback;
