import { useState } from 'react';
import { list } from '../../api/client';
import type { PayoutReport, Venue } from '../../api/types';
import { Empty, ErrorBox, Loading, Pager } from '../../components/ui';
import { formatMoney } from '../../lib/money';
import { useLoad } from '../../lib/useLoad';

const PER_PAGE = 25;

export function PayoutsPage() {
  const [page, setPage] = useState(0);
  const venues = useLoad((signal) => list<Venue>('my_venues', { select: 'id,name' }, { signal }), []);
  const names = new Map((venues.data?.rows ?? []).map((v) => [v.id, v.name]));
  const reports = useLoad(
    (signal) => list<PayoutReport>('payout_reports', { order: 'period_start.desc,venue_id.asc' }, { page, perPage: PER_PAGE, signal }),
    [page],
  );
  return (
    <section aria-labelledby="po-title" className="card">
      <h1 id="po-title">Weekly payout reports</h1>
      {reports.loading && !reports.data && <Loading what="Loading payout reports" />}
      <ErrorBox error={reports.error} onRetry={reports.reload} />
      {reports.data && reports.data.rows.length === 0 && <Empty>No payout reports yet; the worker builds them weekly.</Empty>}
      {reports.data && reports.data.rows.length > 0 && (
        <>
          <table>
            <caption className="sr-only">Payout reports</caption>
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Venue</th>
                <th scope="col" className="num">Bookings</th>
                <th scope="col" className="num">Gross</th>
                <th scope="col" className="num">Fees</th>
                <th scope="col" className="num">Refunds</th>
                <th scope="col" className="num">Net</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.period_start} – {r.period_end}
                  </td>
                  <td>{r.venue_name ?? names.get(r.venue_id) ?? `#${r.venue_id}`}</td>
                  <td className="num">{r.bookings}</td>
                  <td className="num">{formatMoney(r.gross_cents, r.currency)}</td>
                  <td className="num">{formatMoney(r.fee_cents, r.currency)}</td>
                  <td className="num">{formatMoney(r.refunded_cents, r.currency)}</td>
                  <td className="num">{formatMoney(r.net_cents, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} perPage={PER_PAGE} total={reports.data.total} shown={reports.data.rows.length} onPage={setPage} />
        </>
      )}
    </section>
  );
}
