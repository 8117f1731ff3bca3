import { useState, type FormEvent } from 'react';
import { list, payments, rpc } from '../api/client';
import { useAuth } from '../auth';
import { ErrorBox, Field, Notice } from '../components/ui';
import { VenueForm, type VenueFields } from '../components/VenueForm';
import { PERMISSION_LABEL, PERMISSIONS } from '../lib/access';
import { formatBps } from '../lib/money';
import { policyInWords, type Tier } from '../lib/policy';
import { reviewInWords } from '../lib/review';
import { useLoad } from '../lib/useLoad';
import { Allowed, useVenue } from './VenueLayout';

export function VenueOverview() {
  const { venue, access, reload } = useVenue();
  const { session } = useAuth();
  const [saved, setSaved] = useState(false);
  if (access.kind === 'staff') return <StaffOverview />;

  async function save(f: VenueFields) {
    setSaved(false);
    await rpc('update_venue', { venue_id: venue.id, ...f });
    setSaved(true);
    reload();
  }

  return (
    <div className="stack">
      {session?.role === 'owner' && <PublicationCard />}
      <section aria-labelledby="edit-title" className="card">
        <h2 id="edit-title">Venue details</h2>
        {saved && <Notice>Saved.</Notice>}
        <VenueForm key={venue.id} venue={venue} submitLabel="Save changes" onSubmit={save} />
      </section>
      {session?.role === 'admin' && <CommissionCard />}
    </div>
  );
}

/** Venue publication for the owner: whether players find the venue; a rejected one is sent for review again. */
function PublicationCard() {
  const { venue, reload } = useVenue();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const status = venue.review_status ?? 'published';
  if (status === 'published') return null;
  async function ask() {
    setBusy(true);
    setError(null);
    try {
      await rpc('request_venue_review', { venue_id: venue.id });
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="pub-title" className="card">
      <h2 id="pub-title">Publication</h2>
      <p data-testid="review-status">{reviewInWords(status, venue.review_note)}</p>
      <ErrorBox error={error} />
      {status === 'rejected' && (
        <button type="button" className="primary" disabled={busy} onClick={ask}>
          Ask for a new review
        </button>
      )}
    </section>
  );
}

/** A staff member's overview: what they may do here (the venue's settings are the owner's). */
function StaffOverview() {
  const { venue, access } = useVenue();
  // What the desk tells a player who asks about cancelling: the policy players see
  // (GET /venues shows staff the venues they work at; my_venues is the owner's).
  const policy = useLoad(
    (signal) => list<{ cancellation_policy: Tier[] | null }>('venues', { id: `eq.${venue.id}`, select: 'cancellation_policy' }, { signal }),
    [venue.id],
  );
  const tiers = policy.data?.rows[0]?.cancellation_policy;
  return (
    <section aria-labelledby="access-title" className="card">
      <h2 id="access-title">Your access</h2>
      <p>
        You work at {venue.name} as staff. Times are in {venue.timezone}.
      </p>
      <ul aria-label="Your permissions">
        {PERMISSIONS.map((p) => (
          <li key={p}>
            {access.permissions.includes(p) ? '✓' : '✗'} {PERMISSION_LABEL[p]}
            <span className="sr-only">{access.permissions.includes(p) ? ': allowed' : ': not allowed'}</span>
          </li>
        ))}
      </ul>
      {tiers && <p data-testid="staff-policy">Players’ cancellation policy: {policyInWords(tiers)}.</p>}
      <ErrorBox error={policy.error} onRetry={policy.reload} />
      <p className="muted">The venue’s details, courts, staff and Stripe settings are its owner’s.</p>
    </section>
  );
}

/** The venue's Stripe Connect account: owners and admins only (staff never see it). */
export function StripePage() {
  return (
    <Allowed need="stripe">
      <StripeCard />
    </Allowed>
  );
}

function StripeCard() {
  const { venue } = useVenue();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function connect() {
    setBusy(true);
    setError(null);
    try {
      const { url } = await payments<{ account_id: string; url: string }>('connect/onboarding', { venue_id: venue.id });
      window.location.assign(url);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="stripe-title" className="card">
      <h2 id="stripe-title">Payments (Stripe)</h2>
      <dl className="facts">
        <dt>Account</dt>
        <dd>{venue.stripe_account_id ?? 'Not connected'}</dd>
        <dt>Charges</dt>
        <dd className={venue.stripe_charges_enabled ? 'ok' : 'warn'}>{venue.stripe_charges_enabled ? 'Enabled' : 'Not enabled'}</dd>
        <dt>Payouts</dt>
        <dd className={venue.stripe_payouts_enabled ? 'ok' : 'warn'}>{venue.stripe_payouts_enabled ? 'Enabled' : 'Not enabled'}</dd>
        <dt>Commission</dt>
        <dd>{formatBps(venue.effective_commission_bps)}</dd>
      </dl>
      {!(venue.stripe_charges_enabled && venue.stripe_payouts_enabled) && (
        <button type="button" className="primary" onClick={connect} disabled={busy}>
          {busy ? 'Opening Stripe…' : venue.stripe_account_id ? 'Continue Stripe onboarding' : 'Connect your bank account'}
        </button>
      )}
      <ErrorBox error={error} />
    </section>
  );
}

function CommissionCard() {
  const { venue, reload } = useVenue();
  const [value, setValue] = useState(venue.commission_bps === null ? '' : String(venue.commission_bps / 100));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const pct = value.trim() === '' ? null : Number(value);
  const invalid = pct !== null && (!Number.isFinite(pct) || pct < 0 || pct > 100);

  async function submit(e: FormEvent, clear = false) {
    e.preventDefault();
    if (invalid && !clear) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const bps = clear || pct === null ? null : Math.round(pct * 100);
      const answer = await rpc<{ venue_id: number; commission_bps: number | null }>('set_commission', {
        venue_id: venue.id,
        commission_bps: bps,
      });
      setDone(answer.commission_bps === null ? 'The platform default now applies.' : `Commission set to ${formatBps(answer.commission_bps)}.`);
      if (clear) setValue('');
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="commission-title" className="card">
      <h2 id="commission-title">Commission override (admin)</h2>
      <p className="muted">
        In effect: {formatBps(venue.effective_commission_bps)}
        {venue.commission_bps === null ? ' — the platform default' : ' — an override'}.
      </p>
      <form onSubmit={(e) => submit(e)} className="inline-form" noValidate>
        <Field label="Commission (%)" hint="Empty = platform default" error={invalid ? 'From 0 to 100.' : undefined}>
          {(p) => <input {...p} type="number" min={0} max={100} step={0.01} value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
        <button type="submit" className="primary" disabled={busy || invalid}>
          Save commission
        </button>
        <button type="button" onClick={(e) => submit(e as unknown as FormEvent, true)} disabled={busy || venue.commission_bps === null}>
          Use platform default
        </button>
      </form>
      {done && <Notice>{done}</Notice>}
      <ErrorBox error={error} />
    </section>
  );
}
