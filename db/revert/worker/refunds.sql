-- Revert courtbook:worker/refunds from pg: back to its @v0.1.0 version

begin;
-- The released version was written with create function (not or replace).
drop function internal.refund_to_issue(bigint);
drop function internal.mark_refund_succeeded(bigint, text);
drop function internal.mark_refund_failed(bigint, text, boolean);
\ir ../../../functions/worker/refunds@v0.1.0.sql
commit;
