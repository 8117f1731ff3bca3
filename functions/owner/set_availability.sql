-- Replaces a court's weekly rules. rules: json list of
-- {weekday: 1-7 (ISO, 1 = Monday), opens: "HH:MM", closes: "HH:MM", slot_minutes, price_cents}
-- in the venue's local time; closes <= opens runs past midnight into the next day
-- ("00:00" or "24:00" closes at midnight). Rules of one court must not overlap.
-- Existing slots are never touched: generate_slots adds the new ones.
-- 0.2: the answer is a named type (its shape, commented, is in the catalog), no
-- longer json; a new return type needs the old function gone first.
drop function api.set_availability(bigint, json);

create type api.availability_answer as (rules integer);
comment on type api.availability_answer is 'The answer of set_availability';
comment on column api.availability_answer.rules is 'How many weekly rules the court has now';

create function api.set_availability(court_id bigint, rules json)
returns api.availability_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  c data.court := data.court_for_permission(set_availability.court_id, 'schedule');
  e jsonb;
  i integer := 0;
  wd integer;
  op time;
  cl time;
  sm integer;
  pc integer;
  dur integer;
  parsed jsonb := '[]';
  rules_b jsonb;
  clash record;
begin
  if rules is null or json_typeof(rules) <> 'array' then
    perform data.api_error('invalid_input', 'rules must be a json list', 400);
  end if;
  if json_array_length(rules) > 100 then
    perform data.api_error('invalid_input', 'at most 100 rules per court', 400);
  end if;
  -- json accepts what jsonb refuses (\u0000): a raw 22P05 otherwise.
  begin
    rules_b := rules::jsonb;
  exception when untranslatable_character or invalid_text_representation then
    perform data.api_error('invalid_input', 'rules contain a character that is not allowed (\u0000)', 400);
  end;
  for e in select x from jsonb_array_elements(rules_b) x loop
    i := i + 1;
    if jsonb_typeof(e) is distinct from 'object' then
      perform data.api_error('invalid_input', format('rule %s is not an object', i), 400);
    end if;
    if jsonb_typeof(e -> 'weekday') is distinct from 'number' or (e ->> 'weekday') !~ '^[1-7]$' then
      perform data.api_error('invalid_input', format('rule %s: weekday must be 1 (Monday) to 7 (Sunday)', i), 400);
    end if;
    if jsonb_typeof(e -> 'opens') is distinct from 'string' or (e ->> 'opens') !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
      perform data.api_error('invalid_input', format('rule %s: opens must be "HH:MM"', i), 400);
    end if;
    if jsonb_typeof(e -> 'closes') is distinct from 'string'
       or (e ->> 'closes') !~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' then
      perform data.api_error('invalid_input', format('rule %s: closes must be "HH:MM"', i), 400);
    end if;
    if jsonb_typeof(e -> 'slot_minutes') is distinct from 'number' or (e ->> 'slot_minutes') !~ '^[0-9]{1,3}$'
       or (e ->> 'slot_minutes')::integer not between 15 and 480 then
      perform data.api_error('invalid_input', format('rule %s: slot_minutes must be a whole number from 15 to 480', i), 400);
    end if;
    if jsonb_typeof(e -> 'price_cents') is distinct from 'number' or (e ->> 'price_cents') !~ '^[0-9]{1,9}$'
       or (e ->> 'price_cents')::integer < 1 then
      perform data.api_error('invalid_input', format('rule %s: price_cents must be a positive whole number', i), 400);
    end if;
    wd := (e ->> 'weekday')::integer;
    op := (e ->> 'opens')::time;
    cl := case when e ->> 'closes' = '24:00' then '00:00'::time else (e ->> 'closes')::time end;
    sm := (e ->> 'slot_minutes')::integer;
    pc := (e ->> 'price_cents')::integer;
    if op = cl then
      perform data.api_error('invalid_input', format('rule %s: opens and closes must differ', i), 400);
    end if;
    dur := (extract(epoch from (cl - op))::integer / 60 + 1440) % 1440;
    if dur < sm then
      perform data.api_error('invalid_input', format('rule %s: the window is shorter than one slot', i), 400);
    end if;
    parsed := parsed || jsonb_build_object('n', i, 'weekday', wd, 'opens', op, 'closes', cl,
      'slot_minutes', sm, 'price_cents', pc,
      'ws', (wd - 1) * 1440 + extract(epoch from op)::integer / 60, 'dur', dur);
  end loop;

  -- Two rules overlap when their week-minute ranges intersect (also across Sunday → Monday).
  select a.n as a_n, b.n as b_n into clash
  from jsonb_to_recordset(parsed) a(n int, ws int, dur int)
  join jsonb_to_recordset(parsed) b(n int, ws int, dur int) on a.n < b.n
  join (values (-10080), (0), (10080)) sh(k) on true
  where a.ws < b.ws + sh.k + b.dur and b.ws + sh.k < a.ws + a.dur
  limit 1;
  if found then
    perform data.api_error('invalid_input', format('rules %s and %s overlap', clash.a_n, clash.b_n), 400);
  end if;

  delete from data.availability_rule r where r.court_id = c.id;
  insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes, price_cents)
  select c.id, x.weekday, x.opens, x.closes, x.slot_minutes, x.price_cents
  from jsonb_to_recordset(parsed) x(weekday smallint, opens time, closes time, slot_minutes int, price_cents int);
  return row(i)::api.availability_answer;
end
$$;
comment on function api.set_availability(bigint, json) is
'Replaces a court''s weekly rules (list of weekday 1-7, opens/closes "HH:MM" local, slot_minutes, price_cents; closes <= opens runs past midnight). {rules: n}';
grant execute on function api.set_availability(bigint, json) to owner, admin;
