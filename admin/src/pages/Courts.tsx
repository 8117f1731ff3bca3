import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { list, rpc } from '../api/client';
import { SPORTS, type Court } from '../api/types';
import { Empty, ErrorBox, Field, Loading, Notice } from '../components/ui';
import { useLoad } from '../lib/useLoad';
import { can } from '../lib/access';
import { useVenue } from './VenueLayout';

export function CourtsPage() {
  const { venue, access } = useVenue();
  // schedule staff set hours and slots; the courts themselves are the owner's
  const manage = can(access, 'venue');
  const courts = useLoad(
    (signal) => list<Court>('courts', { venue_id: `eq.${venue.id}`, order: 'name.asc,id.asc' }, { signal }),
    [venue.id],
  );
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <div className="stack">
      <section aria-labelledby="courts-title" className="card">
        <h2 id="courts-title">Courts</h2>
        {courts.loading && !courts.data && <Loading what="Loading courts" />}
        <ErrorBox error={courts.error} onRetry={courts.reload} />
        {courts.data && courts.data.rows.length === 0 && <Empty>{manage ? 'No courts yet. Add one below.' : 'No courts yet.'}</Empty>}
        {courts.data && courts.data.rows.length > 0 && (
          <table>
            <caption className="sr-only">Courts of {venue.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Sport</th>
                <th scope="col">Surface</th>
                <th scope="col">Indoor</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {courts.data.rows.map((c) =>
                editing === c.id ? (
                  <tr key={c.id}>
                    <td colSpan={5}>
                      <CourtForm
                        court={c}
                        venueId={venue.id}
                        onDone={() => {
                          setEditing(null);
                          courts.reload();
                        }}
                        onCancel={() => setEditing(null)}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/venues/${venue.id}/courts/${c.id}`}>{c.name}</Link>
                    </td>
                    <td>{c.sport}</td>
                    <td>{c.surface ?? '—'}</td>
                    <td>{c.indoor ? 'Yes' : 'No'}</td>
                    <td className="row-actions">
                      <Link to={`/venues/${venue.id}/courts/${c.id}`}>Hours &amp; slots</Link>
                      {manage && (
                        <button type="button" className="link" onClick={() => setEditing(c.id)} aria-label={`Edit ${c.name}`}>
                          Edit
                        </button>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </section>
      {manage && (
        <section aria-labelledby="add-court-title" className="card">
          <h2 id="add-court-title">Add a court</h2>
          <CourtForm venueId={venue.id} onDone={courts.reload} />
        </section>
      )}
    </div>
  );
}

function CourtForm({
  court,
  venueId,
  onDone,
  onCancel,
}: {
  court?: Court;
  venueId: number;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(court?.name ?? '');
  const [sport, setSport] = useState(court?.sport ?? 'padel');
  const [surface, setSurface] = useState(court?.surface ?? '');
  const [indoor, setIndoor] = useState(court?.indoor ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      if (court) {
        await rpc('update_court', { court_id: court.id, name: name.trim(), sport, surface: surface.trim() || null, indoor });
      } else {
        await rpc('create_court', { venue_id: venueId, name: name.trim(), sport, surface: surface.trim() || null, indoor });
        setMessage(`Court “${name.trim()}” added.`);
        setName('');
        setSurface('');
        setIndoor(false);
      }
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="inline-form" noValidate>
      <Field label="Court name">
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />}
      </Field>
      <Field label="Sport">
        {(p) => (
          <select {...p} value={sport} onChange={(e) => setSport(e.target.value)}>
            {SPORTS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Surface">
        {(p) => <input {...p} value={surface} onChange={(e) => setSurface(e.target.value)} placeholder="e.g. artificial grass" />}
      </Field>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={indoor} onChange={(e) => setIndoor(e.target.checked)} /> Indoor
        </label>
      </div>
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        {busy ? 'Saving…' : court ? 'Save court' : 'Add court'}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {message && <Notice>{message}</Notice>}
      <ErrorBox error={error} />
    </form>
  );
}
