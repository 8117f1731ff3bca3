import { useEffect, useState } from 'react';
import { list, rpc } from '../api/client';
import type { Court, VenueBooking } from '../api/types';
import { ConfirmDialog, Empty, ErrorBox, Field, Loading, Notice } from '../components/ui';
import { WeekGrid } from '../components/WeekGrid';
import { deskActions, groupByCourt, paymentLabel, type DeskCourt } from '../lib/desk';
import type { Access } from '../lib/access';
import { addDays, formatInZone, formatLocalDate, localDayRange, todayIn, zonedParts } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { Allowed, useVenue } from './VenueLayout';

interface NoShowAnswer {
  booking_id: number;
  no_shows: number;
  suspended_until: string | null;
}

/** Ticks every 30 seconds, so buttons appear when their window opens. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(t);
  }, []);
  return now;
}

export function DeskPage() {
  return (
    <Allowed need="bookings">
      <Desk />
    </Allowed>
  );
}

function Desk() {
  const { venue, access } = useVenue();
  const tz = venue.timezone;
  const [day, setDay] = useState(() => todayIn(tz));
  const [courtId, setCourtId] = useState('');
  const [refresh, setRefresh] = useState(0);
  const now = useNow();
  const courts = useLoad((signal) => list<Court>('courts', { venue_id: `eq.${venue.id}`, order: 'name.asc,id.asc' }, { signal }), [venue.id]);
  const validDay = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const bookings = useLoad(
    (signal) => {
      if (!validDay) return Promise.resolve({ rows: [] as VenueBooking[], total: 0, from: null, to: null });
      const r = localDayRange(day, day, tz);
      return list<VenueBooking>(
        'venue_bookings',
        {
          venue_id: `eq.${venue.id}`,
          status: 'eq.confirmed',
          starts_at: [`gte.${r.from.toISOString()}`, `lt.${r.to.toISOString()}`],
          order: 'starts_at.asc,id.asc',
        },
        { signal },
      );
    },
    [venue.id, day, refresh],
  );
  const courtRows = courts.data?.rows ?? [];
  const groups = groupByCourt(bookings.data?.rows ?? [], courtRows);
  const gridCourt = courtId || (courtRows[0] ? String(courtRows[0].id) : '');

  return (
    <div className="stack">
      <section aria-labelledby="desk-title" className="card">
        <div className="titlebar">
          <h2 id="desk-title">Desk · {validDay ? formatLocalDate(day) : '—'}</h2>
          <span className="muted">times in {tz}</span>
        </div>
        <form className="inline-form" onSubmit={(e) => e.preventDefault()} aria-label="Day">
          <Field label="Day (venue date)">
            {(p) => <input {...p} type="date" value={day} onChange={(e) => setDay(e.target.value)} />}
          </Field>
          <button type="button" onClick={() => setDay(addDays(todayIn(tz), 0))}>
            Today
          </button>
          <button type="button" onClick={() => validDay && setDay(addDays(day, -1))}>
            ← Previous day
          </button>
          <button type="button" onClick={() => validDay && setDay(addDays(day, 1))}>
            Next day →
          </button>
        </form>
        {(bookings.loading || courts.loading) && !bookings.data && <Loading what="Loading the day’s bookings" />}
        <ErrorBox error={bookings.error ?? courts.error} onRetry={() => { bookings.reload(); courts.reload(); }} />
        {courts.data && courtRows.length === 0 && <Empty>No courts yet.</Empty>}
        {bookings.data && courts.data && (
          <DeskDay groups={groups} timeZone={tz} now={now} access={access} onChanged={() => { bookings.reload(); setRefresh((n) => n + 1); }} />
        )}
      </section>
      {courtRows.length > 0 && (
        <section aria-labelledby="walkin-title" className="card">
          <h2 id="walkin-title">Walk-in or phone booking</h2>
          <p className="muted">Pick a court, select free slots in the grid, then book them for the customer: confirmed at once, paid at the venue.</p>
          <Field label="Court for the booking">
            {(p) => (
              <select {...p} value={gridCourt} onChange={(e) => setCourtId(e.target.value)}>
                {courtRows.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {gridCourt && (
            <WeekGrid
              key={`${gridCourt}-${validDay ? day : ''}`}
              courtId={Number(gridCourt)}
              timeZone={tz}
              currency={venue.currency}
              mode="desk"
              initialDate={validDay ? day : undefined}
              refreshKey={refresh}
              onChanged={() => bookings.reload()}
            />
          )}
        </section>
      )}
    </div>
  );
}

/** The day's bookings, court by court, with the desk's buttons. Pure enough to test with fixed rows. */
export function DeskDay({
  groups,
  timeZone,
  now,
  access,
  onChanged,
}: {
  groups: DeskCourt[];
  timeZone: string;
  now: number;
  access: Access;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<VenueBooking | null>(null);
  const hhmm = (iso: string) => zonedParts(iso, timeZone).time;

  async function run(b: VenueBooking, kind: 'check_in' | 'mark_no_show' | 'undo_no_show') {
    setBusy(b.id);
    setError(null);
    setDone(null);
    try {
      if (kind === 'check_in') {
        const r = await rpc<{ booking_id: number; checked_in_at: string }>('check_in', { booking_id: b.id });
        setDone(`Booking #${r.booking_id} checked in at ${hhmm(r.checked_in_at)}.`);
      } else if (kind === 'mark_no_show') {
        const r = await rpc<NoShowAnswer>('mark_no_show', { booking_id: b.id });
        setDone(
          `Booking #${r.booking_id} marked as a no-show: ${r.no_shows} no-show${r.no_shows === 1 ? '' : 's'} in 90 days at this venue.` +
            (r.suspended_until ? ` The player is suspended here until ${formatInZone(r.suspended_until, timeZone)}.` : ''),
        );
      } else {
        const r = await rpc<NoShowAnswer>('undo_no_show', { booking_id: b.id });
        setDone(`No-show of booking #${r.booking_id} undone: ${r.no_shows} no-show${r.no_shows === 1 ? '' : 's'} in 90 days at this venue.`);
      }
      setConfirming(null);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const total = groups.reduce((n, g) => n + g.entries.length, 0);
  return (
    <div>
      {done && <Notice>{done}</Notice>}
      {!confirming && <ErrorBox error={error} />}
      {total === 0 && <Empty>No bookings this day.</Empty>}
      {groups.map((g) => (
        <section key={g.courtId} aria-labelledby={`desk-court-${g.courtId}`} className="desk-court" data-court-id={g.courtId}>
          <h3 id={`desk-court-${g.courtId}`}>{g.name}</h3>
          {g.entries.length === 0 ? (
            <p className="muted small">No bookings on this court.</p>
          ) : (
            <table>
              <caption className="sr-only">Bookings on {g.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Payment</th>
                  <th scope="col">Arrival</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {g.entries.map(({ booking: b, start, end }) => {
                  const a = deskActions(b, now, access);
                  const who = b.player_name ?? b.customer_name ?? b.player_email ?? '—';
                  return (
                    <tr key={`${g.courtId}-${b.id}`} data-booking-id={b.id}>
                      <td>
                        {hhmm(start)}–{hhmm(end)}
                        <span className="muted small"> #{b.id}</span>
                      </td>
                      <td>
                        {who}
                        {b.customer_phone && <span className="muted small"> · {b.customer_phone}</span>}
                        {b.series_id && <span className="badge"> series #{b.series_id}</span>}
                        {b.note && <div className="muted small">{b.note}</div>}
                      </td>
                      <td>{paymentLabel(b)}</td>
                      <td data-arrival="">
                        {b.checked_in_at
                          ? `Checked in ${hhmm(b.checked_in_at)}`
                          : b.no_show_at
                            ? 'No-show'
                            : a.checkInOpensAt
                              ? `Check-in from ${hhmm(new Date(a.checkInOpensAt).toISOString())}`
                              : 'Not checked in'}
                      </td>
                      <td className="row-actions">
                        {a.checkIn && (
                          <button type="button" className="primary" disabled={busy === b.id} onClick={() => run(b, 'check_in')}>
                            Check in<span className="sr-only"> booking {b.id}</span>
                          </button>
                        )}
                        {a.noShow && (
                          <button type="button" disabled={busy === b.id} onClick={() => { setError(null); setDone(null); setConfirming(b); }}>
                            No-show<span className="sr-only"> booking {b.id}</span>
                          </button>
                        )}
                        {a.undoNoShow && (
                          <button type="button" disabled={busy === b.id} onClick={() => run(b, 'undo_no_show')}>
                            Undo no-show<span className="sr-only"> booking {b.id}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      ))}
      {confirming && (
        <ConfirmDialog
          title={`Mark booking #${confirming.id} as a no-show?`}
          confirmLabel="Mark as a no-show"
          cancelLabel="Back"
          busy={busy === confirming.id}
          onConfirm={() => run(confirming, 'mark_no_show')}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {confirming.player_name ?? confirming.customer_name ?? 'The customer'} did not come. A player who reaches the venue’s no-show
            limit is suspended here; the owner can undo a no-show within 24 hours.
          </p>
          <ErrorBox error={error} />
        </ConfirmDialog>
      )}
    </div>
  );
}
