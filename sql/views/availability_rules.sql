-- RLS on availability_rule already limits an owner to their courts.
create view api.availability_rules with (security_invoker = true) as
select r.id, r.court_id, c.venue_id, r.weekday, r.opens, r.closes, r.slot_minutes, r.price_cents
from data.availability_rule r
join data.court c on c.id = r.court_id;
comment on view api.availability_rules is 'Weekly rules of the caller''s courts (admin: all)';

grant select on api.availability_rules to owner, admin;
