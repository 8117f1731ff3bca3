import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Outlet, Route, Routes } from 'react-router-dom';
import { ApiError } from '../api/client';
import { setSession } from '../api/session';
import type { Access } from '../lib/access';
import { conflictText, occurrenceLabel, seriesArgs, seriesFormError, seriesWhen } from '../lib/series';
import { StaffPage } from '../pages/Staff';
import type { VenueContext } from '../pages/VenueLayout';

afterEach(() => vi.unstubAllGlobals());

describe('series', () => {
  const form = { courtId: '3', date: '2026-03-24', time: '18:00', weeks: '8', minutes: '' };
  it('sends the venue-local start as an instant', () => {
    expect(seriesArgs(form, 'Europe/Madrid')).toEqual({ court_id: 3, first_start: '2026-03-24T17:00:00.000Z', weeks: 8, minutes: null });
    expect(seriesArgs({ ...form, date: '2026-03-31', minutes: '90' }, 'Europe/Madrid')).toMatchObject({
      first_start: '2026-03-31T16:00:00.000Z', // summer time: still 18:00 local
      minutes: 90,
    });
  });
  it('checks the form like the API does', () => {
    expect(seriesFormError(form)).toBeNull();
    expect(seriesFormError({ ...form, weeks: '1' })).toMatch(/2 to 52/);
    expect(seriesFormError({ ...form, weeks: '53' })).toMatch(/2 to 52/);
    expect(seriesFormError({ ...form, minutes: '4' })).toMatch(/5 to 720/);
    expect(seriesFormError({ ...form, courtId: '' })).toMatch(/court/);
  });
  it('reads conflicts and the fail-mode refusal', () => {
    const o = { week: 2, start_at: '', end_at: '', slot_ids: [5], status: 'conflict' as const, conflict: 'held' };
    expect(occurrenceLabel(o)).toBe('Conflict: held by a player');
    expect(occurrenceLabel({ ...o, status: 'free', conflict: 'not_generated' })).toMatch(/^Free \(slots not generated/);
    const err = new ApiError(409, {
      code: 'slot_unavailable',
      message: '1 of 4 weeks conflict (held, booked, blocked, missing or past): nothing booked',
      details: '34',
      hint: 'Conflicting weeks start at 2026-12-12 09:00:00+00',
    });
    expect(conflictText(err, 'Europe/Madrid')).toBe(
      'Nothing was booked: 1 of 4 weeks conflict (held, booked, blocked, missing or past). Conflicting slots: 34. Weeks: 2026-12-12 10:00.',
    );
    expect(conflictText(new ApiError(400, { code: 'invalid_input' }), 'UTC')).toBeNull();
    expect(seriesWhen({ weekday: 2, local_start: '18:00:00', minutes: 90 })).toBe('Tuesdays 18:00, 90 min');
  });
});

type Call = { path: string; method: string; body: unknown };

function mockApi(routes: Record<string, unknown>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const u = new URL(String(url));
      const path = u.pathname.replace(/^\/api/, '');
      calls.push({ path: path + u.search, method: init?.method ?? 'GET', body: init?.body ? JSON.parse(String(init.body)) : null });
      const answer = routes[path] ?? [];
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

function renderStaff(access: Access) {
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
    <MemoryRouter initialEntries={['/venues/7/staff']}>
      <Routes>
        <Route path="/venues/:venueId" element={<Outlet context={ctx} />}>
          <Route path="staff" element={<StaffPage />} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

const owner: Access = { kind: 'owner', permissions: ['bookings', 'schedule', 'reports'] };
const row = {
  venue_id: 7, venue_name: 'Club', timezone: 'Europe/Madrid', currency: 'EUR', user_id: 'u-1', email: 'dana@club.test',
  full_name: 'Dana', permissions: ['bookings'], invited_by: 'o', created_at: '2026-06-01T10:00:00Z', updated_at: '2026-06-01T10:00:00Z',
};

describe('<StaffPage>', () => {
  it('is refused to staff', () => {
    renderStaff({ kind: 'staff', permissions: ['bookings', 'schedule', 'reports'] });
    expect(screen.getByRole('heading', { name: 'Not allowed' })).toBeTruthy();
  });

  it('lists staff, invites with the chosen permissions and changes them', async () => {
    setSession({ token: 't', userId: 'o', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    const calls = mockApi({
      '/venue_staff': [row],
      '/rpc/invite_staff': { ok: true, venue_id: 7, user_id: 'u-2', permissions: ['bookings', 'reports'], account_created: true },
    });
    renderStaff(owner);
    const tr = (await screen.findAllByText('dana@club.test'))[0];
    expect(calls[0].path).toContain('venue_id=eq.7');
    fireEvent.change(screen.getByLabelText('Staff email'), { target: { value: 'sam@club.test' } });
    const perms = screen.getByRole('group', { name: 'Permissions' });
    fireEvent.click(within(perms).getByLabelText(/^Reports/));
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    await screen.findByText(/Invited sam@club.test \(bookings, reports\)\. A new account was made/);
    const invite = calls.find((c) => c.path === '/rpc/invite_staff')!;
    expect(invite.body).toEqual({ venue_id: 7, email: 'sam@club.test', permissions: ['bookings', 'reports'], full_name: null });

    // no permission at all cannot be sent
    fireEvent.click(within(perms).getByLabelText(/^Bookings/));
    fireEvent.click(within(perms).getByLabelText(/^Reports/));
    expect(within(perms).getByText('Choose at least one permission.')).toBeTruthy();

    fireEvent.click(within(tr.closest('tr')!).getByRole('button', { name: /Change permissions/ }));
    const edit = screen.getByRole('group', { name: 'Permissions of dana@club.test' });
    fireEvent.click(within(edit).getByLabelText(/^Schedule/));
    fireEvent.click(screen.getByRole('button', { name: 'Save permissions' }));
    await screen.findByText(/Permissions of dana@club.test changed/);
    const again = calls.filter((c) => c.path === '/rpc/invite_staff')[1];
    expect(again.body).toEqual({ venue_id: 7, email: 'dana@club.test', permissions: ['bookings', 'schedule'], full_name: null });
  });

  it('removes after a confirmation', async () => {
    setSession({ token: 't', userId: 'o', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    const calls = mockApi({ '/venue_staff': [row], '/rpc/remove_staff': { ok: true } });
    renderStaff(owner);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove dana@club.test' }));
    expect(calls.some((c) => c.path === '/rpc/remove_staff')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Remove from staff' }));
    await screen.findByText('dana@club.test no longer works at Club.');
    expect(calls.find((c) => c.path === '/rpc/remove_staff')!.body).toEqual({ venue_id: 7, user_id: 'u-1' });
  });
});
