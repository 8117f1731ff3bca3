// Query of the bookings list: day range (venue-local dates) and court are matched on the
// booking's slots, status on the booking.
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
 * PostgREST query for /venue_bookings. The day range and court are resolved through
 * /court_slots (each slot carries its active booking_id); returns null when no booking
 * can match.
 */
export async function bookingQuery(venue: Venue, f: BookingFilters, signal?: AbortSignal): Promise<Query | null> {
  const q: Query = { venue_id: `eq.${venue.id}`, order: 'created_at.desc,id.desc' };
  if (f.status) q.status = `eq.${f.status}`;
  if (f.from || f.to || f.courtId) {
    const sq: Query = { venue_id: `eq.${venue.id}`, booking_id: 'not.is.null', select: 'booking_id' };
    if (f.courtId) sq.court_id = `eq.${f.courtId}`;
    if (f.from && f.to) {
      const r = localDayRange(f.from, f.to, venue.timezone);
      sq.and = `(start_at.gte.${r.from.toISOString()},start_at.lt.${r.to.toISOString()})`;
    }
    const { rows } = await list<{ booking_id: number }>('court_slots', sq, { signal });
    const ids = [...new Set(rows.map((r) => r.booking_id))];
    if (!ids.length) return null;
    q.id = inList(ids);
  }
  return q;
}
