-- A statement of an API request may run at most 5 seconds (issue 16: no request
-- may hold the database for long). Set on the roles PostgREST switches to, so
-- that PostgREST applies it to each request transaction (it applies the role's
-- `ALTER ROLE … SET` settings transaction-locally, docs/references/transactions.rst,
-- "Role settings"); a cancelled statement is 57014. The worker's and the webhook
-- service's login roles, the authenticator and the DBA's superuser stay unlimited
-- (the worker's horizon generation and sweeps may legitimately run longer).
-- Roles are cluster-wide: every database of the cluster sees these settings.
alter role anon set statement_timeout = '5s';
alter role player set statement_timeout = '5s';
alter role owner set statement_timeout = '5s';
alter role admin set statement_timeout = '5s';
