import { parseMoney, toReportingCurrency } from '../../../src/shared/money';

const rates = { EUR: '1.08', CNY: '0.138765', JPY: '0.0066' };

it.each([
  ['59.90', 'USD', '59.9000'],
  ['59.90', 'usd', '59.9000'],
  ['100', 'EUR', '108.0000'],
  ['0.10', 'EUR', '0.1080'],
  ['19.99', 'CNY', '2.7739'], // 2.77391235 rounds down
  ['1000', 'JPY', '6.6000'],
  ['-20.00', 'EUR', '-21.6000'],
])('%s %s is %s in USD, exactly', (amount, currency, expected) => {
  expect(toReportingCurrency(amount, currency, 'USD', rates)).toEqual({ ok: true, amount: expected });
});

it('rounds half to even at the fourth decimal', () => {
  expect(toReportingCurrency('0.00125', 'USD', 'USD', rates)).toEqual({ ok: false, reason: expect.stringMatching(/at most 4 decimals/) });
  expect(toReportingCurrency('0.0025', 'X', 'USD', rates).ok).toBe(false);
  expect(toReportingCurrency('1.0005', 'EUR', 'USD', { EUR: '0.5' })).toEqual({ ok: true, amount: '0.5002' });
  expect(toReportingCurrency('1.0015', 'EUR', 'USD', { EUR: '0.5' })).toEqual({ ok: true, amount: '0.5008' });
});

it.each([
  ['12.5', 'GBP', /no exchange rate configured for GBP/],
  ['12,50', 'USD', /not a decimal number/],
  ['abc', 'USD', /not a decimal number/],
  ['1', 'EURO', /ISO 4217/],
])('%s %s is refused with a reason', (amount, currency, reason) => {
  const result = toReportingCurrency(amount, currency, 'USD', rates);
  expect(result.ok).toBe(false);
  expect(!result.ok && result.reason).toMatch(reason);
});

it.each([
  ['59.9', '59.9000'],
  ['59.90000', '59.9000'],
  ['0', '0.0000'],
  ['1.23456', null],
  ['', null],
])('parseMoney(%p) = %p', (input, out) => {
  expect(parseMoney(input)).toBe(out);
});
