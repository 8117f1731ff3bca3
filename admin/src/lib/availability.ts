// The weekly availability editor's model: rules per ISO weekday with local opening
// and closing times (closing may be past midnight), slot length and price; validation
// and the payload of api.set_availability.
import { centsToInput, parseMoney } from './money';

export interface ApiRule {
  weekday: number;
  opens: string;
  closes: string;
  slot_minutes: number;
  price_cents: number;
}

export interface EditorRule {
  key: string;
  weekday: number;
  opens: string;
  closes: string;
  slotMinutes: string;
  /** price in major units as typed, e.g. "24.00" */
  price: string;
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY = 1440;
const WEEK = 7 * DAY;

let seq = 0;
export function newKey(): string {
  seq += 1;
  return `r${seq}`;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?$/;

/** "HH:MM" or "HH:MM:SS" → minutes after midnight, or null. */
export function parseTime(t: string): number | null {
  const m = TIME_RE.exec(t.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function normaliseTime(t: string): string {
  const m = TIME_RE.exec(t.trim());
  return m ? `${m[1]}:${m[2]}` : t.trim();
}

/** True when the rule closes after midnight (on the next local day). */
export function closesPastMidnight(opens: string, closes: string): boolean {
  const o = parseTime(opens);
  const c = parseTime(closes);
  return o !== null && c !== null && c <= o;
}

/** Length of the opening in minutes (past midnight counts into the next day). */
export function spanMinutes(opens: string, closes: string): number | null {
  const o = parseTime(opens);
  const c = parseTime(closes);
  if (o === null || c === null || o === c) return null;
  return c > o ? c - o : DAY - o + c;
}

export function fromApi(rules: ApiRule[], currency: string): EditorRule[] {
  return [...rules]
    .sort((a, b) => a.weekday - b.weekday || (parseTime(a.opens) ?? 0) - (parseTime(b.opens) ?? 0))
    .map((r) => ({
      key: newKey(),
      weekday: r.weekday,
      opens: normaliseTime(r.opens),
      closes: normaliseTime(r.closes),
      slotMinutes: String(r.slot_minutes),
      price: centsToInput(r.price_cents, currency),
    }));
}

export interface Validation {
  /** errors per rule key; empty when the rules can be saved */
  errors: Record<string, string[]>;
  /** notes that do not block saving (e.g. minutes left over at the end of a day) */
  warnings: Record<string, string[]>;
  ok: boolean;
  payload: ApiRule[];
}

export function validateRules(rules: EditorRule[], currency: string): Validation {
  const errors: Record<string, string[]> = {};
  const warnings: Record<string, string[]> = {};
  const add = (bag: Record<string, string[]>, key: string, msg: string) => {
    (bag[key] ??= []).push(msg);
  };
  const payload: ApiRule[] = [];
  const spans: { key: string; start: number; end: number; label: string }[] = [];

  for (const r of rules) {
    const label = `${WEEKDAY_NAMES[r.weekday - 1] ?? '?'} ${r.opens}–${r.closes}`;
    if (!Number.isInteger(r.weekday) || r.weekday < 1 || r.weekday > 7) add(errors, r.key, 'Choose a weekday.');
    const o = parseTime(r.opens);
    const c = parseTime(r.closes);
    if (o === null) add(errors, r.key, 'Opening time must be HH:MM.');
    if (c === null) add(errors, r.key, 'Closing time must be HH:MM.');
    if (o !== null && c !== null && o === c) add(errors, r.key, 'Opening and closing times must differ.');
    const slot = Number(r.slotMinutes);
    if (!/^\d+$/.test(r.slotMinutes.trim()) || slot < 15 || slot > 480) {
      add(errors, r.key, 'Slot length must be a whole number of minutes from 15 to 480.');
    }
    const price = parseMoney(r.price, currency);
    if (price === null || price <= 0) add(errors, r.key, 'Price must be an amount above zero.');
    const span = spanMinutes(r.opens, r.closes);
    if (span !== null && Number.isFinite(slot) && slot >= 15) {
      if (span < slot) add(errors, r.key, `The opening (${span} min) is shorter than one slot (${slot} min).`);
      else if (span % slot !== 0) {
        add(warnings, r.key, `The last ${span % slot} minutes are not long enough for a slot and stay unused.`);
      }
    }
    if (o !== null && span !== null && r.weekday >= 1 && r.weekday <= 7) {
      const start = (r.weekday - 1) * DAY + o;
      spans.push({ key: r.key, start, end: start + span, label });
    }
    if (!errors[r.key]) {
      payload.push({
        weekday: r.weekday,
        opens: normaliseTime(r.opens),
        closes: normaliseTime(r.closes),
        slot_minutes: slot,
        price_cents: price as number,
      });
    }
  }

  // Overlaps across the whole week; a Sunday opening past midnight runs into Monday.
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i];
      const b = spans[j];
      const overlaps = [-WEEK, 0, WEEK].some((shift) => a.start < b.end + shift && b.start + shift < a.end);
      if (overlaps) {
        add(errors, a.key, `Overlaps ${b.label}.`);
        add(errors, b.key, `Overlaps ${a.label}.`);
      }
    }
  }

  payload.sort((a, b) => a.weekday - b.weekday || (parseTime(a.opens) ?? 0) - (parseTime(b.opens) ?? 0));
  const ok = Object.keys(errors).length === 0;
  return { errors, warnings, ok, payload: ok ? payload : [] };
}

/** Copy the rules of one weekday onto other weekdays (replacing theirs). */
export function copyDay(rules: EditorRule[], fromWeekday: number, toWeekdays: number[]): EditorRule[] {
  const source = rules.filter((r) => r.weekday === fromWeekday);
  const kept = rules.filter((r) => !toWeekdays.includes(r.weekday) || r.weekday === fromWeekday);
  const copies = toWeekdays
    .filter((d) => d !== fromWeekday)
    .flatMap((d) => source.map((r) => ({ ...r, key: newKey(), weekday: d })));
  return [...kept, ...copies].sort((a, b) => a.weekday - b.weekday || (parseTime(a.opens) ?? 0) - (parseTime(b.opens) ?? 0));
}

/** Number of slots one rule makes per day. */
export function slotsPerDay(r: EditorRule): number {
  const span = spanMinutes(r.opens, r.closes);
  const slot = Number(r.slotMinutes);
  if (span === null || !slot) return 0;
  return Math.floor(span / slot);
}
