-- Deploy courtbook:support/setting_range to pg

begin;
\ir ../../../functions/support/setting_range.sql
commit;
