import { useMemo, useState } from 'react';
import { list, rpc } from '../api/client';
import { Empty, ErrorBox, Loading, Notice } from './ui';
import { formatMoney } from '../lib/money';
import { addDays, formatLocalDate, mondayOf, todayIn, zoneLabel } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { layoutWeek, STATUS_LABEL, weekBounds, type CourtSlot, type WeekDay } from '../lib/weekgrid';

/** The seven day columns; pure, so tests can render it with fixed slots. */
export function WeekGridView({
  days,
  currency,
  selected,
  onToggle,
}: {
  days: WeekDay[];
  currency: string;
  selected: Set<number>;
  onToggle: (id: number) => void;
}) {
  return (
    <div className="weekgrid" role="group" aria-label="Slots of the week">
      {days.map((d) => (
        <div key={d.date} className="daycol" data-date={d.date}>
          <h4 className="dayhead">{formatLocalDate(d.date)}</h4>
          {d.slots.length === 0 && <span className="muted small">No slots</span>}
          <ul>
            {d.slots.map((p) => {
              const s = p.slot;
              const sel = selected.has(s.id);
              const label = `${formatLocalDate(d.date)} ${p.start}–${p.end}, ${STATUS_LABEL[s.status]}, ${formatMoney(s.price_cents, currency)}`;
              return (
                <li key={s.id}>
                  <button
                    type="button"
                    className={`slot ${s.status}${sel ? ' selected' : ''}`}
                    aria-pressed={sel}
                    aria-label={label}
                    title={s.blocked_reason ? `${label} — ${s.blocked_reason}` : label}
                    data-slot-id={s.id}
                    data-status={s.status}
                    onClick={() => onToggle(s.id)}
                  >
                    <span className="time">
                      {p.start}–{p.end}
                    </span>
                    <span className="status">{STATUS_LABEL[s.status]}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** One court's slots, week by week, in the venue's zone; block and unblock a selection. */
export function WeekGrid({
  courtId,
  timeZone,
  currency,
  refreshKey = 0,
}: {
  courtId: number;
  timeZone: string;
  currency: string;
  refreshKey?: number;
}) {
  const [monday, setMonday] = useState(() => mondayOf(todayIn(timeZone)));
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);
  const bounds = useMemo(() => weekBounds(monday, timeZone), [monday, timeZone]);
  const slots = useLoad(
    (signal) =>
      list<CourtSlot>(
        'court_slots',
        {
          court_id: `eq.${courtId}`,
          start_at: [`gte.${bounds.from.toISOString()}`, `lt.${bounds.to.toISOString()}`],
          order: 'start_at.asc',
        },
        { signal },
      ),
    [courtId, bounds.from.getTime(), refreshKey],
  );
  const days = useMemo(() => layoutWeek(slots.data?.rows ?? [], monday, timeZone), [slots.data, monday, timeZone]);
  const byId = useMemo(() => new Map((slots.data?.rows ?? []).map((s) => [s.id, s])), [slots.data]);

  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const go = (m: string) => {
    setMonday(m);
    setSelected(new Set());
    setResult(null);
  };

  async function act(kind: 'block' | 'unblock') {
    const ids = [...selected].sort((a, b) => a - b);
    if (!ids.length) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      if (kind === 'block') {
        const r = await rpc<{ blocked: number; skipped: number[] | null }>('block_slots', {
          slot_ids: ids,
          reason: reason.trim() || 'Blocked by the venue',
        });
        const skipped = r.skipped ?? [];
        setResult(
          `Blocked ${r.blocked} slot${r.blocked === 1 ? '' : 's'}.` +
            (skipped.length
              ? ` Skipped ${skipped.length} held or booked: ${skipped
                  .map((id) => `#${id}${byId.get(id) ? ` (${STATUS_LABEL[byId.get(id)!.status].toLowerCase()})` : ''}`)
                  .join(', ')}.`
              : ''),
        );
      } else {
        const r = await rpc<{ unblocked: number }>('unblock_slots', { slot_ids: ids });
        const notBlocked = ids.length - r.unblocked;
        setResult(
          `Unblocked ${r.unblocked} slot${r.unblocked === 1 ? '' : 's'}.` +
            (notBlocked > 0 ? ` ${notBlocked} selected slot${notBlocked === 1 ? ' was' : 's were'} not blocked.` : ''),
        );
      }
      setSelected(new Set());
      slots.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const total = slots.data?.rows.length ?? 0;
  return (
    <div>
      <div className="toolbar">
        <button type="button" onClick={() => go(addDays(monday, -7))}>
          ← Previous week
        </button>
        <button type="button" onClick={() => go(mondayOf(todayIn(timeZone)))}>
          This week
        </button>
        <button type="button" onClick={() => go(addDays(monday, 7))}>
          Next week →
        </button>
        <span className="muted" aria-live="polite">
          Week of {formatLocalDate(monday)} · times in {timeZone} ({zoneLabel(timeZone, bounds.from)})
        </span>
      </div>
      <ul className="legend" aria-label="Colours">
        {(['available', 'held', 'booked', 'blocked'] as const).map((s) => (
          <li key={s}>
            <span className={`swatch ${s}`} aria-hidden="true" /> {STATUS_LABEL[s]}
          </li>
        ))}
      </ul>
      {slots.loading && !slots.data && <Loading what="Loading slots" />}
      <ErrorBox error={slots.error} onRetry={slots.reload} />
      {slots.data && total === 0 && <Empty>No slots this week. Set the opening hours and generate slots.</Empty>}
      {slots.data && total > 0 && <WeekGridView days={days} currency={currency} selected={selected} onToggle={toggle} />}
      <div className="toolbar">
        <span>{selected.size} selected</span>
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. maintenance" maxLength={500} />
        </label>
        <button type="button" className="primary" disabled={busy || !selected.size} onClick={() => act('block')}>
          Block selected
        </button>
        <button type="button" disabled={busy || !selected.size} onClick={() => act('unblock')}>
          Unblock selected
        </button>
        <button type="button" className="link" disabled={!selected.size} onClick={() => setSelected(new Set())}>
          Clear selection
        </button>
      </div>
      {result && <Notice>{result}</Notice>}
      <ErrorBox error={error} />
    </div>
  );
}
