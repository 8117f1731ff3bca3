-- A walk-in or phone booking (api.owner_book) is paid at the venue: no Stripe,
-- no payment row. Its payment_status in the owner's views reads 'at_venue'.
alter type data.payment_status add value if not exists 'at_venue';
