/**
 * Exact money arithmetic on decimal strings (BigInt scaled by 10^4), so conversion into the reporting currency
 * never goes through a float. Amounts are major units ("59.90").
 */
const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export type Conversion = { ok: true; amount: string } | { ok: false; reason: string };

function parse(value: string, scale: number): bigint | null {
  const m = DECIMAL.exec(value.trim());
  if (!m) return null;
  const frac = (m[3] ?? '').padEnd(scale, '0');
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) return null;
  const n = BigInt(m[2] + frac.slice(0, scale));
  return m[1] ? -n : n;
}

function format(n: bigint): string {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const int = abs / FACTOR;
  const frac = (abs % FACTOR).toString().padStart(SCALE, '0');
  return `${negative ? '-' : ''}${int}.${frac}`;
}

/** Round half to even (banker's rounding) when dividing by 10^digits. */
function divRound(n: bigint, divisor: bigint): bigint {
  const q = n / divisor;
  const r = n % divisor;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < divisor) return q;
  if (twice > divisor || q % 2n !== 0n) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** Parse a money amount (at most 4 decimals); null when it is not a plain decimal number. */
export function parseMoney(value: string): string | null {
  const n = parse(value, SCALE);
  return n === null ? null : format(n);
}

/**
 * `amount` in `currency` → the reporting currency, by the configured rate (units of reporting currency per unit).
 * An unknown currency is refused with a reason, never guessed.
 */
export function toReportingCurrency(amount: string, currency: string, reporting: string, rates: Record<string, string>): Conversion {
  const value = parse(amount, SCALE);
  if (value === null) return { ok: false, reason: `amount "${amount}" is not a decimal number with at most ${SCALE} decimals` };
  const code = currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return { ok: false, reason: `currency "${currency}" is not an ISO 4217 code` };
  if (code === reporting) return { ok: true, amount: format(value) };
  const rateText = rates[code];
  if (rateText === undefined) return { ok: false, reason: `no exchange rate configured for ${code} → ${reporting} (CURRENCY_RATES)` };
  const rateScale = Math.max(SCALE, (rateText.split('.')[1] ?? '').length);
  const rate = parse(rateText, rateScale)!;
  return { ok: true, amount: format(divRound(value * rate, 10n ** BigInt(rateScale))) };
}

/** `amount` / `divisor` (a positive whole number) at 4 decimals, rounded half to even; null for a bad amount. */
export function divideMoney(amount: string, divisor: number): string | null {
  if (!(Number.isInteger(divisor) && divisor > 0)) throw new RangeError(`divisor ${divisor} must be a positive whole number`);
  const value = parse(amount, SCALE);
  return value === null ? null : format(divRound(value, BigInt(divisor)));
}
