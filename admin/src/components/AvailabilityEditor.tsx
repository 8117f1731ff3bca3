import { useMemo, useState } from 'react';
import {
  closesPastMidnight,
  copyDay,
  fromApi,
  newKey,
  slotsPerDay,
  validateRules,
  WEEKDAY_NAMES,
  type ApiRule,
  type EditorRule,
} from '../lib/availability';
import { ErrorBox, Notice } from './ui';

const COPY_TARGETS: { label: string; days: number[] }[] = [
  { label: 'every day', days: [1, 2, 3, 4, 5, 6, 7] },
  { label: 'Monday to Friday', days: [1, 2, 3, 4, 5] },
  { label: 'the weekend', days: [6, 7] },
];

/**
 * The weekly opening rules of one court. Saving sends the whole list (set_availability
 * replaces a court's rules) through `onSave`.
 */
export function AvailabilityEditor({
  initial,
  currency,
  onSave,
}: {
  initial: ApiRule[];
  currency: string;
  onSave: (rules: ApiRule[]) => Promise<unknown>;
}) {
  const [rules, setRules] = useState<EditorRule[]>(() => fromApi(initial, currency));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [copyFrom, setCopyFrom] = useState(1);
  const [copyTo, setCopyTo] = useState(0);
  const validation = useMemo(() => validateRules(rules, currency), [rules, currency]);

  const update = (key: string, patch: Partial<EditorRule>) => {
    setSaved(null);
    setTouched((t) => new Set(t).add(key));
    setRules((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const remove = (key: string) => {
    setSaved(null);
    setRules((rs) => rs.filter((r) => r.key !== key));
  };
  const add = (weekday: number) => {
    setSaved(null);
    const last = [...rules].reverse().find((r) => r.weekday === weekday);
    setRules((rs) => [
      ...rs,
      {
        key: newKey(),
        weekday,
        opens: last ? last.closes : '09:00',
        closes: last ? '23:00' : '22:00',
        slotMinutes: last?.slotMinutes ?? '90',
        price: last?.price ?? '',
      },
    ]);
  };

  async function save() {
    setTried(true);
    setSaved(null);
    if (!validation.ok) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(validation.payload);
      setSaved(`Saved ${validation.payload.length} rule${validation.payload.length === 1 ? '' : 's'}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const errorCount = Object.keys(validation.errors).length;
  return (
    <div className="availability">
      <p className="muted">
        Local times of the venue. A closing time earlier than the opening time closes after midnight, on the next day.
      </p>
      {[1, 2, 3, 4, 5, 6, 7].map((day) => {
        const dayRules = rules.filter((r) => r.weekday === day);
        const dayName = WEEKDAY_NAMES[day - 1];
        return (
          <fieldset key={day} className="day-rules">
            <legend>{dayName}</legend>
            {dayRules.length === 0 && <span className="muted">Closed</span>}
            {dayRules.map((r, i) => {
              const errs = tried || touched.has(r.key) ? validation.errors[r.key] : undefined;
              const warns = validation.warnings[r.key];
              const label = `${dayName} ${i + 1}`;
              const msgId = `msg-${r.key}`;
              return (
                <div key={r.key} className="rule" data-testid={`rule-${day}-${i}`}>
                  <label>
                    Opens
                    <input
                      type="time"
                      value={r.opens}
                      aria-label={`${label} opens`}
                      aria-describedby={msgId}
                      aria-invalid={errs ? true : undefined}
                      onChange={(e) => update(r.key, { opens: e.target.value })}
                    />
                  </label>
                  <label>
                    Closes
                    <input
                      type="time"
                      value={r.closes}
                      aria-label={`${label} closes`}
                      aria-describedby={msgId}
                      aria-invalid={errs ? true : undefined}
                      onChange={(e) => update(r.key, { closes: e.target.value })}
                    />
                  </label>
                  {closesPastMidnight(r.opens, r.closes) && <span className="badge">next day</span>}
                  <label>
                    Slot (min)
                    <input
                      type="number"
                      min={15}
                      max={480}
                      step={15}
                      value={r.slotMinutes}
                      aria-label={`${label} slot minutes`}
                      onChange={(e) => update(r.key, { slotMinutes: e.target.value })}
                    />
                  </label>
                  <label>
                    Price ({currency})
                    <input
                      inputMode="decimal"
                      value={r.price}
                      aria-label={`${label} price`}
                      onChange={(e) => update(r.key, { price: e.target.value })}
                    />
                  </label>
                  <span className="muted">{slotsPerDay(r) || 0} slots</span>
                  <button type="button" className="link" onClick={() => remove(r.key)} aria-label={`Remove ${label}`}>
                    Remove
                  </button>
                  <div id={msgId} className="rule-msgs">
                    {errs?.map((m) => (
                      <small key={m} className="field-error">
                        {m}
                      </small>
                    ))}
                    {warns?.map((m) => (
                      <small key={m} className="hint">
                        {m}
                      </small>
                    ))}
                  </div>
                </div>
              );
            })}
            <button type="button" className="link" onClick={() => add(day)}>
              Add hours on {dayName}
            </button>
          </fieldset>
        );
      })}
      <div className="inline-form">
        <label>
          Copy
          <select value={copyFrom} onChange={(e) => setCopyFrom(Number(e.target.value))} aria-label="Copy the hours of">
            {WEEKDAY_NAMES.map((n, i) => (
              <option key={n} value={i + 1}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          to
          <select value={copyTo} onChange={(e) => setCopyTo(Number(e.target.value))} aria-label="Copy to">
            {COPY_TARGETS.map((t, i) => (
              <option key={t.label} value={i}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setRules((rs) => copyDay(rs, copyFrom, COPY_TARGETS[copyTo].days))}>
          Copy hours
        </button>
      </div>
      {tried && errorCount > 0 && (
        <div className="error" role="alert">
          Fix the {errorCount} highlighted rule{errorCount === 1 ? '' : 's'} before saving.
        </div>
      )}
      <ErrorBox error={error} />
      {saved && <Notice>{saved}</Notice>}
      <button type="button" className="primary" onClick={save} disabled={busy}>
        {busy ? 'Saving…' : 'Save opening hours'}
      </button>
    </div>
  );
}
