import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getOne, list, rpc } from '../api/client';
import { isNotFound } from '../api/errors';
import type { Court } from '../api/types';
import { AvailabilityEditor } from '../components/AvailabilityEditor';
import { ErrorBox, Field, Loading, NotFound, Notice } from '../components/ui';
import { WeekGrid } from '../components/WeekGrid';
import type { ApiRule } from '../lib/availability';
import { todayIn } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { useVenue } from './VenueLayout';

export function CourtPage() {
  const { venue } = useVenue();
  const courtId = Number(useParams().courtId);
  const court = useLoad(
    (signal) => getOne<Court>('courts', { id: `eq.${courtId}`, venue_id: `eq.${venue.id}` }, signal),
    [courtId, venue.id],
  );
  const rules = useLoad(
    (signal) => list<ApiRule & { id: number }>('availability_rules', { court_id: `eq.${courtId}`, order: 'weekday.asc,opens.asc' }, { signal }),
    [courtId],
  );
  const [refresh, setRefresh] = useState(0);

  if (court.error && isNotFound(court.error)) return <NotFound what="Court" />;
  if (court.error) return <ErrorBox error={court.error} onRetry={court.reload} />;
  if (!court.data) return <Loading what="Loading court" />;
  const c = court.data;
  return (
    <div className="stack">
      <p>
        <Link to={`/venues/${venue.id}/courts`}>← All courts</Link>
      </p>
      <h2>
        {c.name} <span className="muted">({c.sport}{c.indoor ? ', indoor' : ''})</span>
      </h2>
      <section aria-labelledby="hours-title" className="card">
        <h3 id="hours-title">Weekly opening hours</h3>
        {rules.loading && !rules.data && <Loading what="Loading opening hours" />}
        <ErrorBox error={rules.error} onRetry={rules.reload} />
        {rules.data && (
          <AvailabilityEditor
            key={courtId}
            initial={rules.data.rows}
            currency={venue.currency}
            onSave={async (payload) => {
              await rpc('set_availability', { court_id: courtId, rules: payload });
            }}
          />
        )}
      </section>
      <section aria-labelledby="gen-title" className="card">
        <h3 id="gen-title">Generate slots</h3>
        <GenerateSlots
          courtId={courtId}
          timeZone={venue.timezone}
          onDone={() => setRefresh((n) => n + 1)}
        />
      </section>
      <section aria-labelledby="grid-title" className="card">
        <h3 id="grid-title">Slots</h3>
        <WeekGrid courtId={courtId} timeZone={venue.timezone} currency={venue.currency} refreshKey={refresh} />
      </section>
    </div>
  );
}

function GenerateSlots({ courtId, timeZone, onDone }: { courtId: number; timeZone: string; onDone: () => void }) {
  const [days, setDays] = useState('14');
  const [fromDate, setFromDate] = useState(() => todayIn(timeZone));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<number | null>(null);
  const n = Number(days);
  const invalid = !Number.isInteger(n) || n < 1 || n > 400;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (invalid) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const r = await rpc<{ created: number }>('generate_slots', { court_id: courtId, from_date: fromDate, days: n });
      setCreated(r.created);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="inline-form" noValidate>
      <Field label="From (venue date)">
        {(p) => <input {...p} type="date" value={fromDate} onChange={(e) => setFromDate(e.target.value)} />}
      </Field>
      <Field label="Days" error={invalid ? 'From 1 to 400 days.' : undefined}>
        {(p) => <input {...p} type="number" min={1} max={400} value={days} onChange={(e) => setDays(e.target.value)} />}
      </Field>
      <button type="submit" className="primary" disabled={busy || invalid}>
        {busy ? 'Generating…' : `Generate slots for the next ${invalid ? 'N' : n} days`}
      </button>
      {created !== null && (
        <Notice>
          Created {created} new slot{created === 1 ? '' : 's'}
          {created === 0 ? ' (existing slots are never changed)' : ''}.
        </Notice>
      )}
      <ErrorBox error={error} />
    </form>
  );
}
