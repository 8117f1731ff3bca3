-- RLS on payout_report: an owner sees their venues', an admin all.
create view api.payout_reports with (security_invoker = true) as
select p.id, p.venue_id, v.name as venue_name, p.period_start, p.period_end, p.currency, p.bookings,
       p.gross_cents, p.fee_cents, p.refunded_cents, p.net_cents, p.created_at
from data.payout_report p
join data.venue v on v.id = p.venue_id;
comment on view api.payout_reports is 'Weekly payout figures of the caller''s venues (admin: all)';

grant select on api.payout_reports to owner, admin;
