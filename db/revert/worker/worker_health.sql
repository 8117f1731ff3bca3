-- Revert courtbook:worker/worker_health from pg

begin;
drop function internal.worker_health(integer);
commit;
