import { describe, expect, it } from 'vitest';
import { centsToInput, formatBps, formatMoney, minorDigits, parseMoney } from '../lib/money';

describe('money', () => {
  it('formats minor units in the venue currency', () => {
    expect(formatMoney(2450, 'EUR', 'en-IE')).toBe('€24.50');
    expect(formatMoney(2450, 'EUR', 'es-ES')).toMatch(/^24,50\s€$/);
    expect(formatMoney(2450, 'GBP', 'en-GB')).toBe('£24.50');
    expect(formatMoney(0, 'USD', 'en-US')).toBe('$0.00');
  });
  it('knows currencies without or with three decimals', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(minorDigits('KWD')).toBe(3);
    expect(formatMoney(1500, 'KWD', 'en-US')).toMatch(/1\.500/);
  });
  it('shows a dash for missing amounts', () => {
    expect(formatMoney(null, 'EUR')).toBe('—');
    expect(formatMoney(undefined, 'EUR')).toBe('—');
  });
  it('parses typed prices into minor units', () => {
    expect(parseMoney('24', 'EUR')).toBe(2400);
    expect(parseMoney('24.5', 'EUR')).toBe(2450);
    expect(parseMoney('24,50', 'EUR')).toBe(2450);
    expect(parseMoney(' 0.07 ', 'EUR')).toBe(7);
    expect(parseMoney('1500', 'JPY')).toBe(1500);
    expect(parseMoney('15.5', 'JPY')).toBeNull();
    expect(parseMoney('1.234', 'EUR')).toBeNull();
    expect(parseMoney('-3', 'EUR')).toBeNull();
    expect(parseMoney('abc', 'EUR')).toBeNull();
    expect(parseMoney('', 'EUR')).toBeNull();
  });
  it('round-trips minor units through the input text', () => {
    expect(centsToInput(2450, 'EUR')).toBe('24.50');
    expect(centsToInput(5, 'EUR')).toBe('0.05');
    expect(centsToInput(1500, 'JPY')).toBe('1500');
    for (const c of [1, 99, 100, 2450, 123456]) expect(parseMoney(centsToInput(c, 'EUR'), 'EUR')).toBe(c);
  });
  it('formats basis points as percent', () => {
    expect(formatBps(1000)).toMatch(/^10\s?%$/);
    expect(formatBps(1250)).toMatch(/^12\.5\s?%$/);
    expect(formatBps(null)).toBe('—');
  });
});
