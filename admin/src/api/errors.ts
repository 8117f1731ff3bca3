// API errors in plain words, from the stable codes of API.md's error table.
import { ApiError } from './client';

const PLAIN: Record<string, string> = {
  invalid_input: 'Some of the information is not valid.',
  invalid_credentials: 'Wrong email or password.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'Not found: it does not exist, or it is not yours.',
  email_taken: 'An account with this email already exists.',
  slot_unavailable: 'Some of those slots are already held, booked or blocked.',
  not_cancellable: 'This booking cannot be cancelled: it is already cancelled or it has started.',
  hold_expired: 'The hold on this booking has expired and its slots are gone.',
  booking_not_pending: 'This booking is no longer waiting for payment.',
  session_expired: 'Your session has ended. Please log in again.',
  session_revoked: 'You have been logged out. Please log in again.',
  too_many_attempts: 'Too many attempts. Wait a few minutes and try again.',
  has_venues: 'This account still owns venues.',
  network_error: 'The server cannot be reached. Check your connection and try again.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  payload_too_large: 'That request is too large.',
  unavailable: 'The service is temporarily unavailable. Try again shortly.',
  // PostgREST's own codes
  PGRST301: 'Your session is not valid. Please log in again.',
  PGRST302: 'Please log in.',
  PGRST303: 'Your session has ended. Please log in again.',
  PGRST116: 'Not found.',
  '42501': 'You are not allowed to do that.',
};

const BY_STATUS: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Please log in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with the current state. Reload and try again.',
  429: 'Too many requests. Wait a moment and try again.',
  502: 'The service is temporarily unavailable. Try again shortly.',
  503: 'The service is temporarily unavailable. Try again shortly.',
  504: 'The service did not answer in time. Try again.',
};

/** A sentence for the user. For invalid_input the API's own message says what is wrong. */
export function plainError(err: unknown): string {
  if (err instanceof ApiError) {
    const base = PLAIN[err.code] ?? BY_STATUS[err.status] ?? 'Something went wrong. Try again.';
    if (err.code === 'invalid_input' && err.message && err.message !== base) {
      return `${base} ${sentence(err.message)}`;
    }
    if (err.code === 'slot_unavailable' && err.slotIds.length) {
      return `${base} Slot ids: ${err.slotIds.join(', ')}.`;
    }
    return base;
  }
  if (err instanceof Error && err.message) return `Something went wrong: ${err.message}`;
  return 'Something went wrong. Try again.';
}

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const cap = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(cap) ? cap : `${cap}.`;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'not_found' || err.status === 404 || err.code === 'PGRST116');
}
