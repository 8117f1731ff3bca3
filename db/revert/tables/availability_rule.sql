-- Revert courtbook:tables/availability_rule from pg

begin;
drop table data.availability_rule;
commit;
