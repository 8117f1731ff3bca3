-- Verify courtbook:privileges to pg

begin;
select 1/has_table_privilege('player', 'data.booking', 'select')::int;
select 1/(not has_column_privilege('player', 'data.app_user', 'password_hash', 'select'))::int;
select 1/(not has_table_privilege('anon', 'data.booking', 'select'))::int;
select 1/(not has_table_privilege('player', 'data.slot', 'update'))::int;
rollback;
