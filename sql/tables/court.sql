create table data.court (
  id bigint generated always as identity primary key,
  venue_id bigint not null references data.venue (id),
  name text not null check (length(btrim(name)) between 1 and 100),
  sport data.sport not null,
  surface text check (length(surface) <= 50),
  indoor boolean not null default false,
  created_at timestamptz not null default now(),
  unique (venue_id, name)
);
comment on table data.court is 'A bookable court of one sport at a venue';

create index court_venue_idx on data.court (venue_id);

alter table data.court enable row level security;

create policy everyone_reads_courts on data.court
  for select to anon, player, owner, admin using (true);
