-- The ceiling: one single-row UPDATE per transaction, each client on its own row.
\set sid :first_slot + :client_id
update data.slot set price_cents = price_cents where id = :sid;
