// Tiered cancellation policies (issue 20 item 4; API.md, set_cancellation_policy): a
// player cancelling MORE than min_minutes_before minutes before the start gets the
// refund_percent of the highest such tier back; later than the last tier, nothing.
// The rules are the server's (invalid_input says which one is broken): the panel only
// turns the form into tiers and the tiers into words.

export interface Tier {
  min_minutes_before: number;
  refund_percent: number;
}

/** A tier as the form edits it: the text of its two inputs. */
export interface TierDraft {
  hours: string;
  percent: string;
}

/** The venue's policy; an API without tiered policies answers only the 0.1 window. */
export function venuePolicy(venue: { cancellation_policy?: Tier[] | null; cancellation_window_minutes: number | null }): Tier[] {
  if (venue.cancellation_policy && venue.cancellation_policy.length) return venue.cancellation_policy;
  if (venue.cancellation_window_minutes === null) return [{ min_minutes_before: 0, refund_percent: 0 }];
  return [{ min_minutes_before: venue.cancellation_window_minutes, refund_percent: 100 }];
}

export function toDrafts(tiers: Tier[]): TierDraft[] {
  return tiers.map((t) => ({ hours: String(t.min_minutes_before / 60), percent: String(t.refund_percent) }));
}

/**
 * The tiers to send: hours as minutes (rounded to the minute), percent as given. An empty or
 * non-numeric input is sent as null, so the server's invalid_input names the broken rule.
 */
export function fromDrafts(drafts: TierDraft[]): { min_minutes_before: number | null; refund_percent: number | null }[] {
  const num = (s: string): number | null => {
    const t = s.trim().replace(',', '.');
    if (t === '') return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : null;
  };
  return drafts.map((d) => {
    const h = num(d.hours);
    return { min_minutes_before: h === null ? null : Math.round(h * 60), refund_percent: num(d.percent) };
  });
}

/** 2880 -> "48 h", 90 -> "1 h 30 min", 30 -> "30 min". */
export function formatBefore(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

function refundWords(percent: number): string {
  return percent === 0 ? 'nothing' : `${percent} %`;
}

/**
 * The policy in words: "More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing".
 * Tiers refunding nothing at the end say nothing "later" already says; a 0-minute tier runs
 * up to the start ("until the start: 10 %"), when cancelling ends anyway.
 */
export function policyInWords(tiers: Tier[]): string {
  const sorted = [...tiers].sort((a, b) => b.min_minutes_before - a.min_minutes_before);
  while (sorted.length && sorted[sorted.length - 1].refund_percent === 0) sorted.pop();
  if (!sorted.length) return 'No refund, whenever a player cancels';
  const parts = sorted.map((t, i) => {
    if (t.min_minutes_before === 0) return `${i === 0 ? 'Until' : 'until'} the start: ${refundWords(t.refund_percent)}`;
    const before = formatBefore(t.min_minutes_before);
    return i === 0 ? `More than ${before} before: ${refundWords(t.refund_percent)}` : `more than ${before}: ${refundWords(t.refund_percent)}`;
  });
  if (sorted[sorted.length - 1].min_minutes_before > 0) parts.push('later: nothing');
  return parts.join('; ');
}
