/**
 * The likelihood kernel and fit shared by BG/NBD and MBG/NBD. Both have, per customer,
 *   ln L = C_x(r, a, b) + ln( e^(A3) + e^(A4) )
 *   C_x  = lnΓ(r+x) − lnΓ(r) + lnΓ(a+b) + lnΓ(b+x+m) − lnΓ(b) − lnΓ(a+b+x+m)
 *   A3   = r ln α − (r+x) ln(α+T),   A4 = ln a − ln(b+x−1+m) + r ln α − (r+x) ln(α+t_x)
 * with m = 0 and A4 only for x > 0 in BG/NBD (FHL 2005 Eq. 6), m = 1 and A4 for every x in MBG/NBD
 * (Batislam et al. 2007; MODELS.md §2.3). C_x depends on x alone and is computed once per distinct x; the terms
 * in T or t_x once per distinct value; the per-group loop is left with one exp and one log1p.
 *
 * Written so that it stays accurate where a fit can wander: along the ridges r, α → ∞ (r/α fixed) and a, b → ∞
 * (a/(a+b) fixed) the textbook form subtracts numbers of size 1e13 and returns a likelihood better than the
 * optimum, which a multi-start would then pick. So r ln α − (r+x) ln(α+T) is written −r·log1p(T/α) − x·ln(α+T),
 * and the lnΓ differences go through lnGammaRatio.
 */
import { maximumLikelihood, type FitOptions, type FitResult, type LikelihoodModel } from './fit';
import { subsampleRecencyFrequency, type RecencyFrequencyGroups } from './groups';
import type { Objective } from './optimize';
import { digammaDifference, lnGammaRatio } from './special';

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { exp, log, log1p } = Math;

export type TransactionModel = 'BGNBD' | 'MBGNBD';

/** BG/NBD and MBG/NBD parameters, per time unit of the data: λ ~ Gamma(r, rate α), p ~ Beta(a, b). */
export interface TransactionParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The offset m in b+x−1+m and in the Beta terms: MBG/NBD's extra dropout chance at time 0 shifts x by one. */
const SHIFT: Readonly<Record<TransactionModel, number>> = { BGNBD: 0, MBGNBD: 1 };

/** Per distinct time value v: log1p(v/α), ln(α+v), v/(α+v), interleaved so one group reads one cache line. */
const STRIDE = 3;

function tabulate(values: Float64Array, alpha: number, out: Float64Array): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    out[k * STRIDE] = log1p(v / alpha);
    out[k * STRIDE + 1] = log(alpha + v);
    out[k * STRIDE + 2] = v / (alpha + v);
  }
}

/**
 * −Σ ln L over the groups as a function of θ = ln(r, α, a, b), with its gradient: the objective the fit minimises.
 * Scratch tables are allocated once here, not per evaluation.
 */
export function transactionObjective(model: TransactionModel, groups: RecencyFrequencyGroups): Objective {
  const { xValues, xStart, xWeight, txValues, TValues, weight, txIndex, TIndex } = groups;
  const shift = SHIFT[model];
  const byT = new Float64Array(TValues.length * STRIDE);
  const byTx = new Float64Array(txValues.length * STRIDE);

  return (theta, gradient) => {
    const r = exp(theta[0]);
    const alpha = exp(theta[1]);
    const a = exp(theta[2]);
    const b = exp(theta[3]);
    tabulate(TValues, alpha, byT);
    tabulate(txValues, alpha, byTx);
    const logA = log(a);

    let ll = 0;
    // Gradient in θ: ∂/∂θ = param · ∂/∂param, accumulated directly in that form.
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    for (let xi = 0; xi < xValues.length; xi++) {
      const x = xValues[xi];
      const wx = xWeight[xi];
      const s = r + x;
      const ddAB = digammaDifference(a + b, x + shift);
      ll += wx * (lnGammaRatio(r, x) + lnGammaRatio(b, x + shift) - lnGammaRatio(a + b, x + shift));
      gr += wx * r * digammaDifference(r, x);
      ga -= wx * a * ddAB;
      gb += wx * b * (digammaDifference(b, x + shift) - ddAB);

      const first = xStart[xi];
      const end = xStart[xi + 1];
      if (x === 0 && shift === 0) {
        // BG/NBD one-time buyers cannot have dropped out: only A3 = −r·log1p(T/α).
        let sumLog1p = 0;
        let sumFrac = 0;
        for (let g = first; g < end; g++) {
          const k = TIndex[g] * STRIDE;
          sumLog1p += weight[g] * byT[k];
          sumFrac += weight[g] * byT[k + 2];
        }
        ll -= r * sumLog1p;
        gr -= r * sumLog1p;
        gAlpha += r * sumFrac;
        continue;
      }
      const denominator = b + x - 1 + shift;
      const c4 = logA - log(denominator);
      let sumLl = 0;
      let sumLog1p = 0;
      let sumFrac = 0;
      let sumW4 = 0;
      for (let g = first; g < end; g++) {
        const kT = TIndex[g] * STRIDE;
        const kt = txIndex[g] * STRIDE;
        const log1pT = byT[kT];
        const log1pTx = byTx[kt];
        const a3 = -r * log1pT - x * byT[kT + 1];
        const a4 = c4 - r * log1pTx - x * byTx[kt + 1];
        // ln(e^A3 + e^A4) by log-sum-exp (Hardie note 027); w4 = e^A4 / (e^A3 + e^A4).
        let lse: number;
        let w4: number;
        if (a4 > a3) {
          const e = exp(a3 - a4);
          lse = a4 + log1p(e);
          w4 = 1 / (1 + e);
        } else {
          const e = exp(a4 - a3);
          lse = a3 + log1p(e);
          w4 = e / (1 + e);
        }
        const w = weight[g];
        sumLl += w * lse;
        sumLog1p += w * (log1pT + w4 * (log1pTx - log1pT));
        sumFrac += w * (byT[kT + 2] + w4 * (byTx[kt + 2] - byT[kT + 2]));
        sumW4 += w * w4;
      }
      ll += sumLl;
      gr -= r * sumLog1p;
      // α ∂A/∂α = (r+x)·v/(α+v) − x for v = T or t_x.
      gAlpha += s * sumFrac - x * wx;
      ga += sumW4;
      gb -= (b * sumW4) / denominator;
    }
    gradient[0] = -gr;
    gradient[1] = -gAlpha;
    gradient[2] = -ga;
    gradient[3] = -gb;
    return -ll;
  };
}

function toTheta(p: TransactionParams): number[] {
  return [log(p.r), log(p.alpha), log(p.a), log(p.b)];
}

function fromTheta(theta: ArrayLike<number>): TransactionParams {
  return { r: exp(theta[0]), alpha: exp(theta[1]), a: exp(theta[2]), b: exp(theta[3]) };
}

/** Total log-likelihood of grouped data; FHL 2005 Eq. 6 (BG/NBD) or its MBG/NBD analogue. */
export function transactionLogLikelihood(
  model: TransactionModel,
  params: TransactionParams,
  groups: RecencyFrequencyGroups,
): number {
  return -transactionObjective(model, groups)(Float64Array.from(toTheta(params)), new Float64Array(4));
}

/**
 * Starts spread around a moment guess: the observed repeat rate Σx/ΣT pins r/α, so the starting α scales with the
 * time unit and a fit in days starts from seven times the α of the same fit in weeks.
 */
function defaultStarts(groups: RecencyFrequencyGroups): TransactionParams[] {
  let repeats = 0;
  for (let xi = 0; xi < groups.xValues.length; xi++) repeats += groups.xValues[xi] * groups.xWeight[xi];
  let exposure = 0;
  for (let g = 0; g < groups.weight.length; g++) exposure += groups.weight[g] * groups.TValues[groups.TIndex[g]];
  const rate = repeats > 0 && exposure > 0 ? repeats / exposure : 1;
  return [
    { r: 1, alpha: 1 / rate, a: 1, b: 1 },
    { r: 0.3, alpha: 0.3 / rate, a: 0.5, b: 2 },
    { r: 3, alpha: 3 / rate, a: 3, b: 3 },
  ];
}

/** Maximum-likelihood BG/NBD or MBG/NBD parameters: FHL 2005 Eq. 6 (or MODELS.md §2.3) maximised in log space. */
export function fitTransactionModel(
  model: TransactionModel,
  groups: RecencyFrequencyGroups,
  options: FitOptions<TransactionParams> = {},
): FitResult<TransactionParams> {
  if (groups.customers === 0) throw new RangeError('cannot fit a model to no customers');
  const { starts = defaultStarts(groups), ...rest } = options;
  const likelihood: LikelihoodModel<RecencyFrequencyGroups, TransactionParams> = {
    objective: (g) => transactionObjective(model, g),
    subsample: subsampleRecencyFrequency,
    toTheta,
    fromTheta,
  };
  return maximumLikelihood(likelihood, groups, starts, rest);
}
