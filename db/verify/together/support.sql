-- Verify courtbook:together/support on pg

begin;
select 'data.queue_share_refund(bigint, integer, text, uuid)'::regprocedure, 'data.share_fee_cents(bigint, integer, integer)'::regprocedure, 'data.defer_split_deadline(bigint, timestamptz)'::regprocedure;
rollback;
