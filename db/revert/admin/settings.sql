-- Revert courtbook:admin/settings from pg: back to its @v0.1.0 version

begin;
drop function api.set_platform_settings(integer, integer, integer, integer, integer, boolean, integer, integer);
drop function api.set_commission(bigint, integer);
drop type api.commission_answer;
\ir ../../../functions/admin/settings@v0.1.0.sql
commit;
