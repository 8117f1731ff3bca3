-- Verify courtbook:auth/account_codes to pg

begin;
select 'data.take_account_code(uuid, text, text, bytea)'::regprocedure;
select 'data.send_account_code(uuid, text, text, text)'::regprocedure;
select 1/count(*) from pg_trigger where tgname = 'notification_forgets_delivered_code';
rollback;
