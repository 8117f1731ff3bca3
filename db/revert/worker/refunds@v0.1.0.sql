-- Revert courtbook:worker/refunds from pg

begin;
drop function internal.mark_refund_failed(bigint, text, boolean);
drop function internal.mark_refund_succeeded(bigint, text);
drop function internal.refund_to_issue(bigint);
commit;
