import type { ReactNode } from 'react';
import { NavLink, Outlet, useOutletContext, useParams } from 'react-router-dom';
import { ApiError, list } from '../api/client';
import { isNotFound } from '../api/errors';
import type { Session } from '../api/session';
import type { Venue } from '../api/types';
import { useAuth } from '../auth';
import { ErrorBox, Loading, NotFound } from '../components/ui';
import { can, ownerAccess, staffAccess, staffVenue, type Access, type Capability, type StaffRow } from '../lib/access';
import { useLoad } from '../lib/useLoad';

export interface VenueContext {
  venue: Venue;
  /** what the caller may do here (owner, admin, or staff with permissions) */
  access: Access;
  reload: () => void;
}

export function useVenue(): VenueContext {
  return useOutletContext<VenueContext>();
}

/**
 * The venue and the caller's access to it: an owner's (or, for an admin, any) venue
 * from /my_venues; otherwise a venue the caller works at, from their /venue_staff row.
 */
export async function loadVenueAccess(id: number, session: Session | null, signal?: AbortSignal): Promise<{ venue: Venue; access: Access }> {
  const own = await list<Venue>('my_venues', { id: `eq.${id}` }, { signal });
  if (own.rows[0]) return { venue: own.rows[0], access: ownerAccess(session, own.rows[0]) };
  if (session?.role === 'owner') {
    const staff = await list<StaffRow>('venue_staff', { venue_id: `eq.${id}`, user_id: `eq.${session.userId}` }, { signal });
    if (staff.rows[0]) return { venue: staffVenue(staff.rows[0]), access: staffAccess(staff.rows[0]) };
  }
  throw new ApiError(404, { code: 'not_found', message: 'Not found' });
}

const TABS: { path: string; label: string; need: Capability | null; end?: boolean }[] = [
  { path: '', label: 'Overview', need: null, end: true },
  { path: 'desk', label: 'Desk', need: 'bookings' },
  { path: 'courts', label: 'Courts & slots', need: 'schedule' },
  { path: 'bookings', label: 'Bookings', need: 'bookings' },
  { path: 'series', label: 'Series', need: 'bookings' },
  { path: 'report', label: 'Report', need: 'reports' },
  { path: 'staff', label: 'Staff', need: 'staff' },
  { path: 'policy', label: 'Cancellation policy', need: 'policy' },
  { path: 'stripe', label: 'Stripe', need: 'stripe' },
];

export function VenueLayout() {
  const { venueId } = useParams();
  const { session } = useAuth();
  const id = Number(venueId);
  const venue = useLoad(
    (signal) => {
      if (!Number.isInteger(id) || id <= 0) return Promise.reject(Object.assign(new Error('bad id'), { notFound: true }));
      return loadVenueAccess(id, session, signal);
    },
    [id, session?.userId],
  );
  if (venue.error && (isNotFound(venue.error) || (venue.error as { notFound?: boolean }).notFound)) {
    return <NotFound what="Venue" />;
  }
  if (venue.error) return <ErrorBox error={venue.error} onRetry={venue.reload} />;
  if (!venue.data || venue.data.venue.id !== id) return <Loading what="Loading venue" />;
  const { venue: v, access } = venue.data;
  const base = `/venues/${v.id}`;
  return (
    <section aria-labelledby="venue-title">
      <div className="titlebar">
        <h1 id="venue-title">{v.name}</h1>
        <span className="muted">
          {[v.city, v.timezone, v.currency].filter(Boolean).join(' · ')}
          {access.kind === 'staff' && ` · staff: ${access.permissions.join(', ')}`}
        </span>
      </div>
      <nav className="tabs" aria-label="Venue">
        {TABS.filter((t) => t.need === null || can(access, t.need)).map((t) => (
          <NavLink key={t.label} to={t.path ? `${base}/${t.path}` : base} end={t.end}>
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Outlet context={{ venue: v, access, reload: venue.reload } satisfies VenueContext} />
    </section>
  );
}

/**
 * A page the caller's access does not cover refuses itself (the tab is hidden too, and
 * the API refuses the calls anyway): reached by URL, it says so instead of loading.
 */
export function Allowed({ need, children }: { need: Capability; children: ReactNode }) {
  const { access } = useVenue();
  if (can(access, need)) return <>{children}</>;
  return <NotAllowed need={need} />;
}

const NEED_TEXT: Record<Capability, string> = {
  bookings: 'the bookings permission',
  schedule: 'the schedule permission',
  reports: 'the reports permission',
  venue: 'the venue’s owner',
  stripe: 'the venue’s owner: staff never see the Stripe settings',
  staff: 'the venue’s owner',
  policy: 'the venue’s owner',
  undo_no_show: 'the venue’s owner',
};

export function NotAllowed({ need }: { need: Capability }) {
  return (
    <section className="notfound" aria-labelledby="na-title" data-refused={need}>
      <h2 id="na-title">Not allowed</h2>
      <p>This page needs {NEED_TEXT[need]}. Your staff permissions at this venue do not include it.</p>
    </section>
  );
}
