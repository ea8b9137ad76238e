/*
 * Exact decimals for the money and rating comparisons of evaluate.ts: PostgreSQL compares `numeric` exactly, so the
 * per-customer evaluation must too (a float sum of 0.1 + 0.2 is not 0.3). A value is an integer scaled by 10^scale.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export interface Decimal {
  units: bigint;
  scale: number;
}

/** A plain decimal string ("59.90", "-3", "0.125"); null for anything else (exponents included). */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

/** A JSON number as a plain decimal string, or null when JavaScript would print it with an exponent. */
export function numberToDecimal(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const text = String(n);
  return DECIMAL.test(text) ? text : null;
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sumDecimals(values: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((acc, v) => acc + rescale(v, scale), 0n), scale };
}

export function timesInteger(d: Decimal, n: number): Decimal {
  return { units: d.units * BigInt(n), scale: d.scale };
}

/** Parse a decimal known to be valid (validated input, numeric column text). */
export function decimal(text: string): Decimal {
  const d = parseDecimal(text);
  if (!d) throw new RangeError(`not a decimal: ${text}`);
  return d;
}
