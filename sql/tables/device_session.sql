-- A push device belongs to the session that registered it: it goes with that
-- session's logout (or any revocation of it).
alter table data.device
  add column session_id uuid references data.session (id) on delete set null;
comment on column data.device.session_id is 'The session that registered the device; revoking the session unregisters it (null: registered before sessions existed)';

create index device_session_idx on data.device (session_id) where session_id is not null;
