-- Revert courtbook:together/settlement from pg

begin;
drop function data.assert_no_outstanding_balance(uuid);
drop function internal.balance_context(uuid, bigint);
drop function internal.due_splits(integer);
drop function internal.cover_failed(bigint, text, text);
drop function internal.close_split(bigint);
drop function data.cover_answer(data.share_payment, data.app_user, text, text[]);
commit;
