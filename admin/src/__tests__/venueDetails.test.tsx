import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { setSession } from '../api/session';
import type { Venue } from '../api/types';
import { VenueForm } from '../components/VenueForm';
import { REVIEW_LABEL, reviewInWords } from '../lib/review';
import { detailsArgs, photoLines, photosProblem } from '../lib/venueDetails';

afterEach(() => vi.unstubAllGlobals());

const venue: Venue = {
  id: 7, owner_id: 'o', name: 'Club', address: 'Calle 1', city: 'Madrid', lat: 40.4, lng: -3.7, timezone: 'Europe/Madrid',
  currency: 'EUR', commission_bps: null, effective_commission_bps: 1000, cancellation_window_minutes: 1440,
  stripe_account_id: null, stripe_charges_enabled: false, stripe_payouts_enabled: false, created_at: '',
  description: 'Four courts', photos: ['https://img.example/a.jpg'], amenities: ['parking'],
};

/** GET /venue_amenities answers three words; anything else fails the test. */
function mockVocabulary() {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string | URL | Request) => {
      const u = new URL(String(url));
      paths.push(u.pathname + u.search);
      if (!u.pathname.endsWith('/venue_amenities')) return new Response('unexpected', { status: 500 });
      return Response.json([
        { name: 'parking', position: 1 },
        { name: 'showers', position: 2 },
        { name: 'spectator_seating', position: 3 },
      ]);
    }),
  );
  return paths;
}

describe('venue details', () => {
  it('reads photo links one per line, trimmed, blank lines dropped', () => {
    expect(photoLines(' https://a.example/1.jpg \n\n https://a.example/2.jpg\n')).toEqual([
      'https://a.example/1.jpg',
      'https://a.example/2.jpg',
    ]);
    expect(photoLines('  \n ')).toEqual([]);
  });

  it('names what is wrong with the photos before a round trip', () => {
    expect(photosProblem([])).toBeUndefined();
    expect(photosProblem(['https://a.example/1.jpg'])).toBeUndefined();
    expect(photosProblem(['http://a.example/1.jpg'])).toBe('Not an https link: http://a.example/1.jpg');
    expect(photosProblem(['javascript:alert(1)'])).toBe('Not an https link: javascript:alert(1)');
    expect(photosProblem(['https://a.example/1.jpg', 'https://a.example/1.jpg'])).toBe('A photo is listed twice.');
    expect(photosProblem(Array.from({ length: 11 }, (_, i) => `https://a.example/${i}.jpg`))).toBe('At most 10 photos.');
  });

  it('sends an empty description as none for a new venue and as a clearing one for an existing venue', () => {
    expect(detailsArgs('  ', [], [], false)).toEqual({ description: null, photos: [], amenities: [] });
    expect(detailsArgs('  ', [], [], true)).toEqual({ description: '', photos: [], amenities: [] });
    expect(detailsArgs(' Nice ', ['https://a.example/1.jpg'], ['showers', 'parking', 'showers'], true)).toEqual({
      description: 'Nice',
      photos: ['https://a.example/1.jpg'],
      amenities: ['parking', 'showers'],
    });
  });

  it('says what the review status means for players', () => {
    expect(REVIEW_LABEL.pending_review).toBe('Waiting for review');
    expect(reviewInWords('pending_review', null)).toContain('players cannot find this venue until an admin publishes it');
    expect(reviewInWords('rejected', 'Add photos')).toBe('Not published: players cannot find this venue. The reviewer\'s note: “Add photos”');
    expect(reviewInWords('rejected', null)).toBe('Not published: players cannot find this venue.');
  });
});

describe('<VenueForm> details', () => {
  it('shows what the owner set and sends the edited details with the venue', async () => {
    setSession({ token: 't', userId: 'o', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    const paths = mockVocabulary();
    const submit = vi.fn(async () => {});
    render(
      <MemoryRouter>
        <VenueForm venue={venue} submitLabel="Save changes" onSubmit={submit} />
      </MemoryRouter>,
    );
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe('Four courts');
    expect((screen.getByLabelText('Photo links') as HTMLTextAreaElement).value).toBe('https://img.example/a.jpg');
    const parking = (await screen.findByLabelText('parking')) as HTMLInputElement;
    expect(parking.checked).toBe(true);
    expect(paths[0]).toContain('order=position.asc');
    fireEvent.click(screen.getByLabelText('spectator seating'));
    fireEvent.click(parking);
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Photo links'), {
      target: { value: 'https://img.example/b.jpg\n\nhttps://img.example/a.jpg' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    const fields = (submit.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(fields.description).toBe('');
    expect(fields.photos).toEqual(['https://img.example/b.jpg', 'https://img.example/a.jpg']);
    expect(fields.amenities).toEqual(['spectator_seating']);
  });

  it('refuses an http photo link in the form and sends nothing', async () => {
    setSession({ token: 't', userId: 'o', role: 'owner', email: 'o@x', expiresAt: Date.now() + 3600_000 });
    mockVocabulary();
    const submit = vi.fn(async () => {});
    render(
      <MemoryRouter>
        <VenueForm venue={venue} submitLabel="Save changes" onSubmit={submit} />
      </MemoryRouter>,
    );
    fireEvent.change(screen.getByLabelText('Photo links'), { target: { value: 'http://img.example/b.jpg' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Not an https link: http://img.example/b.jpg');
    expect(submit).not.toHaveBeenCalled();
  });
});
