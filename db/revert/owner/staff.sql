-- Revert courtbook:owner/staff from pg

begin;
drop function api.remove_staff(bigint, uuid);
drop function api.invite_staff(bigint, text, text[], text);
drop type api.staff_invitation;
drop function data.clean_staff_permissions(text[]);
commit;
