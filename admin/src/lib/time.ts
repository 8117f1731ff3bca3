// Times in a venue's IANA time zone, never the browser's. Built only on
// Intl.DateTimeFormat with timeZone.
export interface ZonedParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  /** "YYYY-MM-DD" local date */
  date: string;
  /** "HH:MM" local time */
  time: string;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Wall-clock parts of an instant in a time zone. */
export function zonedParts(instant: Date | string | number, timeZone: string): ZonedParts {
  const d = instant instanceof Date ? instant : new Date(instant);
  const map: Record<string, string> = {};
  for (const p of partsFormatter(timeZone).formatToParts(d)) map[p.type] = p.value;
  const year = Number(map.year);
  const month = Number(map.month);
  const day = Number(map.day);
  const hour = Number(map.hour) % 24;
  const minute = Number(map.minute);
  const second = Number(map.second);
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: WEEKDAYS[map.weekday] ?? 0,
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
  };
}

/** Offset (local − UTC) in ms of a time zone at an instant. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a local wall-clock time in a zone. A time in a DST gap moves forward
 * by the gap (02:30 on a spring-forward night → 03:30); an ambiguous time takes the
 * earlier instant.
 */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const o1 = zoneOffsetMs(wall - 12 * 3600_000, timeZone);
  const o2 = zoneOffsetMs(wall + 12 * 3600_000, timeZone);
  // Try both offsets around the date; keep candidates that map back to the wall time.
  const candidates = [wall - o1, wall - o2].filter((t) => {
    const p = zonedParts(t, timeZone);
    return p.date === date && p.time === `${pad(hh)}:${pad(mm)}`;
  });
  if (candidates.length) return new Date(Math.min(...candidates));
  // In a gap: use the offset before the change (pushes the time forward).
  return new Date(wall - Math.min(o1, o2));
}

/** Add days to a "YYYY-MM-DD" date (calendar arithmetic, no zone). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** ISO weekday (1 = Monday) of a "YYYY-MM-DD" date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** Today's date in a zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return zonedParts(now, timeZone).date;
}

/** [start, end) instants of the local days from `fromDate` to `toDate` inclusive. */
export function localDayRange(fromDate: string, toDate: string, timeZone: string): { from: Date; to: Date } {
  return {
    from: zonedTimeToInstant(fromDate, '00:00', timeZone),
    to: zonedTimeToInstant(addDays(toDate, 1), '00:00', timeZone),
  };
}

/** "Mon 30 Mar" style label of a local date. */
export function formatLocalDate(date: string, locale?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** Date and time of an instant in the venue's zone, e.g. "30 Mar 2026, 18:00". */
export function formatInZone(instant: string | Date | null | undefined, timeZone: string, locale?: string): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

/** Short name of the zone's offset at an instant, e.g. "GMT+2". */
export function zoneLabel(timeZone: string, instant: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(instant);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The browser's list of IANA zones when it has one (for the venue form's suggestions). */
export function knownTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  } catch {
    return [];
  }
}
