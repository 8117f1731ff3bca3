import { useEffect, useState, type FormEvent } from 'react';
import { list, rpc } from '../../api/client';
import type { PlatformSettings } from '../../api/types';
import { ErrorBox, Field, Loading, Notice } from '../../components/ui';
import { formatBps } from '../../lib/money';
import { useLoad } from '../../lib/useLoad';

export function SettingsPage() {
  const settings = useLoad((signal) => list<PlatformSettings>('platform_settings', {}, { signal }), []);
  const current = settings.data?.rows[0];
  const [commission, setCommission] = useState('');
  const [hold, setHold] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (current) {
      setCommission(String(current.default_commission_bps / 100));
      setHold(String(current.hold_minutes));
    }
  }, [current]);

  const pct = Number(commission);
  const holdN = Number(hold);
  const commissionError = commission.trim() !== '' && Number.isFinite(pct) && pct >= 0 && pct <= 100 ? undefined : 'From 0 to 100.';
  const holdError = Number.isInteger(holdN) && holdN >= 5 && holdN <= 8 ? undefined : 'From 5 to 8 minutes.';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (commissionError || holdError) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await rpc<PlatformSettings>('set_platform_settings', {
        default_commission_bps: Math.round(pct * 100),
        hold_minutes: holdN,
      });
      setDone(`Saved: default commission ${formatBps(r.default_commission_bps)}, holds last ${r.hold_minutes} minutes.`);
      settings.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="ps-title" className="card">
      <h1 id="ps-title">Platform settings</h1>
      {settings.loading && !settings.data && <Loading what="Loading settings" />}
      <ErrorBox error={settings.error} onRetry={settings.reload} />
      {current && (
        <form onSubmit={submit} className="inline-form" noValidate>
          <Field label="Default commission (%)" hint="Applies to venues without an override" error={commissionError}>
            {(p) => <input {...p} type="number" min={0} max={100} step={0.01} value={commission} onChange={(e) => setCommission(e.target.value)} />}
          </Field>
          <Field label="Hold minutes" hint="How long a player's hold lasts before payment" error={holdError}>
            {(p) => <input {...p} type="number" min={5} max={8} step={1} value={hold} onChange={(e) => setHold(e.target.value)} />}
          </Field>
          <button type="submit" className="primary" disabled={busy || !!commissionError || !!holdError}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </form>
      )}
      {current?.slot_horizon_days !== undefined && <p className="muted">Slots are generated {current.slot_horizon_days} days ahead.</p>}
      {done && <Notice>{done}</Notice>}
      <ErrorBox error={error} />
    </section>
  );
}
