/**
 * Per-customer recency/frequency/monetary summaries from a transaction log, in the form the buy-till-you-die models
 * consume (MODELS.md §1; lifetimes `summary_data_from_transaction_data`). Columnar in and out so a million
 * customers cost a few typed arrays, not a million objects.
 */

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { floor } = Math;

export type TimeUnit = 'DAYS' | 'WEEKS';

export const DAY_MS = 86_400_000;

const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { DAYS: 1, WEEKS: 7 };

/** One row per transaction; the three columns have the same length. */
export interface TransactionLog<K> {
  customerId: ArrayLike<K>;
  /** Epoch milliseconds; only the UTC calendar day counts. */
  at: ArrayLike<number>;
  amount: ArrayLike<number>;
}

export interface SummaryOptions {
  /** The last UTC calendar day of the calibration window (inclusive); the time of day is ignored. */
  calibrationEnd: Date;
  timeUnit: TimeUnit;
}

/** Recency/frequency columns, one entry per customer, times in the fit's time unit. */
export interface RecencyFrequency {
  /** Repeat purchases: distinct purchase days − 1. */
  x: ArrayLike<number>;
  /** Time of the last purchase after the first (0 when x = 0). */
  tx: ArrayLike<number>;
  /** Time from the first purchase to the end of the calibration window. */
  T: ArrayLike<number>;
}

/** Repeat-spend columns for Gamma-Gamma: customers with x = 0 have no zbar and are skipped by the fit. */
export interface RepeatSpend {
  x: ArrayLike<number>;
  /** Mean value of the x repeat purchase days (the first purchase excluded); 0 when x = 0. */
  zbar: ArrayLike<number>;
}

export interface CustomerSummaries<K> extends RecencyFrequency, RepeatSpend {
  /** Customers in the order of their first transaction in the log. */
  customerId: K[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  zbar: Float64Array;
}

/** Days since the epoch of the UTC calendar day containing `ms`. */
export function utcDay(ms: number): number {
  return floor(ms / DAY_MS);
}

/**
 * x, t_x, T and zbar per customer as in MODELS.md §1: transactions after the calibration end are ignored, those of
 * one customer on one UTC day are one purchase (amounts summed), the first purchase starts the customer's clock and
 * is excluded from zbar.
 */
export function summarizeTransactions<K>(log: TransactionLog<K>, options: SummaryOptions): CustomerSummaries<K> {
  const n = log.customerId.length;
  if (log.at.length !== n || log.amount.length !== n) throw new RangeError('transaction log columns differ in length');
  const endMs = options.calibrationEnd.getTime();
  if (!Number.isFinite(endMs)) throw new RangeError('calibrationEnd must be a valid Date');
  const endDay = utcDay(endMs);
  const unitDays = DAYS_PER_UNIT[options.timeUnit];
  if (unitDays === undefined) throw new RangeError(`unknown time unit ${String(options.timeUnit)}`);

  const slotOf = new Map<K, number>();
  const customerId: K[] = [];
  const day = new Float64Array(n);
  const owner = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = log.at[i];
    const amount = log.amount[i];
    if (!Number.isFinite(at)) throw new RangeError(`transaction ${i}: timestamp ${at} is not finite`);
    if (!Number.isFinite(amount)) throw new RangeError(`transaction ${i}: amount ${amount} is not finite`);
    day[i] = utcDay(at);
    if (day[i] > endDay) {
      owner[i] = -1;
      continue;
    }
    const id = log.customerId[i];
    let slot = slotOf.get(id);
    if (slot === undefined) {
      slot = customerId.length;
      slotOf.set(id, slot);
      customerId.push(id);
    }
    owner[i] = slot;
  }

  // Counting sort of the kept rows by customer, then each customer's few rows by day.
  const customers = customerId.length;
  const start = new Uint32Array(customers + 1);
  for (let i = 0; i < n; i++) if (owner[i] >= 0) start[owner[i] + 1]++;
  for (let c = 0; c < customers; c++) start[c + 1] += start[c];
  const order = new Uint32Array(start[customers]);
  const fill = start.slice(0, customers);
  for (let i = 0; i < n; i++) if (owner[i] >= 0) order[fill[owner[i]]++] = i;

  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const T = new Float64Array(customers);
  const zbar = new Float64Array(customers);
  const byDay = (i: number, j: number): number => day[i] - day[j];
  for (let c = 0; c < customers; c++) {
    const rows = order.subarray(start[c], start[c + 1]);
    if (rows.length > 1) rows.sort(byDay);
    const firstDay = day[rows[0]];
    let lastDay = firstDay;
    let repeatDays = 0;
    let repeatSpend = 0;
    for (let k = 0; k < rows.length; k++) {
      const d = day[rows[k]];
      if (d === firstDay) continue;
      if (d !== lastDay) {
        repeatDays++;
        lastDay = d;
      }
      repeatSpend += log.amount[rows[k]];
    }
    x[c] = repeatDays;
    tx[c] = (lastDay - firstDay) / unitDays;
    T[c] = (endDay - firstDay) / unitDays;
    zbar[c] = repeatDays > 0 ? repeatSpend / repeatDays : 0;
  }
  return { customerId, x, tx, T, zbar };
}
