import { useState, type FormEvent } from 'react';
import { rpc } from '../api/client';
import type { Venue, VenueReport } from '../api/types';
import { BarChart } from '../components/BarChart';
import { Empty, ErrorBox, Field, Loading } from '../components/ui';
import { formatMoney, minorDigits } from '../lib/money';
import { addDays, formatLocalDate, localDayRange, todayIn } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { useVenue } from './VenueLayout';

/** Arguments of api.venue_report for the local days from..to (inclusive) of a venue. */
export function reportArgs(venue: Venue, from: string, to: string) {
  const r = localDayRange(from, to, venue.timezone);
  return { venue_id: venue.id, from: r.from.toISOString(), to: r.to.toISOString() };
}

/** Buckets of the chart: one per day up to 31 days, else one per week (at most 60). */
export function bucketDays(from: string, to: string): number {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86400000) + 1;
  return days <= 31 ? 1 : 7;
}

export function buckets(from: string, to: string): { from: string; to: string; label: string }[] {
  const out: { from: string; to: string; label: string }[] = [];
  const size = bucketDays(from, to);
  for (let d = from; d <= to && out.length < 60; d = addDays(d, size)) {
    const end = addDays(d, size - 1) < to ? addDays(d, size - 1) : to;
    out.push({ from: d, to: end, label: formatLocalDate(d).replace(/^\w+,?\s*/, '') });
  }
  return out;
}

async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

export function ReportPage() {
  const { venue } = useVenue();
  const today = todayIn(venue.timezone);
  const [draft, setDraft] = useState({ from: addDays(today, -20), to: addDays(today, 7) });
  const [range, setRange] = useState(draft);
  const valid = draft.from && draft.to && draft.from <= draft.to;

  const report = useLoad(async () => {
    const total = await rpc<VenueReport>('venue_report', reportArgs(venue, range.from, range.to));
    const parts = await pool(buckets(range.from, range.to), 4, async (bk) => ({
      label: bk.label,
      report: await rpc<VenueReport>('venue_report', reportArgs(venue, bk.from, bk.to)),
    }));
    return { total, parts };
  }, [venue.id, range.from, range.to]);

  const money = (v: number) => formatMoney(v, venue.currency);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) setRange(draft);
  };
  const t = report.data?.total;
  return (
    <section aria-labelledby="rp-title" className="card">
      <h2 id="rp-title">Report</h2>
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field label="From (venue date)">
          {(p) => <input {...p} type="date" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />}
        </Field>
        <Field label="To (venue date)" error={valid ? undefined : 'The end must not be before the start.'}>
          {(p) => <input {...p} type="date" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />}
        </Field>
        <button type="submit" className="primary" disabled={!valid}>
          Show report
        </button>
      </form>
      {report.loading && <Loading what="Loading report" />}
      <ErrorBox error={report.error} onRetry={report.reload} />
      {t && (
        <>
          <dl className="kpis">
            <div>
              <dt>Bookings</dt>
              <dd>{t.bookings}</dd>
            </div>
            <div>
              <dt>Gross</dt>
              <dd>{money(t.gross_cents)}</dd>
            </div>
            <div>
              <dt>Fees</dt>
              <dd>{money(t.fee_cents)}</dd>
            </div>
            <div>
              <dt>Net</dt>
              <dd>{money(t.net_cents)}</dd>
            </div>
            <div>
              <dt>Refunds</dt>
              <dd>{money(t.refunded_cents)}</dd>
            </div>
            <div>
              <dt>Occupancy</dt>
              <dd>{formatOccupancy(t.occupancy)}</dd>
            </div>
          </dl>
          {t.bookings === 0 && t.gross_cents === 0 ? (
            <Empty>No bookings in this period.</Empty>
          ) : (
            <BarChart
              title={`Gross per ${bucketDays(range.from, range.to) === 7 ? 'week' : 'day'}: net, fees and refunds`}
              data={report.data!.parts.map((p) => ({
                label: p.label,
                values: { net: p.report.net_cents, fee: p.report.fee_cents, refunded: p.report.refunded_cents },
              }))}
              series={[
                { key: 'net', label: 'Net to venue', className: 'c-net' },
                { key: 'fee', label: 'Platform fee', className: 'c-fee' },
                { key: 'refunded', label: 'Refunded', className: 'c-refund' },
              ]}
              format={money}
              minMax={10 ** minorDigits(venue.currency)}
            />
          )}
        </>
      )}
    </section>
  );
}

export function formatOccupancy(o: number | null | undefined): string {
  if (o === null || o === undefined || Number.isNaN(Number(o))) return '—';
  const n = Number(o);
  // a fraction (0..1) or already a percentage
  const pct = n <= 1 ? n * 100 : n;
  return `${pct.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
}
