import { useState } from 'react';
import { list } from '../../api/client';
import type { ReconciliationCase } from '../../api/types';
import { Empty, ErrorBox, Field, Loading, Pager } from '../../components/ui';
import { formatInZone } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';

const PER_PAGE = 25;
const KIND: Record<string, string> = {
  paid_not_booked: 'Paid but not booked',
  booked_not_paid: 'Booked but not paid',
  amount_mismatch: 'Amount mismatch',
  unknown_payment: 'Unknown payment',
};

export function ReconciliationPage() {
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState(true);
  const cases = useLoad(
    (signal) =>
      list<ReconciliationCase>(
        'reconciliation_cases',
        { resolved_at: open ? 'is.null' : undefined, order: 'created_at.desc,id.desc' },
        { page, perPage: PER_PAGE, signal },
      ),
    [page, open],
  );
  const utc = 'UTC';
  return (
    <section aria-labelledby="rc-title" className="card">
      <h1 id="rc-title">Reconciliation cases</h1>
      <p className="muted">Payments and bookings that did not match and need a person to look at them. Times in UTC.</p>
      <Field label="Show">
        {(p) => (
          <select
            {...p}
            value={open ? 'open' : 'all'}
            onChange={(e) => {
              setPage(0);
              setOpen(e.target.value === 'open');
            }}
          >
            <option value="open">Open cases</option>
            <option value="all">All cases</option>
          </select>
        )}
      </Field>
      {cases.loading && !cases.data && <Loading what="Loading cases" />}
      <ErrorBox error={cases.error} onRetry={cases.reload} />
      {cases.data && cases.data.rows.length === 0 && <Empty>No {open ? 'open ' : ''}cases. Nothing needs a human right now.</Empty>}
      {cases.data && cases.data.rows.length > 0 && (
        <>
          <table>
            <caption className="sr-only">Reconciliation cases</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Kind</th>
                <th scope="col">Booking</th>
                <th scope="col">PaymentIntent</th>
                <th scope="col">Detail</th>
                <th scope="col">Opened</th>
                <th scope="col">Resolved</th>
              </tr>
            </thead>
            <tbody>
              {cases.data.rows.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>{KIND[c.kind] ?? c.kind}</td>
                  <td>{c.booking_id ?? '—'}</td>
                  <td>
                    <code>{c.stripe_payment_intent_id ?? '—'}</code>
                  </td>
                  <td>{c.detail}</td>
                  <td>{formatInZone(c.created_at, utc)}</td>
                  <td>{c.resolved_at ? `${formatInZone(c.resolved_at, utc)}${c.resolution ? ` — ${c.resolution}` : ''}` : 'Open'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} perPage={PER_PAGE} total={cases.data.total} shown={cases.data.rows.length} onPage={setPage} />
        </>
      )}
    </section>
  );
}
