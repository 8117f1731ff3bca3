-- Deploy courtbook:tables/availability_rule to pg

begin;
\ir ../../../sql/tables/availability_rule.sql
commit;
