create table data.stripe_event (
  id text primary key check (id ~ '^evt_'),  -- Stripe's event id: a redelivery is the same row
  type text not null,
  livemode boolean not null,
  stripe_created_at timestamptz not null,
  object_id text,                            -- the PaymentIntent, charge or account it is about
  payload jsonb not null,
  received_at timestamptz not null default now(),
  applied_at timestamptz,                    -- null: stored, not applied yet (e.g. unknown PaymentIntent)
  outcome text,                              -- what applying it did: confirmed, waiting, ignored_mode, error, ...
  attempts integer not null default 0,
  last_error text
);
comment on table data.stripe_event is 'Every verified Stripe event, stored by id before it is applied exactly once';

create index stripe_event_unapplied_idx on data.stripe_event (object_id) where applied_at is null;

alter table data.stripe_event enable row level security;

create policy admin_reads_stripe_events on data.stripe_event
  for select to admin using (true);
