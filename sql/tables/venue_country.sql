-- The venue's country (ISO 3166-1 alpha-2), the country its Stripe Express
-- account is created in (Stripe: "country: the country in which the account
-- holder resides, or in which the business is legally established",
-- https://docs.stripe.com/api/accounts/create). Checked against the 249 codes
-- ISO 3166-1 assigns (officially assigned elements, as of 2024), not only
-- their shape: a venue in "XX" could never be paid out.
create function data.is_iso_country(code text) returns boolean
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  select code = any ('{AD,AE,AF,AG,AI,AL,AM,AO,AQ,AR,AS,AT,AU,AW,AX,AZ,BA,BB,BD,BE,BF,BG,BH,BI,BJ,BL,BM,BN,BO,BQ,BR,BS,BT,BV,BW,BY,BZ,'
                     'CA,CC,CD,CF,CG,CH,CI,CK,CL,CM,CN,CO,CR,CU,CV,CW,CX,CY,CZ,DE,DJ,DK,DM,DO,DZ,EC,EE,EG,EH,ER,ES,ET,FI,FJ,FK,FM,FO,FR,'
                     'GA,GB,GD,GE,GF,GG,GH,GI,GL,GM,GN,GP,GQ,GR,GS,GT,GU,GW,GY,HK,HM,HN,HR,HT,HU,ID,IE,IL,IM,IN,IO,IQ,IR,IS,IT,JE,JM,JO,JP,'
                     'KE,KG,KH,KI,KM,KN,KP,KR,KW,KY,KZ,LA,LB,LC,LI,LK,LR,LS,LT,LU,LV,LY,MA,MC,MD,ME,MF,MG,MH,MK,ML,MM,MN,MO,MP,MQ,MR,MS,MT,'
                     'MU,MV,MW,MX,MY,MZ,NA,NC,NE,NF,NG,NI,NL,NO,NP,NR,NU,NZ,OM,PA,PE,PF,PG,PH,PK,PL,PM,PN,PR,PS,PT,PW,PY,QA,RE,RO,RS,RU,RW,'
                     'SA,SB,SC,SD,SE,SG,SH,SI,SJ,SK,SL,SM,SN,SO,SR,SS,ST,SV,SX,SY,SZ,TC,TD,TF,TG,TH,TJ,TK,TL,TM,TN,TO,TR,TT,TV,TW,TZ,UA,UG,'
                     'UM,US,UY,UZ,VA,VC,VE,VG,VI,VN,VU,WF,WS,YE,YT,ZA,ZM,ZW}'::text[])
$$;
comment on function data.is_iso_country(text) is
  'True for an ISO 3166-1 alpha-2 code that is officially assigned (upper case, e.g. ES, FR, GB)';
grant execute on function data.is_iso_country(text) to anon, player, owner, admin;

-- Existing venues are in Spain (the API's default for create_venue).
alter table data.venue
  add column country char(2) not null default 'ES'
    constraint venue_country_iso check (data.is_iso_country(country));
comment on column data.venue.country is
  'ISO 3166-1 alpha-2 country of the venue (default ES): the country of its Stripe Express account';
