import { SEED_CURRENCY_RATES, type SeedCurrency } from './params';

/**
 * Money is integers until it becomes a string: cents for amounts, 1e-4 units for reporting values. Floats would
 * make "19.99 × 1.08" come out as 21.589199999999998.
 */

/** USD cents of a modelled spend (a float in dollars), never below one cent. */
export function toCents(dollars: number): number {
  return Math.max(1, Math.round(dollars * 100));
}

/** Local-currency cents for a value modelled in USD cents: rounding happens once, here. */
export function localCents(usdCents: number, currency: SeedCurrency): number {
  return Math.max(1, Math.round((usdCents * 100) / SEED_CURRENCY_RATES[currency]));
}

/** "1234.50" */
export function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** USD value of local cents as a 4-decimal string: cents × rate-in-hundredths is exactly 1e-4 USD units. */
export function reportingAmount(cents: number, currency: SeedCurrency): string {
  const units = cents * SEED_CURRENCY_RATES[currency];
  return `${Math.floor(units / 10000)}.${String(units % 10000).padStart(4, '0')}`;
}

/** Split a total into `parts` positive cent amounts that add up exactly, in proportion to random weights. */
export function splitCents(total: number, weights: readonly number[]): number[] {
  const parts = Math.min(weights.length, total);
  if (parts <= 1) return [total];
  const sum = weights.slice(0, parts).reduce((a, b) => a + b, 0);
  // Each part gets one cent up front so none is zero; the rest is shared by weight, remainder to the last.
  const spare = total - parts;
  const out: number[] = [];
  let given = 0;
  for (let i = 0; i < parts - 1; i++) {
    const share = Math.floor((spare * weights[i]) / sum);
    out.push(1 + share);
    given += share;
  }
  out.push(1 + spare - given);
  return out;
}
