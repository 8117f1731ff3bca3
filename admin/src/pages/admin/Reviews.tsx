import { useState } from 'react';
import { list, rpc } from '../../api/client';
import type { Venue } from '../../api/types';
import { Empty, ErrorBox, Field, Loading, Notice } from '../../components/ui';
import { formatInZone } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';

/** What review_venue answers. */
export interface VenueReviewAnswer {
  venue_id: number;
  review_status: 'published' | 'rejected';
}

/** The arguments of review_venue: a note is trimmed, an empty one is none. */
export function reviewArgs(venueId: number, publish: boolean, note: string) {
  const trimmed = note.trim();
  return { venue_id: venueId, publish, note: trimmed === '' ? null : trimmed };
}

/** Venue publication (admins): venues waiting for review, oldest first; publish or reject with a note to the owner. */
export function ReviewsPage() {
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const pending = useLoad(
    (signal) =>
      list<Venue>('my_venues', { review_status: 'eq.pending_review', order: 'created_at.asc,id.asc' }, { page: 0, perPage: 100, signal }),
    [],
  );

  async function review(v: Venue, publish: boolean) {
    setBusy(v.id);
    setFailure(null);
    try {
      const answer = await rpc<VenueReviewAnswer>('review_venue', reviewArgs(v.id, publish, notes[v.id] ?? ''));
      setDone(`${v.name}: ${answer.review_status === 'published' ? 'published, players can find it now' : 'rejected'}. The owner is told.`);
      pending.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="rv-title" className="card">
      <h1 id="rv-title">Venues waiting for review</h1>
      <p className="muted">Players do not see a new owner&apos;s venue until it is published. Times in UTC.</p>
      {done && <Notice>{done}</Notice>}
      <ErrorBox error={failure} />
      {pending.loading && !pending.data && <Loading what="Loading venues" />}
      <ErrorBox error={pending.error} onRetry={pending.reload} />
      {pending.data && pending.data.rows.length === 0 && <Empty>No venue is waiting for review.</Empty>}
      {pending.data && pending.data.rows.length > 0 && (
        <table>
          <caption className="sr-only">Venues waiting for review</caption>
          <thead>
            <tr>
              <th scope="col">Venue</th>
              <th scope="col">City</th>
              <th scope="col">Created</th>
              <th scope="col">Note to the owner</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {pending.data.rows.map((v) => (
              <tr key={v.id}>
                <td>
                  {v.name} <span className="muted">#{v.id}</span>
                </td>
                <td>{v.city}</td>
                <td>{formatInZone(v.created_at, 'UTC')}</td>
                <td>
                  <Field label={`Note for ${v.name}`}>
                    {(p) => (
                      <input
                        {...p}
                        maxLength={1000}
                        value={notes[v.id] ?? ''}
                        onChange={(e) => setNotes({ ...notes, [v.id]: e.target.value })}
                      />
                    )}
                  </Field>
                </td>
                <td>
                  <button type="button" disabled={busy === v.id} onClick={() => review(v, true)}>
                    Publish
                  </button>{' '}
                  <button type="button" className="danger" disabled={busy === v.id} onClick={() => review(v, false)}>
                    Reject
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
