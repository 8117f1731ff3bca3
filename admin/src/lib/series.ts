// Recurring series (issue 20): the request preview_series and book_series take, built
// from a venue-local date and time, and how the answers read.
import { ApiError } from '../api/client';
import { zonedParts, zonedTimeToInstant } from './time';

export interface Occurrence {
  week: number;
  start_at: string;
  end_at: string;
  slot_ids: number[] | null;
  status: 'free' | 'conflict';
  conflict: string | null;
}

export interface SeriesForm {
  courtId: string;
  date: string; // venue-local YYYY-MM-DD
  time: string; // venue-local HH:MM
  weeks: string;
  minutes: string; // empty: the slot's own length
}

export interface SeriesRow {
  id: number;
  venue_id: number;
  court_id: number;
  court_name: string;
  first_start: string;
  local_start: string;
  weekday: number;
  minutes: number;
  weeks: number;
  customer_name: string;
  customer_phone: string | null;
  customer_email: string | null;
  note: string | null;
  created_at: string;
  cancelled_at: string | null;
  confirmed_bookings: number;
  next_start: string | null;
}

/** What is wrong with the form, or null. */
export function seriesFormError(f: SeriesForm): string | null {
  if (!f.courtId) return 'Choose a court.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date)) return 'Choose the first day.';
  if (!/^\d{2}:\d{2}$/.test(f.time)) return 'Choose the start time.';
  const w = Number(f.weeks);
  if (!Number.isInteger(w) || w < 2 || w > 52) return 'Weeks: from 2 to 52.';
  if (f.minutes.trim() !== '') {
    const m = Number(f.minutes);
    if (!Number.isInteger(m) || m < 5 || m > 720) return 'Minutes: from 5 to 720, or empty for the slot’s own length.';
  }
  return null;
}

/** The arguments shared by preview_series and book_series; first_start is the local time in the venue's zone. */
export function seriesArgs(f: SeriesForm, timeZone: string): { court_id: number; first_start: string; weeks: number; minutes: number | null } {
  return {
    court_id: Number(f.courtId),
    first_start: zonedTimeToInstant(f.date, f.time, timeZone).toISOString(),
    weeks: Number(f.weeks),
    minutes: f.minutes.trim() === '' ? null : Number(f.minutes),
  };
}

export const CONFLICT_LABEL: Record<string, string> = {
  past: 'in the past',
  missing_slot: 'no slot at this time',
  blocked: 'blocked',
  booked: 'already booked',
  held: 'held by a player',
  not_generated: 'slots not generated yet (made when booking)',
};

/** A conflict in words; not_generated is free (book_series generates the slots first). */
export function occurrenceLabel(o: Occurrence): string {
  if (o.status === 'free') return o.conflict === 'not_generated' ? `Free (${CONFLICT_LABEL.not_generated})` : 'Free';
  return `Conflict: ${CONFLICT_LABEL[o.conflict ?? ''] ?? o.conflict ?? 'unavailable'}`;
}

export const WEEKDAY_NAME = ['', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/** "Tuesdays 10:00, 60 min" */
export function seriesWhen(s: Pick<SeriesRow, 'weekday' | 'local_start' | 'minutes'>): string {
  return `${WEEKDAY_NAME[s.weekday] ?? ''} ${s.local_start.slice(0, 5)}, ${s.minutes} min`;
}

/** book_series' fail-mode refusal: the conflicting slots (details) and weeks (hint). */
export function conflictText(err: unknown, timeZone: string): string | null {
  if (!(err instanceof ApiError) || err.code !== 'slot_unavailable') return null;
  const weeks = (err.hint ?? '')
    .replace(/^Conflicting weeks? starts? at /, '')
    .split(', ')
    .filter(Boolean)
    .map((w) => {
      const t = Date.parse(w.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
      return Number.isFinite(t) ? `${zonedParts(t, timeZone).date} ${zonedParts(t, timeZone).time}` : w;
    });
  return (
    `Nothing was booked: ${err.message.replace(/:\s*nothing booked\.?$/i, '')}.` +
    (err.slotIds.length ? ` Conflicting slots: ${err.slotIds.join(', ')}.` : '') +
    (weeks.length ? ` Weeks: ${weeks.join(', ')}.` : '')
  );
}
