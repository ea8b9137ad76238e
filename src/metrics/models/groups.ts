/**
 * Compression of per-customer model inputs into weighted groups of identical rows. The likelihoods depend on a
 * customer only through (x, t_x, T), or (x, zbar) for Gamma-Gamma, and real data repeats these a lot: whole days
 * or weeks, a few hundred distinct ages. Each fit evaluates the likelihood dozens of times, so it pays to do the
 * grouping once and to tabulate everything that depends on one coordinate only.
 */
import type { RecencyFrequency, RepeatSpend } from './summary';

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { floor, log, max } = Math;

/** Distinct (x, t_x, T) rows with their multiplicity, sorted by x then t_x then T. */
export interface RecencyFrequencyGroups {
  /** Customers represented (the sum of the weights). */
  customers: number;
  /** Distinct x, ascending. */
  xValues: Float64Array;
  /** The groups with x = xValues[k] are xStart[k] ≤ g < xStart[k+1]. */
  xStart: Uint32Array;
  /** Customers with x = xValues[k]. */
  xWeight: Float64Array;
  /** Distinct t_x and T values: per-parameter terms such as ln(α + T) are computed once per distinct value. */
  txValues: Float64Array;
  TValues: Float64Array;
  weight: Float64Array;
  txIndex: Uint32Array;
  TIndex: Uint32Array;
}

/** Distinct (x, zbar) rows of the repeat buyers (x ≥ 1, zbar > 0), sorted by x then zbar. */
export interface SpendGroups {
  customers: number;
  /** Repeat buyers left out because zbar ≤ 0, which the Gamma-Gamma density cannot produce. */
  excluded: number;
  xValues: Float64Array;
  xStart: Uint32Array;
  xWeight: Float64Array;
  /** Σ w ln zbar over the groups with x = xValues[k]: the ln zbar terms summed once, outside the loop. */
  xSumLogZbar: Float64Array;
  weight: Float64Array;
  /** x · zbar, the only per-row quantity left inside the likelihood loop. */
  xZbar: Float64Array;
}

interface UniqueIndex {
  values: Float64Array;
  index: Uint32Array;
}

/** Values up to this bound index a table directly: counts, and ages in days (a few thousand). */
const DIRECT_LIMIT = 1 << 20;

/**
 * uniqueIndex for columns of small non-negative integers (x; t_x and T in days): a table indexed by the value instead
 * of a hash map, several times faster over a million rows. Null when a value is not such an integer.
 */
function uniqueSmallIntegers(column: ArrayLike<number>, rows: Uint32Array): UniqueIndex | null {
  let top = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = column[rows[k]];
    if (!(v >= 0 && v < DIRECT_LIMIT && v === floor(v))) return null;
    if (v > top) top = v;
  }
  const rank = new Int32Array(top + 1).fill(-1);
  for (let k = 0; k < rows.length; k++) rank[column[rows[k]]] = 0;
  let distinct = 0;
  for (let v = 0; v <= top; v++) if (rank[v] === 0) rank[v] = distinct++;
  const values = new Float64Array(distinct);
  for (let v = 0; v <= top; v++) if (rank[v] >= 0) values[rank[v]] = v;
  const index = new Uint32Array(rows.length);
  for (let k = 0; k < rows.length; k++) index[k] = rank[column[rows[k]]];
  return { values, index };
}

/** Sorted distinct values of the selected rows and, for each selected row, the position of its value. */
function uniqueIndex(column: ArrayLike<number>, rows: Uint32Array): UniqueIndex {
  const direct = uniqueSmallIntegers(column, rows);
  if (direct) return direct;
  // A hash pass then a sort of the distinct values only: typically a few hundred distinct ages (in weeks) among a
  // million rows. When the values turn out to be mostly distinct, one native sort of them all is faster.
  const idOf = new Map<number, number>();
  const seen: number[] = [];
  const index = new Uint32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const v = column[rows[k]];
    let id = idOf.get(v);
    if (id === undefined) {
      if (seen.length === MAP_LIMIT) return uniqueBySort(column, rows);
      id = seen.length;
      idOf.set(v, id);
      seen.push(v);
    }
    index[k] = id;
  }
  const values = Float64Array.from(seen).sort();
  const rank = new Uint32Array(seen.length);
  for (let id = 0; id < seen.length; id++) rank[id] = lowerBound(values, seen[id]);
  for (let k = 0; k < rows.length; k++) index[k] = rank[index[k]];
  return { values, index };
}

/** Distinct values past which uniqueIndex stops hashing and sorts. */
const MAP_LIMIT = 4096;

/** The first position of `values` (ascending) not below v. */
function lowerBound(values: Float64Array, v: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** uniqueIndex by one native sort of the selected values and a binary search per row. */
function uniqueBySort(column: ArrayLike<number>, rows: Uint32Array): UniqueIndex {
  const sorted = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) sorted[k] = column[rows[k]];
  sorted.sort();
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) {
    // !== keeps -0 and 0 together, as the Map's keys do.
    if (k === 0 || sorted[k] !== sorted[distinct - 1]) sorted[distinct++] = sorted[k];
  }
  const values = sorted.slice(0, distinct);
  const index = new Uint32Array(rows.length);
  for (let k = 0; k < rows.length; k++) index[k] = lowerBound(values, column[rows[k]]);
  return { values, index };
}

/** Positions 0..n−1 ordered by the key columns (first column most significant), by stable LSD counting sort. */
function orderByKeys(keys: readonly Uint32Array[], ranges: readonly number[], n: number): Uint32Array {
  let order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  let next = new Uint32Array(n);
  for (let column = keys.length - 1; column >= 0; column--) {
    const key = keys[column];
    const start = new Uint32Array(ranges[column] + 1);
    for (let k = 0; k < n; k++) start[key[k] + 1]++;
    for (let v = 0; v < ranges[column]; v++) start[v + 1] += start[v];
    for (let k = 0; k < n; k++) next[start[key[order[k]]]++] = order[k];
    [order, next] = [next, order];
  }
  return order;
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

/** Groups for the BG/NBD and MBG/NBD likelihoods; throws RangeError on rows no summary can produce. */
export function groupRecencyFrequency(data: RecencyFrequency): RecencyFrequencyGroups {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n) throw new RangeError('x, tx and T differ in length');
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    if (!isCount(x)) throw new RangeError(`customer ${i}: x = ${x} is not a count`);
    if (!(tx >= 0 && tx <= T && Number.isFinite(T))) {
      throw new RangeError(`customer ${i}: need 0 ≤ tx ≤ T, got tx = ${tx}, T = ${T}`);
    }
    if (x === 0 && tx !== 0) throw new RangeError(`customer ${i}: tx = ${tx} with no repeat purchase`);
    rows[i] = i;
  }
  const xs = uniqueIndex(data.x, rows);
  const txs = uniqueIndex(data.tx, rows);
  const Ts = uniqueIndex(data.T, rows);
  const order = orderByKeys([xs.index, txs.index, Ts.index], [xs.values.length, txs.values.length, Ts.values.length], n);

  const weight = new Float64Array(n);
  const txIndex = new Uint32Array(n);
  const TIndex = new Uint32Array(n);
  const xStart = new Uint32Array(xs.values.length + 1);
  const xWeight = new Float64Array(xs.values.length);
  let groups = 0;
  let lastX = -1;
  let lastTx = -1;
  let lastT = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const xi = xs.index[i];
    const ti = txs.index[i];
    const Ti = Ts.index[i];
    xWeight[xi]++;
    if (xi === lastX && ti === lastTx && Ti === lastT) {
      weight[groups - 1]++;
      continue;
    }
    lastX = xi;
    lastTx = ti;
    lastT = Ti;
    txIndex[groups] = ti;
    TIndex[groups] = Ti;
    weight[groups] = 1;
    xStart[xi + 1] = ++groups;
  }
  for (let xi = 0; xi < xs.values.length; xi++) xStart[xi + 1] = max(xStart[xi + 1], xStart[xi]);
  return {
    customers: n,
    xValues: xs.values,
    xStart,
    xWeight,
    txValues: txs.values,
    TValues: Ts.values,
    weight: weight.slice(0, groups),
    txIndex: txIndex.slice(0, groups),
    TIndex: TIndex.slice(0, groups),
  };
}

/** Groups for the Gamma-Gamma likelihood: repeat buyers only, as the model is fitted (MODELS.md §2.4). */
export function groupRepeatSpend(data: RepeatSpend): SpendGroups {
  const n = data.x.length;
  if (data.zbar.length !== n) throw new RangeError('x and zbar differ in length');
  const kept: number[] = [];
  let excluded = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const zbar = data.zbar[i];
    if (!isCount(x)) throw new RangeError(`customer ${i}: x = ${x} is not a count`);
    if (!Number.isFinite(zbar)) throw new RangeError(`customer ${i}: zbar = ${zbar} is not finite`);
    if (x === 0) continue;
    if (zbar <= 0) excluded++;
    else kept.push(i);
  }
  const rows = Uint32Array.from(kept);
  const m = rows.length;
  const xs = uniqueIndex(data.x, rows);
  const nx = xs.values.length;
  // The mean spends are nearly all distinct (0.5 M groups for 0.7 M repeat buyers), so no value table: the spends are
  // placed by x (a counting sort), each x's sorted natively, and equal neighbours make a group.
  const xStart = new Uint32Array(nx + 1);
  for (let k = 0; k < m; k++) xStart[xs.index[k] + 1]++;
  for (let xi = 0; xi < nx; xi++) xStart[xi + 1] += xStart[xi];
  const next = xStart.slice(0, nx);
  const zbar = new Float64Array(m);
  for (let k = 0; k < m; k++) zbar[next[xs.index[k]]++] = data.zbar[rows[k]];

  const weight = new Float64Array(m);
  const xZbar = new Float64Array(m);
  const xWeight = new Float64Array(nx);
  const xSumLogZbar = new Float64Array(nx);
  let groups = 0;
  for (let xi = 0; xi < nx; xi++) {
    const from = xStart[xi];
    const to = xStart[xi + 1];
    zbar.subarray(from, to).sort();
    const x = xs.values[xi];
    xWeight[xi] = to - from;
    // Groups are numbered on from here: xStart now marks the x's first group, no longer its first customer.
    xStart[xi] = groups;
    let sumLog = 0;
    let logZbar = 0;
    for (let k = from; k < to; k++) {
      const z = zbar[k];
      if (k === from || z !== zbar[k - 1]) {
        logZbar = log(z);
        xZbar[groups] = x * z;
        weight[groups++] = 1;
      } else {
        weight[groups - 1]++;
      }
      sumLog += logZbar;
    }
    xSumLogZbar[xi] = sumLog;
  }
  xStart[nx] = groups;
  return {
    customers: m,
    excluded,
    xValues: xs.values,
    xStart,
    xWeight,
    xSumLogZbar,
    weight: weight.slice(0, groups),
    xZbar: xZbar.slice(0, groups),
  };
}

/**
 * Weights of a systematic sample of about `target` customers, taken along the groups' order (so stratified by x
 * and recency); groups nobody was drawn from get 0. Used to screen optimiser starts cheaply on large data.
 */
function systematicSample(weight: Float64Array, customers: number, target: number): Float64Array {
  const step = customers / target;
  const sampled = new Float64Array(weight.length);
  let cumulative = 0;
  for (let g = 0; g < weight.length; g++) {
    const before = floor(cumulative / step);
    cumulative += weight[g];
    sampled[g] = floor(cumulative / step) - before;
  }
  return sampled;
}

/** Keeps the groups with a positive sampled weight, rebuilding the per-x offsets. */
function compact(xStart: Uint32Array, sampled: Float64Array): { keep: number[]; xStart: Uint32Array; xWeight: Float64Array } {
  const keep: number[] = [];
  const start = new Uint32Array(xStart.length);
  const xWeight = new Float64Array(xStart.length - 1);
  for (let xi = 0; xi + 1 < xStart.length; xi++) {
    for (let g = xStart[xi]; g < xStart[xi + 1]; g++) {
      if (sampled[g] > 0) {
        keep.push(g);
        xWeight[xi] += sampled[g];
      }
    }
    start[xi + 1] = keep.length;
  }
  return { keep, xStart: start, xWeight };
}

/** A systematic subsample of about `target` customers with the same value tables. */
export function subsampleRecencyFrequency(groups: RecencyFrequencyGroups, target: number): RecencyFrequencyGroups {
  if (groups.customers <= target) return groups;
  const sampled = systematicSample(groups.weight, groups.customers, target);
  const { keep, xStart, xWeight } = compact(groups.xStart, sampled);
  return {
    ...groups,
    customers: keep.reduce((sum, g) => sum + sampled[g], 0),
    xStart,
    xWeight,
    weight: Float64Array.from(keep, (g) => sampled[g]),
    txIndex: Uint32Array.from(keep, (g) => groups.txIndex[g]),
    TIndex: Uint32Array.from(keep, (g) => groups.TIndex[g]),
  };
}

/** A systematic subsample of about `target` repeat buyers. */
export function subsampleRepeatSpend(groups: SpendGroups, target: number): SpendGroups {
  if (groups.customers <= target) return groups;
  const sampled = systematicSample(groups.weight, groups.customers, target);
  const { keep, xStart, xWeight } = compact(groups.xStart, sampled);
  const xSumLogZbar = new Float64Array(groups.xValues.length);
  for (let xi = 0; xi < groups.xValues.length; xi++) {
    for (let k = xStart[xi]; k < xStart[xi + 1]; k++) {
      const g = keep[k];
      xSumLogZbar[xi] += sampled[g] * log(groups.xZbar[g] / groups.xValues[xi]);
    }
  }
  return {
    ...groups,
    customers: keep.reduce((sum, g) => sum + sampled[g], 0),
    xStart,
    xWeight,
    xSumLogZbar,
    weight: Float64Array.from(keep, (g) => sampled[g]),
    xZbar: Float64Array.from(keep, (g) => groups.xZbar[g]),
  };
}
