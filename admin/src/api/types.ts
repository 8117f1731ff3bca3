// Rows of the api views the panel reads (API.md, docs/internal-contract.md).
export interface Venue {
  id: number;
  owner_id: string;
  name: string;
  address: string;
  city: string;
  lat: number;
  lng: number;
  timezone: string;
  currency: string;
  commission_bps: number | null;
  effective_commission_bps: number | null;
  cancellation_window_minutes: number | null;
  stripe_account_id: string | null;
  stripe_charges_enabled: boolean;
  stripe_payouts_enabled: boolean;
  created_at: string;
  /** venue publication (0.2): players see published venues only */
  review_status?: 'pending_review' | 'published' | 'rejected';
  review_note?: string | null;
  reviewed_at?: string | null;
  /** tiered cancellation policies (0.2): largest min_minutes_before first; the window is derived */
  cancellation_policy?: { min_minutes_before: number; refund_percent: number }[] | null;
  /** venue details (0.2): what players see on its page once it is published */
  description?: string | null;
  photos?: string[];
  amenities?: string[];
}

export interface Court {
  id: number;
  venue_id: number;
  name: string;
  sport: string;
  surface: string | null;
  indoor: boolean;
}

export interface BookingSlotRef {
  slot_id: number;
  court_id: number;
  start_at: string;
  end_at: string;
}

export interface VenueBooking {
  id: number;
  venue_id: number;
  status: 'pending' | 'confirmed' | 'cancelled';
  amount_cents: number;
  currency: string;
  held_until: string | null;
  created_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
  slots: BookingSlotRef[] | null;
  payment_status: string | null;
  player_name?: string | null;
  player_full_name?: string | null;
  player_email?: string | null;
  starts_at?: string | null;
  first_start_at?: string | null;
  refunded_cents?: number | null;
  // walk-in and phone bookings, the desk (issue 20)
  customer_name?: string | null;
  customer_phone?: string | null;
  customer_email?: string | null;
  note?: string | null;
  paid_at_venue?: boolean;
  checked_in_at?: string | null;
  no_show_at?: string | null;
  series_id?: number | null;
}

export interface VenueReport {
  bookings: number;
  gross_cents: number;
  fee_cents: number;
  net_cents: number;
  refunded_cents: number;
  occupancy: number | null;
}

export interface PlatformSettings {
  default_commission_bps: number;
  hold_minutes: number;
  slot_horizon_days?: number;
}

export interface PayoutReport {
  id: number;
  venue_id: number;
  period_start: string;
  period_end: string;
  currency: string;
  bookings: number;
  gross_cents: number;
  fee_cents: number;
  refunded_cents: number;
  net_cents: number;
  created_at: string;
  venue_name?: string;
}

export interface ReconciliationCase {
  id: number;
  kind: string;
  booking_id: number | null;
  stripe_payment_intent_id: string | null;
  detail: string;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
  venue_id?: number | null;
}

export const SPORTS = ['padel', 'tennis', 'football'] as const;
