-- Revert courtbook:together/share_payments from pg

begin;
drop trigger share_refund_defer_job on data.share_refund;
drop function internal.defer_share_refund_job();
drop function internal.share_refund_failed_at_stripe(bigint, text, text);
drop function internal.share_refund_submitted(bigint, text, text);
drop function internal.mark_share_refund_failed(bigint, text, boolean);
drop function internal.mark_share_refund_succeeded(bigint, text);
drop function internal.share_refund_to_issue(bigint);
drop function data.tell_share_holders_cancelled(data.booking, text, text);
drop function data.organizer_refunded_cents(bigint);
drop function data.refund_split_players(data.booking, text, uuid);
drop function data.refund_split_shares(bigint, integer, text, uuid);
drop function data.open_balance(bigint, text);
drop function internal.apply_share_event(text, jsonb, timestamptz);
drop function data.organizer_share_paid(bigint);
drop function data.is_share_intent(text);
drop function internal.record_share_intent(bigint, text, boolean);
drop function internal.share_payment_context(bigint, uuid);
commit;
