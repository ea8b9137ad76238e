/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves", JMR 42(4) 415-430;
 * derivation in Fader & Hardie 2013, note 025; MODELS.md §2.4). Each transaction's value is Gamma(p, ν) with
 * ν ~ Gamma(q, γ) across customers; fitted on repeat buyers only, independent of the transaction model.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { maximumLikelihood, type FitOptions, type FitResult, type LikelihoodModel } from './fit';
import { subsampleRepeatSpend, type SpendGroups } from './groups';
import type { Objective } from './optimize';
import { digammaDifference, lnGammaRatio } from './special';

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { exp, log, log1p } = Math;

export interface GammaGammaParams {
  p: number;
  /** Must exceed 1, or the mean spend pγ/(q−1) is undefined (MODELS.md §9.4); the fit keeps it there. */
  q: number;
  gamma: number;
}

/**
 * One repeat buyer's log-density of zbar given x, note 025 Eq. 1a:
 *   lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln zbar + px ln x − (px+q) ln(γ + x·zbar).
 * Rearranged with u = x·zbar so nothing of size p cancels: the terms in px combine into −px·log1p(γ/u), which
 * stays exact on the ridge p → ∞, γ → 0 (pγ fixed) where the textbook order of operations returns noise that can
 * look better than the optimum.
 */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  const u = x * zbar;
  return (
    lnGammaRatio(px, q) - gammaln(q) + q * (log(gamma) - log(u)) - log(zbar) - (q + px) * log1p(gamma / u)
  );
}

/**
 * −Σ ln f over the groups (note 025 Eq. 1a, in the form above) as a function of θ = (ln p, ln(q−1), ln γ), with its
 * gradient. q = 1 + e^θ keeps the mean spend finite at every point the optimiser can reach.
 */
export function gammaGammaObjective(groups: SpendGroups): Objective {
  const { xValues, xStart, xWeight, xSumLogZbar, weight, xZbar } = groups;
  return (theta, gradient) => {
    const p = exp(theta[0]);
    const qMinusOne = exp(theta[1]);
    const q = 1 + qMinusOne;
    const gamma = exp(theta[2]);
    const logGamma = log(gamma);
    const lnGammaQ = gammaln(q);

    let ll = 0;
    // Gradient in θ: ∂/∂θ = (p, q−1, γ) · ∂/∂(p, q, γ), accumulated in that form.
    let gp = 0;
    let gq = 0;
    let gGamma = 0;
    for (let xi = 0; xi < xValues.length; xi++) {
      const x = xValues[xi];
      const wx = xWeight[xi];
      const px = p * x;
      const logX = log(x);
      // Per group, with t = γ/u: M = log1p(t) and e = 1/(1+t) = u/(γ+u).
      let sumM = 0;
      let sumE = 0;
      let sumTE = 0;
      for (let g = xStart[xi]; g < xStart[xi + 1]; g++) {
        const t = gamma / xZbar[g];
        const e = 1 / (1 + t);
        const w = weight[g];
        sumM += w * log1p(t);
        sumE += w * e;
        sumTE += w * t * e;
      }
      ll += wx * (lnGammaRatio(px, q) - lnGammaQ + q * (logGamma - logX)) - (1 + q) * xSumLogZbar[xi] - (q + px) * sumM;
      gp += px * (wx * digammaDifference(px, q) - sumM);
      gq += qMinusOne * (wx * (digammaDifference(q, px) + logGamma - logX) - xSumLogZbar[xi] - sumM);
      // γ ∂/∂γ per customer: (q·u − px·γ)/(γ+u) = q·e − px·t·e.
      gGamma += q * sumE - px * sumTE;
    }
    gradient[0] = -gp;
    gradient[1] = -gq;
    gradient[2] = -gGamma;
    return -ll;
  };
}

function toTheta(params: GammaGammaParams): number[] {
  if (!(params.q > 1)) throw new RangeError(`Gamma-Gamma needs q > 1, got ${params.q}`);
  return [log(params.p), log(params.q - 1), log(params.gamma)];
}

function fromTheta(theta: ArrayLike<number>): GammaGammaParams {
  return { p: exp(theta[0]), q: 1 + exp(theta[1]), gamma: exp(theta[2]) };
}

/** Σ of note 025 Eq. 1a over the grouped repeat buyers. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, groups: SpendGroups): number {
  return -gammaGammaObjective(groups)(Float64Array.from(toTheta(params)), new Float64Array(3));
}

/**
 * Starts that all match the observed mean spend (pγ/(q−1) = mean zbar), so γ carries the currency's scale. Starts
 * with γ far below that scale tend to run up the p → ∞, γ → 0 ridge instead (MAX_LOG_PARAMETER in fit.ts).
 */
function defaultStarts(groups: SpendGroups): GammaGammaParams[] {
  let total = 0;
  for (let xi = 0; xi < groups.xValues.length; xi++) {
    for (let g = groups.xStart[xi]; g < groups.xStart[xi + 1]; g++) {
      total += (groups.weight[g] * groups.xZbar[g]) / groups.xValues[xi];
    }
  }
  const mean = total / groups.customers;
  return [
    { p: 1, q: 2, gamma: mean },
    { p: 5, q: 4, gamma: 0.6 * mean },
    { p: 20, q: 3, gamma: 0.1 * mean },
  ];
}

/** Maximum-likelihood p, q, γ on the repeat buyers (FHL 2005 JMR; note 025), BFGS in log space, several starts. */
export function fitGammaGamma(groups: SpendGroups, options: FitOptions<GammaGammaParams> = {}): FitResult<GammaGammaParams> {
  if (groups.customers === 0) throw new RangeError('cannot fit Gamma-Gamma without repeat buyers');
  const { starts = defaultStarts(groups), ...rest } = options;
  const likelihood: LikelihoodModel<SpendGroups, GammaGammaParams> = {
    objective: gammaGammaObjective,
    subsample: subsampleRepeatSpend,
    toTheta,
    fromTheta,
  };
  return maximumLikelihood(likelihood, groups, starts, rest);
}

/** E(M | p, q, γ; zbar, x), the conditional expected spend per transaction; note 025 Eq. 5 (JMR Eq. 4). */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  // For x = 0 this is the population mean: zbar carries no weight.
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}

/** Population mean spend per transaction E(Z) = pγ/(q−1); note 025 (MODELS.md §2.4). */
export function gammaGammaMeanSpend(params: GammaGammaParams): number {
  return (params.p * params.gamma) / (params.q - 1);
}
