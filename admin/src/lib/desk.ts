// The desk (issue 20): a day's bookings court by court, and which of check-in,
// no-show and undo apply to a booking now. The windows are the API's
// (functions/owner/check_in.sql); the panel only offers what the API would accept.
import type { Court, VenueBooking } from '../api/types';
import { can, type Access } from './access';

export const CHECK_IN_OPENS_MIN = 60;
export const NO_SHOW_UNTIL_DAYS = 7;
export const UNDO_NO_SHOW_HOURS = 24;

export interface DeskEntry {
  booking: VenueBooking;
  /** this court's part of the booking */
  start: string;
  end: string;
}

export interface DeskCourt {
  courtId: number;
  name: string;
  entries: DeskEntry[];
}

/** The booking's span over all its slots, in ms; null without slots. */
export function bookingSpan(b: VenueBooking): { start: number; end: number } | null {
  const slots = b.slots ?? [];
  if (!slots.length) return null;
  return {
    start: Math.min(...slots.map((s) => Date.parse(s.start_at))),
    end: Math.max(...slots.map((s) => Date.parse(s.end_at))),
  };
}

/** Bookings under each court they hold slots on (every court listed, even without any), by start. */
export function groupByCourt(bookings: VenueBooking[], courts: Court[]): DeskCourt[] {
  const groups = new Map<number, DeskCourt>(courts.map((c) => [c.id, { courtId: c.id, name: c.name, entries: [] }]));
  for (const b of bookings) {
    const byCourt = new Map<number, { start: string; end: string }>();
    for (const s of b.slots ?? []) {
      const cur = byCourt.get(s.court_id);
      byCourt.set(s.court_id, {
        start: !cur || Date.parse(s.start_at) < Date.parse(cur.start) ? s.start_at : cur.start,
        end: !cur || Date.parse(s.end_at) > Date.parse(cur.end) ? s.end_at : cur.end,
      });
    }
    for (const [courtId, span] of byCourt) {
      let g = groups.get(courtId);
      if (!g) {
        g = { courtId, name: `Court #${courtId}`, entries: [] };
        groups.set(courtId, g);
      }
      g.entries.push({ booking: b, ...span });
    }
  }
  const out = [...groups.values()];
  for (const g of out) g.entries.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.booking.id - b.booking.id);
  return out;
}

export interface DeskActions {
  checkIn: boolean;
  noShow: boolean;
  undoNoShow: boolean;
  /** why check-in is not offered yet: it opens at this instant (ms) */
  checkInOpensAt: number | null;
}

/** What the desk may do with a booking at `now` (ms). */
export function deskActions(b: VenueBooking, now: number, access: Access): DeskActions {
  const none: DeskActions = { checkIn: false, noShow: false, undoNoShow: false, checkInOpensAt: null };
  const span = bookingSpan(b);
  if (b.status !== 'confirmed' || !span || !can(access, 'bookings')) return none;
  const opens = span.start - CHECK_IN_OPENS_MIN * 60_000;
  const open = !b.checked_in_at && !b.no_show_at;
  const noShowAt = b.no_show_at ? Date.parse(b.no_show_at) : null;
  return {
    checkIn: open && now >= opens && now < span.end,
    noShow: open && now >= span.start && now <= span.end + NO_SHOW_UNTIL_DAYS * 86_400_000,
    undoNoShow: noShowAt !== null && now - noShowAt < UNDO_NO_SHOW_HOURS * 3_600_000 && can(access, 'undo_no_show'),
    checkInOpensAt: open && now < opens ? opens : null,
  };
}

/** The payment column: paid at the venue (walk-ins, series) or the online payment's status. */
export function paymentLabel(b: VenueBooking): string {
  if (b.payment_status === 'at_venue' || b.paid_at_venue) return 'Pay at venue';
  if (b.payment_status === 'succeeded') return 'Paid online';
  return b.payment_status ?? 'none';
}
