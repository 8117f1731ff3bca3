import { useMemo, useState, type FormEvent } from 'react';
import { list, rpc } from '../api/client';
import { Empty, ErrorBox, Field, Loading, Notice } from './ui';
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
  onlyAvailable = false,
}: {
  days: WeekDay[];
  currency: string;
  selected: Set<number>;
  onToggle: (id: number) => void;
  /** the desk books free slots only: the others are shown but cannot be selected */
  onlyAvailable?: boolean;
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
                    disabled={onlyAvailable && s.status !== 'available' && !sel}
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

/**
 * One court's slots, week by week, in the venue's zone. `schedule` mode blocks and
 * unblocks a selection; `desk` mode books the selected free slots for a walk-in or phone
 * customer (owner_book: confirmed at once, paid at the venue).
 */
export function WeekGrid({
  courtId,
  timeZone,
  currency,
  refreshKey = 0,
  mode = 'schedule',
  initialDate,
  onChanged,
}: {
  courtId: number;
  timeZone: string;
  currency: string;
  refreshKey?: number;
  mode?: 'schedule' | 'desk';
  /** a venue-local date whose week is shown first (default: today's) */
  initialDate?: string;
  /** told after a change (a booking made), so the page around reloads too */
  onChanged?: () => void;
}) {
  const [monday, setMonday] = useState(() => mondayOf(initialDate ?? todayIn(timeZone)));
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
      {slots.data && total > 0 && (
        <WeekGridView days={days} currency={currency} selected={selected} onToggle={toggle} onlyAvailable={mode === 'desk'} />
      )}
      {mode === 'desk' ? (
        <WalkInForm
          selected={[...selected].sort((a, b) => a - b)}
          amountCents={[...selected].reduce((sum, id) => sum + (byId.get(id)?.price_cents ?? 0), 0)}
          currency={currency}
          onClear={() => setSelected(new Set())}
          onBooked={(text) => {
            setResult(text);
            setError(null);
            setSelected(new Set());
            slots.reload();
            onChanged?.();
          }}
          onError={(err) => {
            setResult(null);
            setError(err);
            slots.reload();
          }}
        />
      ) : (
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
      )}
      {result && <Notice>{result}</Notice>}
      <ErrorBox error={error} />
    </div>
  );
}

interface OwnerBooking {
  booking_id: number;
  status: string;
  payment_status: string;
  amount_cents: number;
  currency: string;
}

/** The walk-in / phone booking form under the desk's grid: the customer and owner_book. */
export function WalkInForm({
  selected,
  amountCents,
  currency,
  onClear,
  onBooked,
  onError,
}: {
  selected: number[];
  amountCents: number;
  currency: string;
  onClear: () => void;
  onBooked: (text: string) => void;
  onError: (err: unknown) => void;
}) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const nameMissing = name.trim() === '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (nameMissing || !selected.length) return;
    setBusy(true);
    try {
      const r = await rpc<OwnerBooking>('owner_book', {
        slot_ids: selected,
        customer_name: name.trim(),
        customer_phone: phone.trim() || null,
        customer_email: email.trim() || null,
        note: note.trim() || null,
      });
      onBooked(
        `Booked #${r.booking_id} for ${name.trim()}: ${selected.length} slot${selected.length === 1 ? '' : 's'}, ` +
          `${formatMoney(r.amount_cents, r.currency || currency)} to pay at the venue.`,
      );
      setName('');
      setPhone('');
      setEmail('');
      setNote('');
      setTried(false);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline-form walk-in" onSubmit={submit} noValidate aria-label="Customer of the booking">
      <span>
        {selected.length} selected{selected.length ? ` · ${formatMoney(amountCents, currency)}` : ''}
      </span>
      <Field label="Customer name" error={tried && nameMissing ? 'The customer’s name is needed.' : undefined}>
        {(p) => <input {...p} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Phone" hint="International format, e.g. +34600000000">
        {(p) => <input {...p} type="tel" value={phone} maxLength={40} onChange={(e) => setPhone(e.target.value)} />}
      </Field>
      <Field label="Customer email">
        {(p) => <input {...p} type="email" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label="Note">
        {(p) => <input {...p} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="primary" disabled={busy || !selected.length}>
        {busy ? 'Booking…' : 'Book for the customer (pay at the venue)'}
      </button>
      <button type="button" className="link" disabled={!selected.length} onClick={onClear}>
        Clear selection
      </button>
    </form>
  );
}
