import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { setSession } from '../api/session';
import { reviewArgs, ReviewsPage } from '../pages/admin/Reviews';

afterEach(() => vi.unstubAllGlobals());

type Call = { path: string; method: string; body: unknown };

const waiting = {
  id: 12, owner_id: 'o', name: 'Padel Nuevo', address: 'Calle 1', city: 'Madrid', lat: 40.4, lng: -3.7,
  timezone: 'Europe/Madrid', currency: 'EUR', commission_bps: null, effective_commission_bps: 1000,
  cancellation_window_minutes: 1440, stripe_account_id: null, stripe_charges_enabled: false,
  stripe_payouts_enabled: false, created_at: '2026-12-01T09:00:00Z', review_status: 'pending_review',
  review_note: null, reviewed_at: null,
};

function mockApi() {
  const calls: Call[] = [];
  let reviewed = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const u = new URL(String(url));
      const path = u.pathname.replace(/^\/api/, '');
      const body = init?.body ? JSON.parse(String(init.body)) : null;
      calls.push({ path: path + u.search, method: init?.method ?? 'GET', body });
      if (path === '/rpc/review_venue') {
        reviewed = true;
        return Response.json({ venue_id: 12, review_status: body.publish ? 'published' : 'rejected' });
      }
      return new Response(JSON.stringify(reviewed ? [] : [waiting]), {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Content-Range': reviewed ? '*/0' : '0-0/1' },
      });
    }),
  );
  return calls;
}

describe('venue reviews', () => {
  it('trims the note and sends none when it is empty', () => {
    expect(reviewArgs(3, true, '  ')).toEqual({ venue_id: 3, publish: true, note: null });
    expect(reviewArgs(3, false, ' Photos missing ')).toEqual({ venue_id: 3, publish: false, note: 'Photos missing' });
  });

  it('lists the venues waiting, oldest first, and rejects one with a note', async () => {
    setSession({ token: 't', userId: 'a', role: 'admin', email: 'a@x', expiresAt: Date.now() + 3600_000 });
    const calls = mockApi();
    render(
      <MemoryRouter>
        <ReviewsPage />
      </MemoryRouter>,
    );
    await screen.findByText('Padel Nuevo');
    expect(calls[0].path).toContain('review_status=eq.pending_review');
    expect(calls[0].path).toContain('order=created_at.asc');
    fireEvent.change(screen.getByLabelText('Note for Padel Nuevo'), { target: { value: ' Photos missing ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await screen.findByText(/Padel Nuevo: rejected\. The owner is told\./);
    const review = calls.find((c) => c.path === '/rpc/review_venue');
    expect(review?.method).toBe('POST');
    expect(review?.body).toEqual({ venue_id: 12, publish: false, note: 'Photos missing' });
    await screen.findByText('No venue is waiting for review.');
  });
});
