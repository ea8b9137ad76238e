/**
 * Discounted customer lifetime value the way lifetimes computes it (`utils.py::_customer_lifetime_value`,
 * MODELS.md §2.5(a)): expected spend per transaction times the transactions expected in each future month,
 * discounted monthly. Months are calendar-average months in the data's time unit, not lifetimes' `freq` table,
 * whose "D" = 30 applied to weekly data is the best-known misuse of that function (MODELS.md §9.1).
 */
import type { TransactionModel, TransactionParams } from './bgFamily';
import { gammaGammaExpectedSpend, type GammaGammaParams } from './gammaGamma';
import type { TimeUnit } from './summary';
import { expectedPurchasesIfAlive, pAlive } from './transactionModel';

/** The mean month of a 365.25-day year (the Julian year, which astronomy and most BI tools use): 365.25 / 12 days. */
export const DAYS_PER_MONTH = 30.4375;

export interface ClvOptions {
  /** Horizon H in months; lifetimes' default 12. */
  months?: number;
  /** Discount rate d per month; lifetimes' default 0.01. */
  monthlyDiscountRate?: number;
  /** Time units of the fitted model per month, f; see timeUnitsPerMonth. */
  unitsPerMonth: number;
}

/** f for a model fitted in days (30.4375) or weeks (30.4375/7 ≈ 4.348). */
export function timeUnitsPerMonth(unit: TimeUnit): number {
  return unit === 'WEEKS' ? DAYS_PER_MONTH / 7 : DAYS_PER_MONTH;
}

/** CLV = Σ_{k=1..H} E(M)·(E[Y(k·f)] − E[Y((k−1)·f)]) / (1+d)^k; lifetimes' discounted sum, MODELS.md §2.5(a). */
export function customerLifetimeValue(
  model: TransactionModel,
  params: TransactionParams,
  expectedSpend: number,
  x: number,
  tx: number,
  T: number,
  options: ClvOptions,
): number {
  return expectedSpend * pAlive(model, params, x, tx, T) * discountedPurchasesIfAlive(model, params, x, T, options);
}

/**
 * Σ_{k=1..H} (E[Y(k·f) | alive] − E[Y((k−1)·f) | alive]) / (1+d)^k: the CLV of one unit of spend for a customer known
 * to be alive. E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · E[Y(t) | x, T, alive] in both models, so
 * CLV = E(M) · P(alive) · this, and this depends on (x, T) only: customers sharing them share the twelve ₂F₁ sums.
 */
export function discountedPurchasesIfAlive(model: TransactionModel, params: TransactionParams, x: number, T: number, options: ClvOptions): number {
  const { months = 12, monthlyDiscountRate = 0.01, unitsPerMonth } = options;
  if (!(Number.isInteger(months) && months >= 0)) throw new RangeError(`months = ${months} is not a whole number`);
  if (!(unitsPerMonth > 0)) throw new RangeError(`unitsPerMonth = ${unitsPerMonth} must be positive`);
  let value = 0;
  let before = 0;
  let discount = 1;
  for (let k = 1; k <= months; k++) {
    const upTo = expectedPurchasesIfAlive(model, params, x, T, k * unitsPerMonth);
    discount /= 1 + monthlyDiscountRate;
    // Incremental purchases per month; summing the cumulative E[Y] was lifetimes' old bug (issues #27, #43).
    value += (upTo - before) * discount;
    before = upTo;
  }
  return value;
}

/** customerLifetimeValue for every customer, with E(M) from Gamma-Gamma (note 025 Eq. 5); MODELS.md §2.5(a). */
export function customerLifetimeValues(
  model: TransactionModel,
  params: TransactionParams,
  spend: GammaGammaParams,
  customers: { x: ArrayLike<number>; tx: ArrayLike<number>; T: ArrayLike<number>; zbar: ArrayLike<number> },
  options: ClvOptions,
): Float64Array {
  const n = customers.x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = customers.x[i];
    const expectedSpend = gammaGammaExpectedSpend(spend, x, customers.zbar[i]);
    out[i] = customerLifetimeValue(model, params, expectedSpend, x, customers.tx[i], customers.T[i], options);
  }
  return out;
}
