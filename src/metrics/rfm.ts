/**
 * RFM scoring (issue 4 §1, MODELS.md §6): quintile scores over buyers with value-based cut points, the R×F grid and
 * the tier. Pure: the SQL in metrics.repo.ts applies the same rules set-based, and an integration test checks that
 * every stored row equals what these functions answer.
 */

export type RfmCell =
  | 'CHAMPIONS'
  | 'LOYAL_CUSTOMERS'
  | 'POTENTIAL_LOYALISTS'
  | 'NEW_CUSTOMERS'
  | 'PROMISING'
  | 'NEED_ATTENTION'
  | 'ABOUT_TO_SLEEP'
  | 'AT_RISK'
  | 'CANT_LOSE_THEM'
  | 'HIBERNATING';

export type RfmTier = 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE';

/** A buyer's raw values. `monetary` is exact money (a decimal string in the reporting currency). */
export interface RfmValues {
  /** Whole days since the last order (any time). */
  recencyDays: number;
  /** Orders within the RFM window. */
  frequency: number;
  /** Net revenue within the RFM window. */
  monetary: string;
}

/**
 * Four cut points per dimension, the 20/40/60/80 % quantiles over all buyers. Recency is listed worst first (most
 * days first), because its scale is reversed: fewer days is better.
 */
export interface RfmCutPoints {
  recency: number[];
  frequency: number[];
  monetary: string[];
}

export interface RfmScores {
  r: number;
  f: number;
  m: number;
  /** R‖F‖M, e.g. "545". */
  score: string;
}

/** The quantiles the four cut points sit at. */
export const RFM_QUANTILES: readonly number[] = [0.2, 0.4, 0.6, 0.8];

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,4}))?$/;

/** Money as an integer of 1/10,000ths, so comparisons are exact (amounts are numeric(20,4)). */
function units(value: string): bigint {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new RangeError(`not a decimal amount: "${value}"`);
  const n = BigInt(m[2] + (m[3] ?? '').padEnd(4, '0'));
  return m[1] ? -n : n;
}

/** Exact comparison of two decimal amounts: negative, zero or positive. */
export function compareDecimal(a: string, b: string): number {
  const d = units(a) - units(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/**
 * PostgreSQL's `percentile_disc(p)`: the first value, in the given order, whose 1-based position i has i / n ≥ p
 * (i = ⌈p·n⌉, at least 1). A value of the data, never an interpolation, so equal values never straddle a cut.
 */
export function percentileDisc<T>(sorted: readonly T[], p: number): T {
  if (!sorted.length) throw new RangeError('percentileDisc of no values');
  const i = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(i, sorted.length) - 1];
}

/** Cut points over every buyer's values; null when there are no buyers. */
export function cutPointsFrom(values: readonly RfmValues[]): RfmCutPoints | null {
  if (!values.length) return null;
  const recency = values.map((v) => v.recencyDays).sort((a, b) => b - a);
  const frequency = values.map((v) => v.frequency).sort((a, b) => a - b);
  const monetary = values.map((v) => v.monetary).sort(compareDecimal);
  return {
    recency: RFM_QUANTILES.map((p) => percentileDisc(recency, p)),
    frequency: RFM_QUANTILES.map((p) => percentileDisc(frequency, p)),
    monetary: RFM_QUANTILES.map((p) => percentileDisc(monetary, p)),
  };
}

/**
 * Score = 1 + the number of cut points the value strictly beats (F, M: is above; R: has fewer days than). Equal
 * values therefore always score the same, and a customer scored alone with the stored cut points gets what a full run
 * gives. When a mass of equal values collapses cut points (60 % of buyers with one order: c1 = c2 = c3 = 1), fewer
 * levels are used and each keeps its meaning: one order scores F1, two orders beat three cuts and score F4.
 */
export function scoreRfm(values: RfmValues, cuts: RfmCutPoints): RfmScores {
  const r = 1 + cuts.recency.filter((c) => c > values.recencyDays).length;
  const f = 1 + cuts.frequency.filter((c) => c < values.frequency).length;
  const m = 1 + cuts.monetary.filter((c) => compareDecimal(c, values.monetary) < 0).length;
  return { r, f, m, score: `${r}${f}${m}` };
}

/**
 * The R×F grid (MODELS.md §6.3, issue 4 §1): ten disjoint cells covering all 25 pairs. Rows are R 1..5, columns
 * F 1..5. The SQL is generated from this table, so the two cannot drift apart.
 */
export const RFM_GRID: readonly (readonly RfmCell[])[] = [
  /* R1 */ ['HIBERNATING', 'HIBERNATING', 'AT_RISK', 'AT_RISK', 'CANT_LOSE_THEM'],
  /* R2 */ ['HIBERNATING', 'HIBERNATING', 'AT_RISK', 'AT_RISK', 'CANT_LOSE_THEM'],
  /* R3 */ ['ABOUT_TO_SLEEP', 'ABOUT_TO_SLEEP', 'NEED_ATTENTION', 'LOYAL_CUSTOMERS', 'LOYAL_CUSTOMERS'],
  /* R4 */ ['PROMISING', 'POTENTIAL_LOYALISTS', 'POTENTIAL_LOYALISTS', 'LOYAL_CUSTOMERS', 'LOYAL_CUSTOMERS'],
  /* R5 */ ['NEW_CUSTOMERS', 'POTENTIAL_LOYALISTS', 'POTENTIAL_LOYALISTS', 'CHAMPIONS', 'CHAMPIONS'],
];

export function rfmCell(r: number, f: number): RfmCell {
  const cell = RFM_GRID[r - 1]?.[f - 1];
  if (!cell) throw new RangeError(`R and F are 1..5, got R${r} F${f}`);
  return cell;
}

/** HIGH when r + f + m ≥ 12, MEDIUM when ≥ 8, LOW otherwise; NONE for non-buyers (no scores). */
export function rfmTier(scores: Pick<RfmScores, 'r' | 'f' | 'm'> | null): RfmTier {
  if (!scores) return 'NONE';
  const sum = scores.r + scores.f + scores.m;
  return sum >= 12 ? 'HIGH' : sum >= 8 ? 'MEDIUM' : 'LOW';
}
