import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Outlet, Route, Routes } from 'react-router-dom';
import { setSession } from '../api/session';
import { AuthProvider } from '../auth';
import type { Venue } from '../api/types';
import { staffAccess, type Access } from '../lib/access';
import { formatBefore, fromDrafts, policyInWords, venuePolicy } from '../lib/policy';
import { CancellationPolicyPage } from '../pages/CancellationPolicy';
import { VenueOverview } from '../pages/VenueOverview';
import type { VenueContext } from '../pages/VenueLayout';
import { VenueForm } from '../components/VenueForm';

afterEach(() => vi.unstubAllGlobals());

const owner: Access = { kind: 'owner', permissions: ['bookings', 'schedule', 'reports'] };
const desk: Access = staffAccess({ permissions: ['bookings', 'schedule', 'reports'] });

const venue: Venue = {
  id: 7, owner_id: 'o', name: 'Club', address: 'Calle 1', city: 'Madrid', lat: 40.4, lng: -3.7, timezone: 'Europe/Madrid',
  currency: 'EUR', commission_bps: null, effective_commission_bps: 1000, cancellation_window_minutes: 1440,
  stripe_account_id: null, stripe_charges_enabled: false, stripe_payouts_enabled: false, created_at: '',
  cancellation_policy: [{ min_minutes_before: 1440, refund_percent: 100 }],
};

describe('policy in words', () => {
  it('says each tier, then nothing later', () => {
    expect(
      policyInWords([
        { min_minutes_before: 1440, refund_percent: 50 },
        { min_minutes_before: 2880, refund_percent: 100 },
      ]),
    ).toBe('More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing');
    expect(policyInWords([{ min_minutes_before: 90, refund_percent: 100 }])).toBe('More than 1 h 30 min before: 100 %; later: nothing');
    expect(policyInWords([{ min_minutes_before: 2880, refund_percent: 100 }, { min_minutes_before: 0, refund_percent: 10 }])).toBe(
      'More than 48 h before: 100 %; until the start: 10 %',
    );
    expect(policyInWords([{ min_minutes_before: 2880, refund_percent: 100 }, { min_minutes_before: 60, refund_percent: 0 }])).toBe(
      'More than 48 h before: 100 %; later: nothing',
    );
    expect(policyInWords([{ min_minutes_before: 0, refund_percent: 0 }])).toBe('No refund, whenever a player cancels');
    expect(formatBefore(30)).toBe('30 min');
  });
  it('reads a 0.1 window as one 100 % tier', () => {
    expect(venuePolicy({ cancellation_window_minutes: 720 })).toEqual([{ min_minutes_before: 720, refund_percent: 100 }]);
    expect(venuePolicy({ cancellation_window_minutes: null })).toEqual([{ min_minutes_before: 0, refund_percent: 0 }]);
  });
  it('sends hours as minutes and leaves empty inputs to the server', () => {
    expect(fromDrafts([{ hours: '48', percent: '100' }, { hours: '1,5', percent: '' }])).toEqual([
      { min_minutes_before: 2880, refund_percent: 100 },
      { min_minutes_before: 90, refund_percent: null },
    ]);
  });
});

type Call = { path: string; body: unknown };

function mockApi(answer: (body: { tiers: unknown }) => Response) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const body = init?.body ? JSON.parse(String(init.body)) : null;
      calls.push({ path: new URL(String(url)).pathname, body });
      return answer(body);
    }),
  );
  return calls;
}

function renderAt(access: Access, reload = () => {}) {
  const ctx: VenueContext = { venue, access, reload };
  render(
    <MemoryRouter initialEntries={['/venues/7/policy']}>
      <Routes>
        <Route path="/venues/:venueId" element={<Outlet context={ctx} />}>
          <Route path="policy" element={<CancellationPolicyPage />} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

describe('<CancellationPolicyPage>', () => {
  it('staff cannot open it', () => {
    renderAt(desk);
    expect(screen.getByRole('heading', { name: 'Not allowed' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Cancellation policy' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save policy' })).toBeNull();
  });

  it('adds a tier, saves through set_cancellation_policy and shows the saved policy in words', async () => {
    setSession({ token: 't', userId: 'o', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    const calls = mockApi(() =>
      Response.json({
        venue_id: 7,
        tiers: [
          { min_minutes_before: 2880, refund_percent: 100 },
          { min_minutes_before: 1440, refund_percent: 50 },
        ],
        cancellation_window_minutes: 2880,
      }),
    );
    const reload = vi.fn();
    renderAt(owner, reload);
    expect(screen.getByTestId('policy-words').textContent).toBe('More than 24 h before: 100 %; later: nothing');
    expect((screen.getByRole('button', { name: 'Remove tier 1' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Hours before the start, tier 1'), { target: { value: '48' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a tier' }));
    fireEvent.change(screen.getByLabelText('Hours before the start, tier 2'), { target: { value: '24' } });
    fireEvent.change(screen.getByLabelText('Refund percent, tier 2'), { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a tier' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove tier 3' }));
    expect(screen.queryByLabelText('Hours before the start, tier 3')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toBe('Saved: More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing.');
    expect(screen.getByTestId('policy-words').textContent).toBe('More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing');
    expect(calls).toEqual([
      {
        path: '/api/rpc/set_cancellation_policy',
        body: {
          venue_id: 7,
          tiers: [
            { min_minutes_before: 2880, refund_percent: 100 },
            { min_minutes_before: 1440, refund_percent: 50 },
          ],
        },
      },
    ]);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('shows the server’s invalid_input message and keeps the form', async () => {
    setSession({ token: 't', userId: 'o', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    mockApi(
      () =>
        new Response(
          JSON.stringify({ code: 'invalid_input', message: 'a tier nearer the start may not refund more than a tier further from it' }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    renderAt(owner);
    fireEvent.change(screen.getByLabelText('Refund percent, tier 1'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a tier' }));
    fireEvent.change(screen.getByLabelText('Hours before the start, tier 2'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Refund percent, tier 2'), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('A tier nearer the start may not refund more than a tier further from it.'),
    );
    expect(screen.getByTestId('policy-words').textContent).toBe('More than 24 h before: 100 %; later: nothing');
    expect((screen.getByLabelText('Refund percent, tier 2') as HTMLInputElement).value).toBe('90');
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('<VenueForm> on a venue with a tiered policy', () => {
  it('shows the policy instead of the window and leaves it alone on save', async () => {
    const submit = vi.fn(async () => {});
    render(
      <MemoryRouter>
        <VenueForm
          venue={{ ...venue, cancellation_window_minutes: null, cancellation_policy: [{ min_minutes_before: 60, refund_percent: 50 }] }}
          submitLabel="Save changes"
          onSubmit={submit}
        />
      </MemoryRouter>,
    );
    expect(screen.queryByLabelText('Cancellation window (hours before start)')).toBeNull();
    expect(screen.getByTestId('venue-policy').textContent).toContain('More than 1 h before: 50 %; later: nothing');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    const fields = (submit.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(fields.name).toBe('Club');
    expect(fields).not.toHaveProperty('cancellation_window_minutes');
  });
});

describe('a staff member’s overview', () => {
  it('shows the players’ cancellation policy, read from GET /venues', async () => {
    setSession({ token: 't', userId: 's', role: 'owner', email: 's@x', expiresAt: Date.now() + 3600_000 });
    const paths: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string | URL | Request) => {
        const u = new URL(String(url));
        paths.push(u.pathname + u.search);
        return Response.json([
          { cancellation_policy: [{ min_minutes_before: 2880, refund_percent: 100 }, { min_minutes_before: 1440, refund_percent: 50 }] },
        ]);
      }),
    );
    const ctx: VenueContext = { venue, access: desk, reload: () => {} };
    render(
      <AuthProvider>
        <MemoryRouter initialEntries={['/venues/7']}>
          <Routes>
            <Route path="/venues/:venueId" element={<Outlet context={ctx} />}>
              <Route index element={<VenueOverview />} />
            </Route>
          </Routes>
        </MemoryRouter>
      </AuthProvider>,
    );
    const words = await screen.findByTestId('staff-policy');
    expect(words.textContent).toBe('Players’ cancellation policy: More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing.');
    expect(paths[0]).toContain('/venues?');
    expect(paths[0]).toContain('id=eq.7');
  });
});
