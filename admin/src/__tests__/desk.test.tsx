import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Outlet, Route, Routes } from 'react-router-dom';
import type { Court, VenueBooking } from '../api/types';
import { setSession } from '../api/session';
import { can, ownerAccess, staffAccess, type Access } from '../lib/access';
import { deskActions, groupByCourt, paymentLabel } from '../lib/desk';
import { DeskDay } from '../pages/Desk';
import { StripePage } from '../pages/VenueOverview';
import type { VenueContext } from '../pages/VenueLayout';
import { WeekGridView } from '../components/WeekGrid';
import { layoutWeek, type CourtSlot } from '../lib/weekgrid';

const T0 = Date.parse('2026-06-10T16:00:00Z'); // 18:00 in Madrid
const owner: Access = { kind: 'owner', permissions: ['bookings', 'schedule', 'reports'] };
const desk: Access = staffAccess({ permissions: ['bookings'] });

function booking(id: number, start: string, end: string, extra: Partial<VenueBooking> = {}, courtId = 1): VenueBooking {
  return {
    id,
    venue_id: 7,
    status: 'confirmed',
    amount_cents: 2000,
    currency: 'EUR',
    held_until: null,
    created_at: start,
    confirmed_at: start,
    cancelled_at: null,
    slots: [{ slot_id: id * 10, court_id: courtId, start_at: start, end_at: end }],
    payment_status: 'at_venue',
    player_name: `Customer ${id}`,
    checked_in_at: null,
    no_show_at: null,
    ...extra,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('access', () => {
  it('gives owners and admins everything and staff only their permissions', () => {
    expect(can(owner, 'stripe')).toBe(true);
    expect(can(ownerAccess({ role: 'admin', userId: 'a', token: '', email: '', expiresAt: 0 }, { owner_id: 'o' }), 'staff')).toBe(true);
    expect(can(desk, 'bookings')).toBe(true);
    for (const c of ['schedule', 'reports', 'stripe', 'staff', 'policy', 'venue', 'undo_no_show'] as const) {
      expect(can(desk, c)).toBe(false);
    }
    expect(staffAccess({ permissions: ['reports', 'schedule'] }).permissions).toEqual(['schedule', 'reports']);
  });
});

describe('desk windows', () => {
  const b = booking(1, '2026-06-10T16:30:00Z', '2026-06-10T17:30:00Z');
  it('opens check-in 60 minutes before the start until the end', () => {
    expect(deskActions(b, Date.parse('2026-06-10T15:29:00Z'), owner)).toMatchObject({
      checkIn: false,
      checkInOpensAt: Date.parse('2026-06-10T15:30:00Z'),
    });
    expect(deskActions(b, Date.parse('2026-06-10T15:30:00Z'), owner).checkIn).toBe(true);
    expect(deskActions(b, Date.parse('2026-06-10T17:29:59Z'), owner).checkIn).toBe(true);
    expect(deskActions(b, Date.parse('2026-06-10T17:30:00Z'), owner).checkIn).toBe(false);
  });
  it('offers a no-show from the start until 7 days after the end, never for a checked-in booking', () => {
    expect(deskActions(b, Date.parse('2026-06-10T16:29:00Z'), owner).noShow).toBe(false);
    expect(deskActions(b, Date.parse('2026-06-10T16:30:00Z'), owner).noShow).toBe(true);
    expect(deskActions(b, Date.parse('2026-06-17T17:30:00Z'), owner).noShow).toBe(true);
    expect(deskActions(b, Date.parse('2026-06-17T17:31:00Z'), owner).noShow).toBe(false);
    const ci = { ...b, checked_in_at: '2026-06-10T16:20:00Z' };
    expect(deskActions(ci, Date.parse('2026-06-10T16:40:00Z'), owner)).toMatchObject({ checkIn: false, noShow: false });
  });
  it('lets the owner undo a no-show within 24 hours; staff never', () => {
    const ns = { ...b, no_show_at: '2026-06-10T17:00:00Z' };
    expect(deskActions(ns, Date.parse('2026-06-11T16:59:00Z'), owner)).toMatchObject({ undoNoShow: true, checkIn: false, noShow: false });
    expect(deskActions(ns, Date.parse('2026-06-11T17:00:00Z'), owner).undoNoShow).toBe(false);
    expect(deskActions(ns, Date.parse('2026-06-10T18:00:00Z'), desk).undoNoShow).toBe(false);
  });
  it('offers nothing for a cancelled booking or without the bookings permission', () => {
    expect(deskActions({ ...b, status: 'cancelled' }, T0 + 40 * 60_000, owner).noShow).toBe(false);
    expect(deskActions(b, T0 + 40 * 60_000, staffAccess({ permissions: ['schedule'] })).noShow).toBe(false);
  });
  it('labels payments', () => {
    expect(paymentLabel(b)).toBe('Pay at venue');
    expect(paymentLabel({ ...b, payment_status: 'succeeded' })).toBe('Paid online');
  });
});

describe('groupByCourt', () => {
  it('lists every court, a booking under each court it holds, by start', () => {
    const courts: Court[] = [
      { id: 1, venue_id: 7, name: 'Pista 1', sport: 'padel', surface: null, indoor: false },
      { id: 2, venue_id: 7, name: 'Pista 2', sport: 'padel', surface: null, indoor: false },
      { id: 3, venue_id: 7, name: 'Pista 3', sport: 'padel', surface: null, indoor: false },
    ];
    const late = booking(5, '2026-06-10T18:00:00Z', '2026-06-10T19:00:00Z');
    const early = booking(6, '2026-06-10T08:00:00Z', '2026-06-10T09:00:00Z');
    const both = booking(7, '2026-06-10T10:00:00Z', '2026-06-10T11:00:00Z');
    both.slots = [...both.slots!, { slot_id: 99, court_id: 2, start_at: '2026-06-10T10:00:00Z', end_at: '2026-06-10T11:30:00Z' }];
    const g = groupByCourt([late, early, both], courts);
    expect(g.map((c) => [c.name, c.entries.map((e) => e.booking.id)])).toEqual([
      ['Pista 1', [6, 7, 5]],
      ['Pista 2', [7]],
      ['Pista 3', []],
    ]);
    expect(g[1].entries[0]).toMatchObject({ start: '2026-06-10T10:00:00Z', end: '2026-06-10T11:30:00Z' });
  });
});

function mockRpc(answer: unknown, status = 200) {
  const fn = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
    new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

describe('<DeskDay>', () => {
  const courts: Court[] = [{ id: 1, venue_id: 7, name: 'Pista 1', sport: 'padel', surface: null, indoor: false }];
  const now = Date.parse('2026-06-10T16:00:00Z');
  const soon = booking(1, '2026-06-10T16:30:00Z', '2026-06-10T17:30:00Z', { customer_phone: '+34 600' });
  const started = booking(2, '2026-06-10T15:30:00Z', '2026-06-10T16:30:00Z', { player_name: 'Pia Player', payment_status: 'succeeded' });
  const marked = booking(3, '2026-06-10T14:00:00Z', '2026-06-10T15:00:00Z', { no_show_at: '2026-06-10T15:10:00Z' });

  it('shows local times court by court and only the buttons that apply', () => {
    render(<DeskDay groups={groupByCourt([soon, started, marked], courts)} timeZone="Europe/Madrid" now={now} access={owner} onChanged={() => {}} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-booking-id'))).toEqual(['3', '2', '1']);
    const r1 = within(rows[2]);
    expect(rows[2].textContent).toContain('18:30–19:30');
    expect(rows[2].textContent).toContain('+34 600');
    expect(r1.getByRole('button', { name: 'Check in booking 1' })).toBeTruthy();
    expect(r1.queryByRole('button', { name: /No-show/ })).toBeNull();
    const r2 = within(rows[1]);
    expect(r2.getByRole('button', { name: 'Check in booking 2' })).toBeTruthy();
    expect(r2.getByRole('button', { name: 'No-show booking 2' })).toBeTruthy();
    expect(rows[1].textContent).toContain('Paid online');
    const r3 = within(rows[0]);
    expect(rows[0].textContent).toContain('No-show');
    expect(r3.getByRole('button', { name: 'Undo no-show booking 3' })).toBeTruthy();
  });

  it('hides undo from staff', () => {
    render(<DeskDay groups={groupByCourt([marked], courts)} timeZone="Europe/Madrid" now={now} access={desk} onChanged={() => {}} />);
    expect(screen.queryByRole('button', { name: /Undo/ })).toBeNull();
  });

  it('checks in through the API and says when', async () => {
    setSession({ token: 't', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    const fetch = mockRpc({ booking_id: 1, checked_in_at: '2026-06-10T16:05:00Z' });
    const changed = vi.fn();
    render(<DeskDay groups={groupByCourt([soon], courts)} timeZone="Europe/Madrid" now={now} access={owner} onChanged={changed} />);
    fireEvent.click(screen.getByRole('button', { name: 'Check in booking 1' }));
    await screen.findByText('Booking #1 checked in at 18:05.');
    const [url, init] = fetch.mock.calls[0];
    expect(new URL(String(url)).pathname).toBe('/api/rpc/check_in');
    expect(JSON.parse(String(init?.body))).toEqual({ booking_id: 1 });
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('asks before marking a no-show and reports the suspension', async () => {
    setSession({ token: 't', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    const fetch = mockRpc({ booking_id: 2, no_shows: 3, suspended_until: '2026-07-10T16:00:00Z' });
    render(<DeskDay groups={groupByCourt([started], courts)} timeZone="Europe/Madrid" now={now} access={owner} onChanged={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'No-show booking 2' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Mark booking #2 as a no-show?' });
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark as a no-show' }));
    await screen.findByText(/marked as a no-show: 3 no-shows in 90 days/);
    expect(screen.getByText(/suspended here until .*2026.*18:00/)).toBeTruthy();
    expect(new URL(String(fetch.mock.calls[0][0])).pathname).toBe('/api/rpc/mark_no_show');
  });

  it('shows the API’s refusal in plain words', async () => {
    setSession({ token: 't', userId: 'u', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    mockRpc({ code: 'invalid_input', message: 'Check-in is open from 60 minutes before the start until the end' }, 400);
    render(<DeskDay groups={groupByCourt([soon], courts)} timeZone="Europe/Madrid" now={now} access={owner} onChanged={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Check in booking 1' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Check-in is open from 60 minutes'));
  });
});

describe('desk grid', () => {
  it('lets only free slots be selected for a walk-in', () => {
    const slots: CourtSlot[] = [
      { id: 1, court_id: 1, start_at: '2026-06-10T07:00:00Z', end_at: '2026-06-10T08:00:00Z', price_cents: 2000, status: 'available' },
      { id: 2, court_id: 1, start_at: '2026-06-10T08:00:00Z', end_at: '2026-06-10T09:00:00Z', price_cents: 2000, status: 'booked' },
    ];
    const toggle = vi.fn();
    render(
      <WeekGridView days={layoutWeek(slots, '2026-06-08', 'Europe/Madrid')} currency="EUR" selected={new Set()} onToggle={toggle} onlyAvailable />,
    );
    const [free, booked] = screen.getAllByRole('button');
    expect((free as HTMLButtonElement).disabled).toBe(false);
    expect((booked as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(free);
    expect(toggle).toHaveBeenCalledWith(1);
  });
});

describe('pages refuse what the access does not cover', () => {
  function renderAt(access: Access) {
    const ctx: VenueContext = {
      venue: {
        id: 7, owner_id: 'o', name: 'Club', address: '', city: '', lat: 0, lng: 0, timezone: 'Europe/Madrid', currency: 'EUR',
        commission_bps: null, effective_commission_bps: 1000, cancellation_window_minutes: 0, stripe_account_id: null,
        stripe_charges_enabled: false, stripe_payouts_enabled: false, created_at: '',
      },
      access,
      reload: () => {},
    };
    render(
      <MemoryRouter initialEntries={['/venues/7/stripe']}>
        <Routes>
          <Route path="/venues/:venueId" element={<Outlet context={ctx} />}>
            <Route path="stripe" element={<StripePage />} />
          </Route>
        </Routes>
      </MemoryRouter>,
    );
  }
  it('a staff member cannot open the Stripe page', () => {
    renderAt(desk);
    expect(screen.getByRole('heading', { name: 'Not allowed' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Payments (Stripe)' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Connect/ })).toBeNull();
  });
  it('the owner can', () => {
    renderAt(owner);
    expect(screen.getByRole('heading', { name: 'Payments (Stripe)' })).toBeTruthy();
  });
});
