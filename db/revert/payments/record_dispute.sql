-- Revert courtbook:payments/record_dispute from pg

begin;
drop function internal.record_dispute(jsonb, timestamptz);
commit;
