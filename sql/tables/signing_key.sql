-- The JWT signing secret, readable only by its owner (the role that owns the
-- schema, as which the SECURITY DEFINER signing functions run): no grant to any
-- login or API role, so it is not a setting anybody can `show`. The deploy
-- (deploy/sqitch/migrate.sh, deploy/local/db.sh) stores it with
-- data.set_jwt_secret() from JWT_SECRET.
create table data.signing_key (
  singleton boolean primary key default true check (singleton),
  secret text not null check (length(secret) >= 32),
  updated_at timestamptz not null default now()
);
comment on table data.signing_key is 'The HS256 secret api.login/signup sign access tokens with (= PostgREST''s jwt-secret); no role but its owner reads it';

alter table data.signing_key enable row level security;
revoke all on data.signing_key from public;

create function data.set_jwt_secret(secret text) returns void
language plpgsql volatile
set search_path = pg_catalog
as $$
begin
  if secret is null or length(secret) < 32 then
    raise exception 'the JWT secret must be at least 32 characters';
  end if;
  insert into data.signing_key (secret) values (set_jwt_secret.secret)
  on conflict (singleton) do update set secret = excluded.secret, updated_at = now()
  where data.signing_key.secret is distinct from excluded.secret;
end
$$;
comment on function data.set_jwt_secret(text) is 'Deploy step: stores (or rotates) the JWT signing secret; executable by the schema owner only';
revoke execute on function data.set_jwt_secret(text) from public;
