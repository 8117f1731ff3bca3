import { Link } from 'react-router-dom';
import { list } from '../api/client';
import type { Venue } from '../api/types';
import { useAuth } from '../auth';
import { Empty, ErrorBox, Loading } from '../components/ui';
import type { StaffRow } from '../lib/access';
import { formatBps } from '../lib/money';
import { REVIEW_LABEL } from '../lib/review';
import { useLoad } from '../lib/useLoad';

export function VenuesPage() {
  const { session } = useAuth();
  const isAdmin = session?.role === 'admin';
  const venues = useLoad((signal) => list<Venue>('my_venues', { order: 'name.asc,id.asc' }, { signal }), []);
  // the venues the caller works at as staff (issue 20): their own venue_staff rows
  const staffOf = useLoad(
    (signal) =>
      session?.role === 'owner'
        ? list<StaffRow>('venue_staff', { user_id: `eq.${session.userId}`, order: 'venue_name.asc,venue_id.asc' }, { signal })
        : Promise.resolve({ rows: [] as StaffRow[], total: 0, from: null, to: null }),
    [session?.userId],
  );
  const works = staffOf.data?.rows ?? [];
  return (
    <section aria-labelledby="venues-title">
      <div className="titlebar">
        <h1 id="venues-title">{isAdmin ? 'All venues' : 'Your venues'}</h1>
        <Link className="button primary" to="/venues/new">
          New venue
        </Link>
      </div>
      {venues.loading && !venues.data && <Loading what="Loading venues" />}
      <ErrorBox error={venues.error} onRetry={venues.reload} />
      {venues.data && venues.data.rows.length === 0 && (
        <Empty>{works.length ? 'You own no venue yet.' : 'No venues yet. Create your first one.'}</Empty>
      )}
      {venues.data && venues.data.rows.length > 0 && (
        <table>
          <caption className="sr-only">Venues</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">City</th>
              <th scope="col">Time zone</th>
              <th scope="col">Currency</th>
              {isAdmin && <th scope="col">Commission</th>}
              <th scope="col">Stripe</th>
              <th scope="col">Listing</th>
            </tr>
          </thead>
          <tbody>
            {venues.data.rows.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/venues/${v.id}`}>{v.name}</Link>
                </td>
                <td>{v.city}</td>
                <td>{v.timezone}</td>
                <td>{v.currency}</td>
                {isAdmin && (
                  <td>
                    {formatBps(v.effective_commission_bps)}
                    {v.commission_bps === null ? ' (default)' : ' (override)'}
                  </td>
                )}
                <td>{v.stripe_charges_enabled ? 'Charges on' : v.stripe_account_id ? 'Onboarding' : 'Not connected'}</td>
                <td>{REVIEW_LABEL[v.review_status ?? 'published']}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBox error={staffOf.error} onRetry={staffOf.reload} />
      {works.length > 0 && (
        <section aria-labelledby="works-title">
          <h2 id="works-title">Venues you work at</h2>
          <table>
            <caption className="sr-only">Venues you work at as staff</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Time zone</th>
                <th scope="col">Your permissions</th>
              </tr>
            </thead>
            <tbody>
              {works.map((w) => (
                <tr key={w.venue_id}>
                  <td>
                    <Link to={`/venues/${w.venue_id}`}>{w.venue_name}</Link>
                  </td>
                  <td>{w.timezone}</td>
                  <td>{w.permissions.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
