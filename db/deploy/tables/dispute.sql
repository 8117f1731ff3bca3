-- Deploy courtbook:tables/dispute to pg

begin;
\ir ../../../sql/tables/dispute.sql
commit;
