-- Verify courtbook:tables/signing_key to pg

begin;
select secret, updated_at from data.signing_key where false;
select 'data.set_jwt_secret(text)'::regprocedure;
select 1/(not has_table_privilege('authenticator', 'data.signing_key', 'select'))::int;
rollback;
