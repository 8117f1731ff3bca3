import { useState, type FormEvent } from 'react';
import { rpc } from '../api/client';
import { ErrorBox, Field, Notice } from '../components/ui';
import { fromDrafts, policyInWords, toDrafts, venuePolicy, type Tier, type TierDraft } from '../lib/policy';
import { Allowed, useVenue } from './VenueLayout';

/** What api.set_cancellation_policy answers. */
interface SavedPolicy {
  venue_id: number;
  tiers: Tier[];
  cancellation_window_minutes: number | null;
}

const MAX_TIERS = 10;

/**
 * The venue's tiered cancellation policy (issue 20): the owner's (and admins'), never
 * staff's — like the Stripe page, the tab is hidden and the page refuses itself.
 */
export function CancellationPolicyPage() {
  return (
    <Allowed need="policy">
      <PolicyEditor />
    </Allowed>
  );
}

function PolicyEditor() {
  const { venue, reload } = useVenue();
  const [current, setCurrent] = useState<Tier[]>(() => venuePolicy(venue));
  const [drafts, setDrafts] = useState<TierDraft[]>(() => toDrafts(venuePolicy(venue)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  function change(i: number, patch: Partial<TierDraft>) {
    setSaved(false);
    setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  }
  function add() {
    setSaved(false);
    setDrafts((ds) => [...ds, { hours: '', percent: '' }]);
  }
  function remove(i: number) {
    setSaved(false);
    setDrafts((ds) => ds.filter((_, k) => k !== i));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const answer = await rpc<SavedPolicy>('set_cancellation_policy', { venue_id: venue.id, tiers: fromDrafts(drafts) });
      setCurrent(answer.tiers);
      setDrafts(toDrafts(answer.tiers));
      setSaved(true);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="policy-title" className="card">
      <h2 id="policy-title">Cancellation policy</h2>
      <p>
        In effect: <strong data-testid="policy-words">{policyInWords(current)}</strong>.
      </p>
      <p className="muted">
        A player who cancels more than the given hours before the start gets that percentage of what they paid back; after
        the last tier, nothing. Bookings already made keep the policy they were made under. Cancellations by the venue are
        always refunded in full.
      </p>
      <form onSubmit={save} noValidate aria-label="Cancellation policy tiers">
        <table>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">More than … hours before the start</th>
              <th scope="col">Refund (%)</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d, i) => (
              <tr key={i} data-tier={i + 1}>
                <td>{i + 1}</td>
                <td>
                  <Field label={`Hours before the start, tier ${i + 1}`}>
                    {(p) => (
                      <input {...p} type="number" min={0} max={720} step="any" value={d.hours} onChange={(e) => change(i, { hours: e.target.value })} />
                    )}
                  </Field>
                </td>
                <td>
                  <Field label={`Refund percent, tier ${i + 1}`}>
                    {(p) => (
                      <input {...p} type="number" min={0} max={100} step={1} value={d.percent} onChange={(e) => change(i, { percent: e.target.value })} />
                    )}
                  </Field>
                </td>
                <td>
                  <button type="button" className="link" onClick={() => remove(i)} disabled={drafts.length <= 1}>
                    Remove tier {i + 1}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions">
          <button type="button" onClick={add} disabled={drafts.length >= MAX_TIERS}>
            Add a tier
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save policy'}
          </button>
        </div>
      </form>
      {saved && <Notice>Saved: {policyInWords(current)}.</Notice>}
      <ErrorBox error={error} />
    </section>
  );
}
