-- Revert courtbook:internal/payment_context from pg: back to its @v0.1.0 version

begin;
-- The released version was written with create function (not or replace).
drop function internal.payment_context(bigint, uuid);
\ir ../../../functions/internal/payment_context@v0.1.0.sql
commit;
