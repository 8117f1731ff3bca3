create view api.reconciliation_cases with (security_invoker = true) as
select r.id, r.kind, r.booking_id, r.stripe_payment_intent_id, r.detail, r.created_at, r.resolved_at, r.resolution
from data.reconciliation_case r;
comment on view api.reconciliation_cases is 'Admin: payment/booking mismatches reconciliation could not fix by itself';

grant select on api.reconciliation_cases to admin;
