-- Revert courtbook:views/courts from pg

begin;
drop view api.courts;
commit;
