// Placing a court's slots on a week grid in the venue's time zone.
import { addDays, zonedParts, zonedTimeToInstant } from './time';

export type SlotStatus = 'available' | 'held' | 'booked' | 'blocked';

export interface CourtSlot {
  id: number;
  court_id: number;
  venue_id?: number;
  start_at: string;
  end_at: string;
  price_cents: number;
  status: SlotStatus;
  held_until?: string | null;
  blocked_reason?: string | null;
  booking_id?: number | null;
}

export interface PlacedSlot {
  slot: CourtSlot;
  /** local date of the start, "YYYY-MM-DD" */
  date: string;
  /** local start and end, "HH:MM" */
  start: string;
  end: string;
  /** minutes after local midnight of the start (wall clock) */
  startMinute: number;
  /** real duration in minutes */
  minutes: number;
}

export interface WeekDay {
  date: string;
  weekday: number;
  slots: PlacedSlot[];
}

/** The seven local days from `monday`, and the instants bounding them (for the API query). */
export function weekBounds(monday: string, timeZone: string): { days: string[]; from: Date; to: Date } {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return {
    days,
    from: zonedTimeToInstant(days[0], '00:00', timeZone),
    to: zonedTimeToInstant(addDays(monday, 7), '00:00', timeZone),
  };
}

export function placeSlot(slot: CourtSlot, timeZone: string): PlacedSlot {
  const s = zonedParts(slot.start_at, timeZone);
  const e = zonedParts(slot.end_at, timeZone);
  return {
    slot,
    date: s.date,
    start: s.time,
    end: e.time,
    startMinute: s.hour * 60 + s.minute,
    minutes: Math.round((Date.parse(slot.end_at) - Date.parse(slot.start_at)) / 60000),
  };
}

/** Slots grouped by the local day of their start, sorted by start. */
export function layoutWeek(slots: CourtSlot[], monday: string, timeZone: string): WeekDay[] {
  const { days } = weekBounds(monday, timeZone);
  const byDay = new Map<string, PlacedSlot[]>(days.map((d) => [d, []]));
  for (const slot of slots) {
    const p = placeSlot(slot, timeZone);
    byDay.get(p.date)?.push(p);
  }
  return days.map((date, i) => ({
    date,
    weekday: i + 1,
    slots: (byDay.get(date) ?? []).sort((a, b) => Date.parse(a.slot.start_at) - Date.parse(b.slot.start_at)),
  }));
}

export const STATUS_LABEL: Record<SlotStatus, string> = {
  available: 'Available',
  held: 'Held',
  booked: 'Booked',
  blocked: 'Blocked',
};
