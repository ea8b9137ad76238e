import { isCalendarDate, localDate, minusDuration, parseDuration } from '../../../src/segments/calendar';

describe('ISO 8601 durations of whole days', () => {
  it.each([
    ['P30D', { months: 0, days: 30 }],
    ['P0D', { months: 0, days: 0 }],
    ['P2W', { months: 0, days: 14 }],
    ['P3M', { months: 3, days: 0 }],
    ['P1Y', { months: 12, days: 0 }],
    ['P1Y2M3W4D', { months: 14, days: 25 }],
  ])('%s', (text, expected) => expect(parseDuration(text)).toEqual(expected));

  it.each(['P', 'PT1H', 'P1DT1H', '30D', 'P-1D', 'P1.5D', 'p30d', 'P1D1M', ' P1D', 'P30DX'])('refuses %s', (text) => expect(parseDuration(text)).toBeNull());
});

describe('date − duration, as PostgreSQL computes it (months first, the day clamped, then days)', () => {
  it.each([
    ['2026-03-15', 'P30D', '2026-02-13'],
    ['2026-03-31', 'P1M', '2026-02-28'],
    ['2024-03-31', 'P1M', '2024-02-29'],
    ['2024-03-31', 'P1Y1M1D', '2023-02-27'],
    ['2024-02-29', 'P1Y', '2023-02-28'],
    ['2026-01-10', 'P2W', '2025-12-27'],
    ['2026-01-31', 'P11M', '2025-02-28'],
    ['2026-05-31', 'P3M', '2026-02-28'],
    ['2026-03-08', 'P0D', '2026-03-08'],
  ])('%s − %s = %s', (date, duration, expected) => expect(minusDuration(date, parseDuration(duration)!)).toBe(expected));
});

describe('calendar dates and local dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
  ])('%s is a calendar date: %s', (text, ok) => expect(isCalendarDate(text)).toBe(ok));

  it.each([
    ['2026-03-15T06:59:59Z', 'America/Los_Angeles', '2026-03-14'],
    ['2026-03-15T07:00:00Z', 'America/Los_Angeles', '2026-03-15'],
    ['2026-03-14T16:00:00Z', 'Asia/Shanghai', '2026-03-15'],
    ['2026-12-31T23:59:59.999Z', 'UTC', '2026-12-31'],
  ])('%s in %s is %s', (at, tz, date) => expect(localDate(new Date(at), tz)).toBe(date));
});
