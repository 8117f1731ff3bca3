create table data.availability_rule (
  id bigint generated always as identity primary key,
  court_id bigint not null references data.court (id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7), -- ISO: 1 = Monday
  -- Local wall-clock times in the venue's zone; closes < opens runs past midnight.
  opens time not null,
  closes time not null,
  slot_minutes integer not null check (slot_minutes between 15 and 480),
  price_cents integer not null check (price_cents > 0),
  check (opens <> closes)
);
comment on table data.availability_rule is 'A court''s weekly opening rule: weekday, local open/close time, slot length and price';

create index availability_rule_court_idx on data.availability_rule (court_id, weekday);

alter table data.availability_rule enable row level security;

create policy owner_reads_own_availability_rules on data.availability_rule
  for select to owner using (
    exists (select from data.court c where c.id = court_id and data.owns_venue(c.venue_id))
  );
create policy admin_reads_all_availability_rules on data.availability_rule
  for select to admin using (true);
