-- A payment's status as the apps see it (GET /bookings, venue_bookings):
-- while the payment is open, the PaymentIntent status Stripe last reported
-- (requires_payment_method after a decline, requires_action during 3-D Secure,
-- processing); once final, courtbook's own (succeeded, canceled, failed).
create function data.payment_status_text(p data.payment) returns text
language sql stable
set search_path = pg_catalog
as $$
  select case
    when p.status in ('requires_payment', 'processing') then
      coalesce(p.stripe_status, case p.status when 'processing' then 'processing' else 'requires_payment_method' end)
    else p.status::text
  end
$$;
comment on function data.payment_status_text(data.payment) is
  'The payment status the apps see: Stripe''s PaymentIntent status while open (requires_payment_method, requires_action, processing), else succeeded/canceled/failed';

grant execute on function data.payment_status_text(data.payment) to player, owner, admin;
