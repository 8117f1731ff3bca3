// Money is integer minor units plus an ISO currency (DESIGN.md). Shown with
// Intl.NumberFormat in the venue's currency; typed in as major units.
const cache = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    cache.set(key, f);
  }
  return f;
}

/** Digits after the decimal point of a currency: EUR 2, JPY 0, KWD 3. */
export function minorDigits(currency: string): number {
  try {
    return formatter(currency, 'en').resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 1234, 'EUR' → "€12.34" (locale-dependent). Null/undefined → "—". */
export function formatMoney(cents: number | null | undefined, currency: string, locale?: string): string {
  if (cents === null || cents === undefined || Number.isNaN(Number(cents))) return '—';
  const digits = minorDigits(currency);
  const major = Number(cents) / 10 ** digits;
  try {
    return formatter(currency, locale).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** "12.50" or "12,50" (major units) → 1250 minor units; null when not a non-negative amount. */
export function parseMoney(input: string, currency: string): number | null {
  const s = input.trim().replace(/\s/g, '');
  if (!/^\d+([.,]\d+)?$/.test(s)) return null;
  const digits = minorDigits(currency);
  const [whole, frac = ''] = s.split(/[.,]/);
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || 0);
}

/** 1250 minor units → "12.50" for an input field. */
export function centsToInput(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(cents);
  const neg = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 10 ** digits);
  const frac = String(abs % 10 ** digits).padStart(digits, '0');
  return `${neg}${whole}.${frac}`;
}

/** Basis points → "12.5 %". */
export function formatBps(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '—';
  return `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;
}
