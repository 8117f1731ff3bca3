import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AvailabilityEditor } from '../components/AvailabilityEditor';
import { closesPastMidnight, copyDay, fromApi, spanMinutes, validateRules, type EditorRule } from '../lib/availability';

const rule = (weekday: number, opens: string, closes: string, slotMinutes = '90', price = '24', key = `${weekday}-${opens}`): EditorRule => ({
  key,
  weekday,
  opens,
  closes,
  slotMinutes,
  price,
});

describe('availability rules', () => {
  it('builds the set_availability payload with peak and off-peak prices', () => {
    const v = validateRules(
      [rule(1, '18:00', '23:00', '60', '30'), rule(1, '08:00', '18:00', '60', '18.50'), rule(6, '09:00', '21:00', '90', '28')],
      'EUR',
    );
    expect(v.ok).toBe(true);
    expect(v.payload).toEqual([
      { weekday: 1, opens: '08:00', closes: '18:00', slot_minutes: 60, price_cents: 1850 },
      { weekday: 1, opens: '18:00', closes: '23:00', slot_minutes: 60, price_cents: 3000 },
      { weekday: 6, opens: '09:00', closes: '21:00', slot_minutes: 90, price_cents: 2800 },
    ]);
  });

  it('accepts a closing time past midnight and counts its length into the next day', () => {
    expect(closesPastMidnight('18:00', '01:00')).toBe(true);
    expect(closesPastMidnight('08:00', '00:00')).toBe(true);
    expect(closesPastMidnight('08:00', '22:00')).toBe(false);
    expect(spanMinutes('18:00', '01:00')).toBe(420);
    const v = validateRules([rule(5, '18:00', '01:30', '90', '30')], 'EUR');
    expect(v.ok).toBe(true);
    expect(v.payload).toEqual([{ weekday: 5, opens: '18:00', closes: '01:30', slot_minutes: 90, price_cents: 3000 }]);
  });

  it('rejects equal open and close times', () => {
    const v = validateRules([rule(2, '10:00', '10:00')], 'EUR');
    expect(v.ok).toBe(false);
    expect(v.payload).toEqual([]);
    expect(v.errors['2-10:00']).toContain('Opening and closing times must differ.');
  });

  it('rejects a past-midnight closing that runs into the next day’s opening', () => {
    const v = validateRules([rule(5, '18:00', '02:00', '60', '30', 'fri'), rule(6, '01:00', '12:00', '60', '20', 'sat')], 'EUR');
    expect(v.ok).toBe(false);
    expect(v.errors.fri.join(' ')).toMatch(/Overlaps Saturday 01:00–12:00/);
    expect(v.errors.sat.join(' ')).toMatch(/Overlaps Friday 18:00–02:00/);
    // closing exactly when the next day opens is fine
    expect(validateRules([rule(5, '18:00', '02:00', '60', '30', 'fri'), rule(6, '02:00', '12:00', '60', '20', 'sat')], 'EUR').ok).toBe(true);
  });

  it('wraps Sunday past midnight into Monday', () => {
    const v = validateRules([rule(7, '20:00', '01:00', '60', '30', 'sun'), rule(1, '00:30', '03:00', '60', '20', 'mon')], 'EUR');
    expect(v.ok).toBe(false);
    expect(v.errors.sun.join(' ')).toMatch(/Overlaps Monday/);
  });

  it('checks slot length, price and the opening being long enough', () => {
    expect(validateRules([rule(1, '09:00', '10:00', '10')], 'EUR').errors['1-09:00'][0]).toMatch(/15 to 480/);
    expect(validateRules([rule(1, '09:00', '10:00', '60', '0')], 'EUR').errors['1-09:00']).toContain('Price must be an amount above zero.');
    expect(validateRules([rule(1, '09:00', '10:00', '90')], 'EUR').errors['1-09:00'][0]).toMatch(/shorter than one slot/);
    const w = validateRules([rule(1, '09:00', '22:00', '90')], 'EUR');
    expect(w.ok).toBe(true);
    expect(w.warnings['1-09:00'][0]).toMatch(/last 60 minutes/);
  });

  it('reads API rules (HH:MM:SS) and copies a day to others', () => {
    const rs = fromApi([{ weekday: 1, opens: '08:00:00', closes: '01:00:00', slot_minutes: 60, price_cents: 2000 }], 'EUR');
    expect(rs[0]).toMatchObject({ weekday: 1, opens: '08:00', closes: '01:00', slotMinutes: '60', price: '20.00' });
    const copied = copyDay(rs, 1, [1, 2, 3]);
    expect(copied.map((r) => r.weekday)).toEqual([1, 2, 3]);
    expect(validateRules(copied, 'EUR').ok).toBe(true); // 08:00–01:00 ends before the next day's 08:00
  });
});

describe('<AvailabilityEditor>', () => {
  it('edits rules and sends the payload, including a past-midnight closing', async () => {
    const onSave = vi.fn().mockResolvedValue({ rules: 2 });
    render(
      <AvailabilityEditor
        initial={[{ weekday: 1, opens: '09:00:00', closes: '18:00:00', slot_minutes: 60, price_cents: 1800 }]}
        currency="EUR"
        onSave={onSave}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
    fireEvent.change(screen.getByLabelText('Monday 2 opens'), { target: { value: '18:00' } });
    fireEvent.change(screen.getByLabelText('Monday 2 closes'), { target: { value: '00:30' } });
    fireEvent.change(screen.getByLabelText('Monday 2 slot minutes'), { target: { value: '90' } });
    fireEvent.change(screen.getByLabelText('Monday 2 price'), { target: { value: '32,50' } });
    expect(screen.getByText('next day')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save opening hours' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave).toHaveBeenCalledWith([
      { weekday: 1, opens: '09:00', closes: '18:00', slot_minutes: 60, price_cents: 1800 },
      { weekday: 1, opens: '18:00', closes: '00:30', slot_minutes: 90, price_cents: 3250 },
    ]);
    expect(await screen.findByText('Saved 2 rules.')).toBeTruthy();
  });

  it('does not save invalid rules and says why', async () => {
    const onSave = vi.fn();
    render(<AvailabilityEditor initial={[]} currency="EUR" onSave={onSave} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Tuesday' }));
    fireEvent.change(screen.getByLabelText('Tuesday 1 opens'), { target: { value: '10:00' } });
    fireEvent.change(screen.getByLabelText('Tuesday 1 closes'), { target: { value: '10:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save opening hours' }));
    expect(await screen.findByText('Opening and closing times must differ.')).toBeTruthy();
    expect(screen.getByText('Price must be an amount above zero.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Fix the 1 highlighted rule/);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('shows the API error in plain words', async () => {
    const { ApiError } = await import('../api/client');
    const onSave = vi.fn().mockRejectedValue(new ApiError(403, { code: 'forbidden', message: 'not your court' }));
    render(
      <AvailabilityEditor
        initial={[{ weekday: 3, opens: '09:00', closes: '12:00', slot_minutes: 60, price_cents: 1000 }]}
        currency="EUR"
        onSave={onSave}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save opening hours' }));
    expect(await screen.findByText('You are not allowed to do that.')).toBeTruthy();
  });
});
