-- A dispute (chargeback) of a payment, as Stripe's charge.dispute.* events
-- report it (https://docs.stripe.com/api/disputes/object). One row per Stripe
-- dispute, keyed by its id: any payment of a booking can be disputed (a split
-- booking's shares are payments of their own). Written only by
-- internal.record_dispute from a webhook event.
create table data.dispute (
  id bigint generated always as identity primary key,
  payment_id bigint not null references data.payment (id),
  booking_id bigint not null references data.booking (id),
  stripe_dispute_id text not null unique check (stripe_dispute_id ~ '^(dp|du)_'),
  stripe_charge_id text check (length(stripe_charge_id) <= 255),
  amount_cents integer not null check (amount_cents > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  reason text not null check (reason ~ '^[a-z_]{1,64}$'),
  status text not null check (status ~ '^[a-z_]{1,64}$'),
  evidence_due_by timestamptz,
  opened_at timestamptz not null,
  closed_at timestamptz,
  stripe_updated_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table data.dispute is
  'A dispute (chargeback) of a payment as Stripe reports it (charge.dispute.created/updated/closed): amount, reason, status; the owner and the admins are told';
comment on column data.dispute.status is
  'Stripe''s dispute status: warning_needs_response, warning_under_review, warning_closed, needs_response, under_review, won, lost (kept as Stripe names it, also a status Stripe adds later)';
comment on column data.dispute.reason is
  'Stripe''s dispute reason (fraudulent, duplicate, product_not_received, general, ...)';
comment on column data.dispute.amount_cents is
  'The disputed amount (Stripe takes it from the balance while the dispute is open; given back if won)';
comment on column data.dispute.evidence_due_by is 'Until when evidence can be submitted in Stripe (evidence_details.due_by)';
comment on column data.dispute.stripe_updated_at is
  'Stripe''s created time of the event last applied: an older event never overwrites a newer one';
comment on column data.dispute.opened_at is 'When Stripe opened the dispute (its created time)';
comment on column data.dispute.closed_at is 'When an event first reported it closed (won, lost, warning_closed)';

create index dispute_payment_idx on data.dispute (payment_id);
create index dispute_booking_idx on data.dispute (booking_id);

alter table data.dispute enable row level security;

-- The caller evaluated once per query, as sql/policies.sql writes policies
-- (this change comes before that one in the plan: the venue_bookings view needs it).
create policy owner_reads_own_venue_disputes on data.dispute
  for select to owner using (
    booking_id in (select b.id from data.booking b join data.venue v on v.id = b.venue_id
                   where v.owner_id = (select data.current_user_id()))
  );
create policy admin_reads_all_disputes on data.dispute
  for select to admin using (true);

grant select on data.dispute to owner, admin;
