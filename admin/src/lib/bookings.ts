// Query of the bookings list: day range (venue-local dates) on the booking's first slot
// start (venue_bookings.starts_at), status on the booking, court through /court_slots.
import { inList, list, type Query } from '../api/client';
import type { Venue } from '../api/types';
import { localDayRange } from './time';

export interface BookingFilters {
  from: string;
  to: string;
  courtId: string;
  status: string;
}

/**
 * PostgREST query for /venue_bookings; null when no booking can match. venue_bookings
 * carries slots as a json list (no containment operator), so a court filter is resolved
 * through /court_slots, whose booking_id is the slot's active booking: it finds the
 * bookings that hold that court's slots now (cancelled bookings have released theirs).
 */
export async function bookingQuery(venue: Venue, f: BookingFilters, signal?: AbortSignal): Promise<Query | null> {
  const q: Query = { venue_id: `eq.${venue.id}`, order: 'starts_at.asc,id.asc' };
  if (f.status) q.status = `eq.${f.status}`;
  const range = f.from && f.to ? localDayRange(f.from, f.to, venue.timezone) : null;
  if (range) q.starts_at = [`gte.${range.from.toISOString()}`, `lt.${range.to.toISOString()}`];
  if (f.courtId) {
    const sq: Query = { court_id: `eq.${f.courtId}`, booking_id: 'not.is.null', select: 'booking_id' };
    if (range) sq.start_at = [`gte.${range.from.toISOString()}`, `lt.${range.to.toISOString()}`];
    const { rows } = await list<{ booking_id: number }>('court_slots', sq, { signal });
    const ids = [...new Set(rows.map((r) => r.booking_id))];
    if (!ids.length) return null;
    q.id = inList(ids);
  }
  return q;
}
