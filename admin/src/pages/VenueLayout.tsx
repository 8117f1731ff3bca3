import { NavLink, Outlet, useOutletContext, useParams } from 'react-router-dom';
import { getOne } from '../api/client';
import { isNotFound } from '../api/errors';
import type { Venue } from '../api/types';
import { ErrorBox, Loading, NotFound } from '../components/ui';
import { useLoad } from '../lib/useLoad';

export interface VenueContext {
  venue: Venue;
  reload: () => void;
}

export function useVenue(): VenueContext {
  return useOutletContext<VenueContext>();
}

export function VenueLayout() {
  const { venueId } = useParams();
  const id = Number(venueId);
  const venue = useLoad(
    (signal) => {
      if (!Number.isInteger(id) || id <= 0) return Promise.reject(Object.assign(new Error('bad id'), { notFound: true }));
      return getOne<Venue>('my_venues', { id: `eq.${id}` }, signal);
    },
    [id],
  );
  if (venue.error && (isNotFound(venue.error) || (venue.error as { notFound?: boolean }).notFound)) {
    return <NotFound what="Venue" />;
  }
  if (venue.error) return <ErrorBox error={venue.error} onRetry={venue.reload} />;
  if (!venue.data || venue.data.id !== id) return <Loading what="Loading venue" />;
  const v = venue.data;
  const base = `/venues/${v.id}`;
  return (
    <section aria-labelledby="venue-title">
      <div className="titlebar">
        <h1 id="venue-title">{v.name}</h1>
        <span className="muted">
          {v.city} · {v.timezone} · {v.currency}
        </span>
      </div>
      <nav className="tabs" aria-label="Venue">
        <NavLink to={base} end>
          Overview
        </NavLink>
        <NavLink to={`${base}/courts`}>Courts &amp; slots</NavLink>
        <NavLink to={`${base}/bookings`}>Bookings</NavLink>
        <NavLink to={`${base}/report`}>Report</NavLink>
      </nav>
      <Outlet context={{ venue: v, reload: venue.reload } satisfies VenueContext} />
    </section>
  );
}
