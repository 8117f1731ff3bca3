-- Revert courtbook:owner/cancellation_policy from pg

begin;
drop function api.set_cancellation_policy(bigint, json);
drop type api.cancellation_policy;
commit;
