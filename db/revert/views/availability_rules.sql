-- Revert courtbook:views/availability_rules from pg

begin;
drop view api.availability_rules;
commit;
