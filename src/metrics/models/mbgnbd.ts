/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007, IJRM 24(3) 201-209; lifetimes `modified_beta_geo_fitter.py`;
 * MODELS.md §2.3): BG/NBD with a dropout chance right after the first purchase too, so a one-time buyer can be
 * dead and P(alive) is informative for x = 0. Same parameters as BG/NBD; the formulas shift b + x by one.
 */
import { fitTransactionModel, transactionLogLikelihood, type TransactionParams } from './bgFamily';
import type { RecencyFrequencyGroups } from './groups';
import type { FitOptions, FitResult } from './fit';
import { hyp2f1Scaled, lnGammaRatio, logSumExp } from './special';

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { exp, log, log1p } = Math;

export type MbgNbdParams = TransactionParams;

/** One customer's log-likelihood, Batislam et al. 2007 as in lifetimes (MODELS.md §2.3), with log-sum-exp. */
export function mbgnbdCustomerLogLikelihood(params: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const lnA1A2 = lnGammaRatio(r, x) + lnGammaRatio(b, x + 1) - lnGammaRatio(a + b, x + 1);
  const lnA3 = -r * log1p(T / alpha) - x * log(alpha + T);
  const lnA4 = log(a) - log(b + x) - r * log1p(tx / alpha) - x * log(alpha + tx);
  return lnA1A2 + logSumExp(lnA3, lnA4);
}

/** Σ of the MBG/NBD log-likelihood (MODELS.md §2.3) over grouped customers. */
export function mbgnbdLogLikelihood(params: MbgNbdParams, groups: RecencyFrequencyGroups): number {
  return transactionLogLikelihood('MBGNBD', params, groups);
}

/** Maximum-likelihood MBG/NBD parameters (Batislam et al. 2007; MODELS.md §2.3), BFGS in log space from several starts. */
export function fitMbgNbd(groups: RecencyFrequencyGroups, options?: FitOptions<MbgNbdParams>): FitResult<MbgNbdParams> {
  return fitTransactionModel('MBGNBD', groups, options);
}

/** P(alive | x, t_x, T), Batislam et al. 2007 (MODELS.md §2.3); below 1 for x = 0 too. */
export function mbgnbdPAlive(params: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const logOdds = log(a) - log(b + x) + (r + x) * (log(alpha + T) - log(alpha + tx));
  return 1 / (1 + exp(logOdds));
}

/** E[X(t)] for a customer just acquired, Batislam et al. 2007 (MODELS.md §2.3). */
export function mbgnbdExpectedPurchases(params: MbgNbdParams, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  return (b / (a - 1)) * (1 - hyp2f1Scaled(r, b + 1, a + b, z));
}

/** E[Y(t) | x, t_x, T], expected purchases in (T, T+t]; Batislam et al. 2007 (MODELS.md §2.3). */
export function mbgnbdConditionalExpectedPurchases(params: MbgNbdParams, x: number, tx: number, T: number, t: number): number {
  return mbgnbdExpectedPurchasesIfAlive(params, x, T, t) * mbgnbdPAlive(params, x, tx, T);
}

/** E[Y(t) | x, T, alive]: the conditional expectation without its P(alive) factor; independent of t_x. */
export function mbgnbdExpectedPurchasesIfAlive(params: MbgNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  return ((a + b + x) / (a - 1)) * (1 - hyp2f1Scaled(r + x, b + x + 1, a + b + x, z));
}
