-- Deploy courtbook:tables/cancellation_window to pg

begin;
\ir ../../../sql/tables/cancellation_window.sql
commit;
