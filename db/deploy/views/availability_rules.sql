-- Deploy courtbook:views/availability_rules to pg

begin;
\ir ../../../sql/views/availability_rules.sql
commit;
