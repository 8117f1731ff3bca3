-- The api schema's comment is the title and description of the OpenAPI document
-- PostgREST serves at /; it names the project's own copy of the contract.
comment on schema api is 'courtbook API
The contract of the mobile apps and the admin panel (docs/API.md in the courtbook repository): security_invoker views and functions.';
