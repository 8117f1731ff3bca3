import { useState, type FormEvent } from 'react';
import { list, rpc } from '../api/client';
import type { Court } from '../api/types';
import { ConfirmDialog, Empty, ErrorBox, Field, Loading, Notice } from '../components/ui';
import {
  conflictText,
  occurrenceLabel,
  seriesArgs,
  seriesFormError,
  seriesWhen,
  type Occurrence,
  type SeriesForm,
  type SeriesRow,
} from '../lib/series';
import { addDays, formatInZone, todayIn, zonedParts, zonedTimeToInstant } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { Allowed, useVenue } from './VenueLayout';

export function SeriesPage() {
  return (
    <Allowed need="bookings">
      <Series />
    </Allowed>
  );
}

function Series() {
  const { venue } = useVenue();
  const series = useLoad(
    (signal) => list<SeriesRow>('booking_series', { venue_id: `eq.${venue.id}`, order: 'created_at.desc,id.desc' }, { signal }),
    [venue.id],
  );
  const courts = useLoad((signal) => list<Court>('courts', { venue_id: `eq.${venue.id}`, order: 'name.asc,id.asc' }, { signal }), [venue.id]);
  const [cancelling, setCancelling] = useState<SeriesRow | null>(null);
  const [done, setDone] = useState<string | null>(null);

  return (
    <div className="stack">
      <section aria-labelledby="new-series-title" className="card">
        <h2 id="new-series-title">New series</h2>
        <p className="muted">
          The same court every week at the same local time (kept across daylight-saving changes), for a named customer, paid at the venue.
          Preview first: every week is shown free or with its conflict.
        </p>
        <NewSeries courts={courts.data?.rows ?? []} timeZone={venue.timezone} onBooked={series.reload} />
      </section>
      <section aria-labelledby="series-title" className="card">
        <h2 id="series-title">Series</h2>
        {done && <Notice>{done}</Notice>}
        {series.loading && !series.data && <Loading what="Loading series" />}
        <ErrorBox error={series.error} onRetry={series.reload} />
        {series.data && series.data.rows.length === 0 && <Empty>No series yet.</Empty>}
        {series.data && series.data.rows.length > 0 && (
          <table>
            <caption className="sr-only">Series of {venue.name}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Court</th>
                <th scope="col">When ({venue.timezone})</th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Booked weeks
                </th>
                <th scope="col">Next</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {series.data.rows.map((s) => (
                <tr key={s.id} data-series-id={s.id}>
                  <td>{s.id}</td>
                  <td>{s.court_name}</td>
                  <td>
                    {seriesWhen(s)} · from {formatInZone(s.first_start, venue.timezone)} · {s.weeks} weeks
                  </td>
                  <td>{s.customer_name}</td>
                  <td className="num">{s.confirmed_bookings}</td>
                  <td>{s.next_start ? formatInZone(s.next_start, venue.timezone) : '—'}</td>
                  <td>
                    {s.next_start ? (
                      <button type="button" className="link danger" onClick={() => { setDone(null); setCancelling(s); }}>
                        Cancel<span className="sr-only"> series {s.id}</span>
                      </button>
                    ) : (
                      <span className="muted">{s.cancelled_at ? 'cancelled' : 'no future weeks'}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {cancelling && (
        <CancelSeries
          series={cancelling}
          timeZone={venue.timezone}
          onClose={() => setCancelling(null)}
          onDone={(n) => {
            setDone(`Series #${cancelling.id}: ${n} booking${n === 1 ? '' : 's'} cancelled.`);
            setCancelling(null);
            series.reload();
          }}
        />
      )}
    </div>
  );
}

function NewSeries({ courts, timeZone, onBooked }: { courts: Court[]; timeZone: string; onBooked: () => void }) {
  const [form, setForm] = useState<SeriesForm>(() => ({ courtId: '', date: addDays(todayIn(timeZone), 1), time: '18:00', weeks: '8', minutes: '' }));
  const [customer, setCustomer] = useState({ name: '', phone: '', email: '', note: '' });
  const [mode, setMode] = useState<'fail' | 'skip'>('fail');
  const [preview, setPreview] = useState<Occurrence[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const courtId = form.courtId || (courts[0] ? String(courts[0].id) : '');
  const f = { ...form, courtId };
  const formError = seriesFormError(f);
  const set = (patch: Partial<SeriesForm>) => {
    setForm((x) => ({ ...x, ...patch }));
    setPreview(null);
    setDone(null);
    setConflict(null);
  };
  const local = (iso: string) => {
    const p = zonedParts(iso, timeZone);
    return { date: p.date, time: p.time };
  };

  async function runPreview(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (formError) return;
    setBusy(true);
    setError(null);
    setConflict(null);
    setDone(null);
    try {
      const r = await rpc<{ occurrences: Occurrence[] | null }>('preview_series', seriesArgs(f, timeZone));
      setPreview(r.occurrences ?? []);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function book() {
    setTried(true);
    if (formError || !customer.name.trim()) return;
    setBusy(true);
    setError(null);
    setConflict(null);
    try {
      const r = await rpc<{ series_id: number; booked: number[]; skipped: string[] }>('book_series', {
        ...seriesArgs(f, timeZone),
        customer_name: customer.name.trim(),
        customer_phone: customer.phone.trim() || null,
        customer_email: customer.email.trim() || null,
        note: customer.note.trim() || null,
        on_conflict: mode,
      });
      const skipped = r.skipped ?? [];
      setDone(
        `Series #${r.series_id} booked: ${r.booked.length} week${r.booked.length === 1 ? '' : 's'}` +
          (skipped.length ? `; skipped ${skipped.length}: ${skipped.map((s) => `${local(s).date} ${local(s).time}`).join(', ')}.` : '.'),
      );
      setPreview(null);
      onBooked();
    } catch (err) {
      const text = conflictText(err, timeZone);
      if (text) setConflict(text);
      else setError(err);
      // the weeks may have changed meanwhile: show them again
      rpc<{ occurrences: Occurrence[] | null }>('preview_series', seriesArgs(f, timeZone))
        .then((r) => setPreview(r.occurrences ?? []))
        .catch(() => {});
    } finally {
      setBusy(false);
    }
  }

  const conflicts = preview?.filter((o) => o.status === 'conflict').length ?? 0;
  return (
    <div>
      <form onSubmit={runPreview} noValidate className="inline-form" aria-label="Series">
        <Field label="Series court">
          {(p) => (
            <select {...p} value={courtId} onChange={(e) => set({ courtId: e.target.value })}>
              {courts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="First day (venue date)">
          {(p) => <input {...p} type="date" value={form.date} onChange={(e) => set({ date: e.target.value })} />}
        </Field>
        <Field label="Start (venue time)">
          {(p) => <input {...p} type="time" value={form.time} onChange={(e) => set({ time: e.target.value })} />}
        </Field>
        <Field label="Weeks">
          {(p) => <input {...p} type="number" min={2} max={52} value={form.weeks} onChange={(e) => set({ weeks: e.target.value })} />}
        </Field>
        <Field label="Minutes" hint="Empty: the slot’s length">
          {(p) => <input {...p} type="number" min={5} max={720} value={form.minutes} onChange={(e) => set({ minutes: e.target.value })} />}
        </Field>
        <button type="submit" disabled={busy}>
          Preview weeks
        </button>
        {tried && formError && <small className="field-error">{formError}</small>}
      </form>
      <ErrorBox error={error} />
      {preview && (
        <>
          <table aria-label="Weeks of the series">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Day</th>
                <th scope="col">Time ({timeZone})</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((o) => (
                <tr key={o.week} data-week={o.week} data-status={o.status}>
                  <td>{o.week}</td>
                  <td>{local(o.start_at).date}</td>
                  <td>
                    {local(o.start_at).time}–{local(o.end_at).time}
                  </td>
                  <td className={o.status === 'free' ? 'occ-free' : 'occ-conflict'}>{occurrenceLabel(o)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p role="status">
            {preview.length - conflicts} of {preview.length} weeks free{conflicts ? `, ${conflicts} with a conflict` : ''}.
          </p>
          <div className="inline-form">
            <Field label="Customer name for the series" error={tried && !customer.name.trim() ? 'The customer’s name is needed.' : undefined}>
              {(p) => <input {...p} value={customer.name} maxLength={200} onChange={(e) => setCustomer({ ...customer, name: e.target.value })} />}
            </Field>
            <Field label="Customer phone" hint="e.g. +34600000000">
              {(p) => <input {...p} type="tel" value={customer.phone} maxLength={40} onChange={(e) => setCustomer({ ...customer, phone: e.target.value })} />}
            </Field>
            <fieldset className="perms">
              <legend>If a week conflicts</legend>
              <label>
                <input type="radio" name="on_conflict" checked={mode === 'fail'} onChange={() => setMode('fail')} /> Book nothing
              </label>
              <label>
                <input type="radio" name="on_conflict" checked={mode === 'skip'} onChange={() => setMode('skip')} /> Skip those weeks
              </label>
            </fieldset>
            <button type="button" className="primary" disabled={busy} onClick={book}>
              {busy ? 'Booking…' : 'Book series'}
            </button>
          </div>
        </>
      )}
      {conflict && (
        <div className="error" role="alert">
          {conflict}
        </div>
      )}
      {done && <Notice>{done}</Notice>}
    </div>
  );
}

function CancelSeries({ series, timeZone, onClose, onDone }: { series: SeriesRow; timeZone: string; onClose: () => void; onDone: (n: number) => void }) {
  const [from, setFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const r = await rpc<{ series_id: number; cancelled: number }>('cancel_series', {
        series_id: series.id,
        from_start: from ? zonedTimeToInstant(from, '00:00', timeZone).toISOString() : null,
      });
      onDone(r.cancelled);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      title={`Cancel series #${series.id}?`}
      confirmLabel={from ? `Cancel from ${from}` : 'Cancel every future week'}
      cancelLabel="Keep series"
      busy={busy}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>
        {series.customer_name}, {series.court_name}, {seriesWhen(series)}. Weeks paid at the venue have nothing to refund.
      </p>
      <Field label="From (venue date)" hint="Empty: every future week">
        {(p) => <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
      </Field>
      <ErrorBox error={error} />
    </ConfirmDialog>
  );
}
