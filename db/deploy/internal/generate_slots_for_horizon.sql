-- Deploy courtbook:internal/generate_slots_for_horizon to pg

begin;
\ir ../../../functions/internal/generate_slots_for_horizon.sql
commit;
