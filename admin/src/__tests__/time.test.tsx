import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { addDays, isoWeekday, localDayRange, mondayOf, zonedParts, zonedTimeToInstant } from '../lib/time';
import { layoutWeek, placeSlot, weekBounds, type CourtSlot } from '../lib/weekgrid';
import { WeekGridView } from '../components/WeekGrid';

const MADRID = 'Europe/Madrid';
const slot = (id: number, start: string, end: string, status: CourtSlot['status'] = 'available'): CourtSlot => ({
  id,
  court_id: 1,
  start_at: start,
  end_at: end,
  price_cents: 2400,
  status,
});

describe('time zone handling of the week grid', () => {
  it('puts 2026-03-29T00:30Z on Sunday 29 March, 01:30 in Madrid (before the DST jump)', () => {
    const p = zonedParts('2026-03-29T00:30:00Z', MADRID);
    expect(p.date).toBe('2026-03-29');
    expect(p.time).toBe('01:30');
    expect(p.weekday).toBe(7);
  });

  it('reads the venue zone, not the browser zone', () => {
    // 23:30 UTC on the 28th is already the 29th in Madrid and still the 28th in New York
    expect(zonedParts('2026-03-28T23:30:00Z', MADRID).date).toBe('2026-03-29');
    expect(zonedParts('2026-03-28T23:30:00Z', 'America/New_York').date).toBe('2026-03-28');
    expect(zonedParts('2026-03-28T23:30:00Z', 'America/New_York').time).toBe('19:30');
  });

  it('lays a 90-minute slot across the spring-forward gap on the right day and hours', () => {
    // 01:30 CET → 04:00 CEST: 90 real minutes, wall clock jumps 02:00 → 03:00
    const p = placeSlot(slot(1, '2026-03-29T00:30:00Z', '2026-03-29T02:00:00Z'), MADRID);
    expect(p).toMatchObject({ date: '2026-03-29', start: '01:30', end: '04:00', minutes: 90, startMinute: 90 });
  });

  it('computes week bounds from local midnights (a 167-hour DST week)', () => {
    const { days, from, to } = weekBounds('2026-03-23', MADRID);
    expect(days).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
    expect(from.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect((to.getTime() - from.getTime()) / 3600000).toBe(167);
  });

  it('maps local wall-clock times to instants, including gaps and the autumn overlap', () => {
    expect(zonedTimeToInstant('2026-03-29', '01:30', MADRID).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedTimeToInstant('2026-03-29', '03:00', MADRID).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // 02:30 does not exist that night: pushed forward to 03:30 CEST
    expect(zonedTimeToInstant('2026-03-29', '02:30', MADRID).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: the earlier (CEST) instant
    expect(zonedTimeToInstant('2026-10-25', '02:30', MADRID).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedTimeToInstant('2026-07-01', '00:00', 'Asia/Kolkata').toISOString()).toBe('2026-06-30T18:30:00.000Z');
  });

  it('local day ranges are [first midnight, midnight after the last day)', () => {
    const r = localDayRange('2026-10-25', '2026-10-25', MADRID);
    expect(r.from.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-10-25T23:00:00.000Z'); // a 25-hour day
  });

  it('calendar helpers', () => {
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(mondayOf('2026-03-29')).toBe('2026-03-23');
    expect(mondayOf('2026-03-23')).toBe('2026-03-23');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('groups slots into local days, a late slot after midnight UTC included', () => {
    const days = layoutWeek(
      [
        slot(3, '2026-03-29T00:30:00Z', '2026-03-29T02:00:00Z'),
        slot(1, '2026-03-23T08:00:00Z', '2026-03-23T09:30:00Z'),
        slot(2, '2026-03-28T23:00:00Z', '2026-03-29T00:30:00Z', 'booked'), // 00:00 Sunday local
        slot(4, '2026-03-29T22:30:00Z', '2026-03-30T00:00:00Z'), // Monday 00:30 next week: not shown
      ],
      '2026-03-23',
      MADRID,
    );
    expect(days.map((d) => d.slots.map((s) => s.slot.id))).toEqual([[1], [], [], [], [], [], [2, 3]]);
    expect(days[6].slots.map((s) => `${s.start}-${s.end}`)).toEqual(['00:00-01:30', '01:30-04:00']);
  });

  it('renders the slot in the Sunday column with its local hours and status', () => {
    const days = layoutWeek([slot(7, '2026-03-29T00:30:00Z', '2026-03-29T02:00:00Z', 'blocked')], '2026-03-23', MADRID);
    const { container } = render(<WeekGridView days={days} currency="EUR" selected={new Set([7])} onToggle={() => {}} />);
    const sunday = container.querySelector('[data-date="2026-03-29"]') as HTMLElement;
    const btn = within(sunday).getByRole('button', { pressed: true });
    expect(btn.textContent).toContain('01:30–04:00');
    expect(btn.getAttribute('data-status')).toBe('blocked');
    expect(btn.className).toContain('blocked');
    expect(btn.getAttribute('aria-label')).toMatch(/^Sun, (Mar 29|29 Mar) 01:30–04:00, Blocked, €24\.00$/);
    expect(screen.getAllByRole('button')).toHaveLength(1);
  });
});
