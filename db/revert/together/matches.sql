-- Revert courtbook:together/matches from pg

begin;
drop function api.open_matches(double precision, double precision, double precision, timestamptz, timestamptz, text, numeric);
drop type api.open_match_row;
drop function api.join_match(bigint);
drop function api.open_match(bigint, numeric, numeric, boolean);
drop type api.match_seat;
drop type api.open_match_answer;
commit;
