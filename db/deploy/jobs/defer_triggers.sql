-- Deploy courtbook:jobs/defer_triggers to pg

begin;
\ir ../../../sql/jobs/defer_triggers.sql
commit;
