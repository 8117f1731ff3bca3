import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { BarChart, niceMax } from '../components/BarChart';
import { buckets, formatOccupancy, reportArgs } from '../pages/Report';
import type { Venue } from '../api/types';

describe('report', () => {
  it('asks venue_report for the venue-local days as instants', () => {
    const v = { id: 4, timezone: 'America/New_York' } as Venue;
    expect(reportArgs(v, '2026-03-01', '2026-03-31')).toEqual({
      venue_id: 4,
      from: '2026-03-01T05:00:00.000Z',
      to: '2026-04-01T04:00:00.000Z', // DST started on 8 March
    });
  });
  it('makes daily buckets up to 31 days, weekly beyond', () => {
    const d = buckets('2026-03-01', '2026-03-07');
    expect(d).toHaveLength(7);
    expect(d[0]).toMatchObject({ from: '2026-03-01', to: '2026-03-01' });
    const w = buckets('2026-01-01', '2026-03-31');
    expect(w[0]).toMatchObject({ from: '2026-01-01', to: '2026-01-07' });
    expect(w[w.length - 1].to).toBe('2026-03-31');
    expect(w).toHaveLength(13);
  });
  it('formats occupancy given as a fraction', () => {
    expect(formatOccupancy(0.456)).toMatch(/^45\.6\s?%$/);
    expect(formatOccupancy(null)).toBe('—');
  });
  it('draws stacked bars on a round scale', () => {
    expect(niceMax(0, 100)).toBe(100);
    expect(niceMax(2300)).toBe(5000);
    expect(niceMax(1000)).toBe(1000);
    const { container } = render(
      <BarChart
        title="t"
        data={[
          { label: 'a', values: { net: 1800, fee: 200 } },
          { label: 'b', values: { net: 0, fee: 0 } },
        ]}
        series={[
          { key: 'net', label: 'Net', className: 'c-net' },
          { key: 'fee', label: 'Fee', className: 'c-fee' },
        ]}
        format={(v) => String(v)}
      />,
    );
    const rects = [...container.querySelectorAll('rect')];
    expect(rects).toHaveLength(4);
    const h = rects.map((r) => Number(r.getAttribute('height')));
    // 1800 + 200 of a 2000 scale fill the plot height (220 - 28 - 10)
    expect(h[0] + h[1]).toBeCloseTo(182);
    expect(h[2] + h[3]).toBe(0);
    expect(container.querySelector('svg')?.getAttribute('aria-label')).toBe('t');
  });
});
