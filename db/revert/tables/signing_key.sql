-- Revert courtbook:tables/signing_key from pg

begin;
drop function data.set_jwt_secret(text);
drop table data.signing_key;
commit;
