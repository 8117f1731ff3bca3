// What the caller may do at one venue (issue 20). The panel only hides and refuses
// what the API would refuse anyway (data.venue_for_permission, RLS): its owner and
// admins may do everything; a staff member only what their venue_staff permissions say.
import type { Session } from '../api/session';
import type { Venue } from '../api/types';

export type Permission = 'bookings' | 'schedule' | 'reports';
export const PERMISSIONS: Permission[] = ['bookings', 'schedule', 'reports'];

export const PERMISSION_LABEL: Record<Permission, string> = {
  bookings: 'Bookings (desk, walk-ins, series, check-in, no-shows)',
  schedule: 'Schedule (opening hours, slots, blocking)',
  reports: 'Reports',
};

/**
 * What a page needs: a staff permission, or one of the owner-only areas (the venue
 * itself and its courts, Stripe, staff, the cancellation and no-show rules), or undoing
 * a no-show (the owner's call, within 24 hours).
 */
export type Capability = Permission | 'venue' | 'stripe' | 'staff' | 'policy' | 'undo_no_show';

export interface Access {
  kind: 'owner' | 'admin' | 'staff';
  /** staff only: the venue_staff permissions; owners and admins have all */
  permissions: Permission[];
}

/** A row of api.venue_staff. */
export interface StaffRow {
  venue_id: number;
  venue_name: string;
  timezone: string;
  currency: string;
  user_id: string;
  email: string | null;
  full_name: string | null;
  permissions: Permission[];
  invited_by: string | null;
  created_at: string;
  updated_at: string;
}

export function ownerAccess(session: Session | null, venue: Pick<Venue, 'owner_id'>): Access {
  if (session?.role === 'admin' && venue.owner_id !== session.userId) return { kind: 'admin', permissions: [...PERMISSIONS] };
  return { kind: 'owner', permissions: [...PERMISSIONS] };
}

export function staffAccess(row: Pick<StaffRow, 'permissions'>): Access {
  return { kind: 'staff', permissions: PERMISSIONS.filter((p) => row.permissions.includes(p)) };
}

export function can(access: Access, what: Capability): boolean {
  if (access.kind !== 'staff') return true;
  return (PERMISSIONS as string[]).includes(what) && access.permissions.includes(what as Permission);
}

/**
 * The venue as a staff member sees it: api.my_venues lists only a caller's own venues,
 * so the name, zone and currency come from their api.venue_staff row; nothing of the
 * owner's (Stripe, commission) is known, and it is never shown.
 */
export function staffVenue(row: StaffRow): Venue {
  return {
    id: row.venue_id,
    owner_id: '',
    name: row.venue_name,
    address: '',
    city: '',
    lat: 0,
    lng: 0,
    timezone: row.timezone,
    currency: row.currency,
    commission_bps: null,
    effective_commission_bps: null,
    cancellation_window_minutes: 0,
    stripe_account_id: null,
    stripe_charges_enabled: false,
    stripe_payouts_enabled: false,
    created_at: row.created_at,
  };
}
