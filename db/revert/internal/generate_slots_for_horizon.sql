-- Revert courtbook:internal/generate_slots_for_horizon from pg

begin;
drop function internal.generate_slots_for_horizon(integer);
commit;
