-- Verify courtbook:auth/email_verification to pg

begin;
select 1/has_function_privilege('player', 'api.request_email_verification()', 'execute')::int;
select 1/has_function_privilege('player', 'api.verify_email(text)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.verify_email(text)', 'execute'))::int;
rollback;
