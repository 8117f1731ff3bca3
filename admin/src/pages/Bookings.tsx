import { useState } from 'react';
import { list, rpc } from '../api/client';
import type { Court, VenueBooking } from '../api/types';
import { ConfirmDialog, Empty, ErrorBox, Field, Loading, Notice, Pager } from '../components/ui';
import { formatMoney } from '../lib/money';
import { addDays, formatInZone, todayIn } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { bookingQuery, type BookingFilters } from '../lib/bookings';
import { useVenue } from './VenueLayout';

const PER_PAGE = 25;

export function BookingsPage() {
  const { venue } = useVenue();
  const today = todayIn(venue.timezone);
  const [filters, setFilters] = useState<BookingFilters>({ from: addDays(today, -7), to: addDays(today, 30), courtId: '', status: '' });
  const [page, setPage] = useState(0);
  const [cancelling, setCancelling] = useState<VenueBooking | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const courts = useLoad((signal) => list<Court>('courts', { venue_id: `eq.${venue.id}`, order: 'name.asc' }, { signal }), [venue.id]);
  const courtName = new Map((courts.data?.rows ?? []).map((c) => [c.id, c.name]));
  const bookings = useLoad(
    async (signal) => {
      const q = await bookingQuery(venue, filters, signal);
      if (!q) return { rows: [] as VenueBooking[], total: 0, from: null, to: null };
      return list<VenueBooking>('venue_bookings', q, { page, perPage: PER_PAGE, signal });
    },
    [venue.id, filters.from, filters.to, filters.courtId, filters.status, page],
  );
  const set = (patch: Partial<BookingFilters>) => {
    setPage(0);
    setFilters((f) => ({ ...f, ...patch }));
  };

  async function confirmCancel() {
    if (!cancelling) return;
    setBusy(true);
    setCancelError(null);
    try {
      const r = await rpc<{ booking_id: number; status: string; refund_cents: number }>('owner_cancel_booking', {
        booking_id: cancelling.id,
        reason: 'Cancelled by the venue',
      });
      setDone(`Booking #${r.booking_id} cancelled; refund of ${formatMoney(r.refund_cents, cancelling.currency)} recorded.`);
      setCancelling(null);
      bookings.reload();
    } catch (err) {
      setCancelError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="bk-title" className="card">
      <h2 id="bk-title">Bookings</h2>
      <form className="inline-form" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <Field label="From (venue date)">
          {(p) => <input {...p} type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />}
        </Field>
        <Field label="To (venue date)">
          {(p) => <input {...p} type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} />}
        </Field>
        <Field label="Court" hint="Bookings holding this court’s slots">
          {(p) => (
            <select {...p} value={filters.courtId} onChange={(e) => set({ courtId: e.target.value })}>
              <option value="">All courts</option>
              {(courts.data?.rows ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {(p) => (
            <select {...p} value={filters.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">Any status</option>
              <option value="pending">Pending</option>
              <option value="confirmed">Confirmed</option>
              <option value="cancelled">Cancelled</option>
            </select>
          )}
        </Field>
      </form>
      {done && <Notice>{done}</Notice>}
      {bookings.loading && !bookings.data && <Loading what="Loading bookings" />}
      <ErrorBox error={bookings.error} onRetry={bookings.reload} />
      {bookings.data && bookings.data.rows.length === 0 && <Empty>No bookings match these filters.</Empty>}
      {bookings.data && bookings.data.rows.length > 0 && (
        <>
          <table>
            <caption className="sr-only">Bookings</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When ({venue.timezone})</th>
                <th scope="col">Court</th>
                <th scope="col">Player</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Payment</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {bookings.data.rows.map((b) => {
                const slots = b.slots ?? [];
                const first = slots[0];
                const last = slots[slots.length - 1];
                const courtsOf = [...new Set(slots.map((s) => s.court_id))].map((id) => courtName.get(id) ?? `#${id}`);
                const player = b.player_name ?? b.player_full_name ?? b.player_email ?? '—';
                return (
                  <tr key={b.id} data-booking-id={b.id}>
                    <td>{b.id}</td>
                    <td>
                      {first ? formatInZone(first.start_at, venue.timezone) : '—'}
                      {last ? `–${formatInZone(last.end_at, venue.timezone).split(', ').pop()}` : ''}
                    </td>
                    <td>{courtsOf.join(', ') || '—'}</td>
                    <td>{player}</td>
                    <td>
                      <span className={`pill ${b.status}`}>{b.status}</span>
                    </td>
                    <td className="num">{formatMoney(b.amount_cents, b.currency || venue.currency)}</td>
                    <td>{b.payment_status ?? 'none'}</td>
                    <td>
                      {b.status !== 'cancelled' && (
                        <button type="button" className="link danger" onClick={() => { setDone(null); setCancelError(null); setCancelling(b); }}>
                          Cancel<span className="sr-only"> booking {b.id}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager page={page} perPage={PER_PAGE} total={bookings.data.total} shown={bookings.data.rows.length} onPage={setPage} />
        </>
      )}
      {cancelling && (
        <ConfirmDialog
          title={`Cancel booking #${cancelling.id}?`}
          confirmLabel="Cancel booking and refund in full"
          cancelLabel="Keep booking"
          busy={busy}
          onConfirm={confirmCancel}
          onCancel={() => setCancelling(null)}
        >
          <p>
            The player gets a full refund of {formatMoney(cancelling.amount_cents, cancelling.currency || venue.currency)} and the slots become
            available again. This cannot be undone.
          </p>
          <ErrorBox error={cancelError} />
        </ConfirmDialog>
      )}
    </section>
  );
}
