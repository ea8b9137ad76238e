import { ConfigError, loadConfig } from '../../src/config';

test('defaults', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({ port: 4000, databaseUrl: null, reportingCurrency: 'USD', businessTimezone: 'UTC', adminKey: null, firstRunSeedCustomers: 2000 });
});

test('currency rates and time zone are parsed and validated', () => {
  expect(loadConfig({ CURRENCY_RATES: 'eur=1.08, CNY=0.14', BUSINESS_TIMEZONE: 'Asia/Shanghai' })).toMatchObject({
    currencyRates: { EUR: '1.08', CNY: '0.14' },
    businessTimezone: 'Asia/Shanghai',
  });
});

it.each([
  [{ PORT: 'abc' }, /PORT/],
  [{ CURRENCY_RATES: 'EUR:1.08' }, /CURRENCY_RATES/],
  [{ BUSINESS_TIMEZONE: 'Mars/Base' }, /BUSINESS_TIMEZONE/],
  [{ REPORTING_CURRENCY: 'dollars' }, /REPORTING_CURRENCY/],
])('%p is refused with a message naming the variable', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});
