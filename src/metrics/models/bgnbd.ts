/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", Marketing Science 24(2) 275-284;
 * MODELS.md §2.1). Parameters are per time unit of the data (weeks for CDNOW, days for Strata's own data).
 * The closed forms assume a ≠ 1; a < 1 is fine (both factors of Eq. 9-10 turn negative).
 */
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { fitTransactionModel, transactionLogLikelihood, type TransactionParams } from './bgFamily';
import type { RecencyFrequencyGroups } from './groups';
import type { FitOptions, FitResult } from './fit';
import { hyp2f1Scaled, lnGammaRatio, logSumExp } from './special';

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { exp, log, log1p } = Math;

export type BgNbdParams = TransactionParams;

/** Terms past this are below 1e-17 of the sum; the guard only stops a runaway loop. */
const MAX_TAIL_TERMS = 10_000_000;

/** One customer's log-likelihood, FHL 2005 Eq. 6 with log-sum-exp (Hardie note 027), in bgFamily.ts's stable form. */
export function bgnbdCustomerLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const lnA1A2 = lnGammaRatio(r, x) + lnGammaRatio(b, x) - lnGammaRatio(a + b, x);
  // r ln α is folded into A3 and A4: −r·log1p(T/α) instead of r ln α − r ln(α+T).
  const lnA3 = -r * log1p(T / alpha) - x * log(alpha + T);
  const lnA4 = x > 0 ? log(a) - log(b + x - 1) - r * log1p(tx / alpha) - x * log(alpha + tx) : -Infinity;
  return lnA1A2 + logSumExp(lnA3, lnA4);
}

/** Σ of FHL 2005 Eq. 6 over grouped customers. */
export function bgnbdLogLikelihood(params: BgNbdParams, groups: RecencyFrequencyGroups): number {
  return transactionLogLikelihood('BGNBD', params, groups);
}

/** Maximum-likelihood BG/NBD parameters: FHL 2005 Eq. 6 maximised by BFGS in log space from several starts. */
export function fitBgNbd(groups: RecencyFrequencyGroups, options?: FitOptions<BgNbdParams>): FitResult<BgNbdParams> {
  return fitTransactionModel('BGNBD', groups, options);
}

/** P(alive | x, t_x, T), Fader, Hardie & Lee (2008) note 021 (MODELS.md §2.1); 1 for x = 0 by construction. */
export function bgnbdPAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  // In log space: ((α+T)/(α+t_x))^(r+x) overflows for heavy buyers who went quiet long ago.
  const logOdds = log(a) - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx));
  return 1 / (1 + exp(logOdds));
}

/** E[X(t)], expected repeat purchases in (0, t] of a customer just acquired; FHL 2005 Eq. 9. */
export function bgnbdExpectedPurchases(params: BgNbdParams, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - hyp2f1Scaled(r, b, a + b - 1, z));
}

/** E[Y(t) | x, t_x, T], expected purchases in (T, T+t]; FHL 2005 Eq. 10. */
export function bgnbdConditionalExpectedPurchases(params: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  return bgnbdExpectedPurchasesIfAlive(params, x, T, t) * bgnbdPAlive(params, x, tx, T);
}

/**
 * E[Y(t) | x, T, alive]: FHL 2005 Eq. 10 without its P(alive) factor. It does not depend on t_x, so customers sharing
 * (x, T) share it (the CLV sum, twelve ₂F₁ evaluations, is computed once for them).
 */
export function bgnbdExpectedPurchasesIfAlive(params: BgNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  return ((a + b + x - 1) / (a - 1)) * (1 - hyp2f1Scaled(r + x, b + x, a + b + x - 1, z));
}

/** P(X(t) = n) for a customer just acquired; FHL 2005 Eq. 8. */
export function bgnbdProbabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n = ${n} is not a count`);
  const { r, alpha, a, b } = params;
  const logP = log(alpha / (alpha + t));
  const logQ = log(t / (alpha + t));
  const lnBetaAB = betaln(a, b);
  // Negative-binomial pmf of purchases in (0, t] while alive: Γ(r+j)/(Γ(r) j!) p^r q^j.
  const logNb = (j: number): number => gammaln(r + j) - gammaln(r) - gammaln(j + 1) + r * logP + (j > 0 ? j * logQ : 0);
  const stillAlive = exp(betaln(a, b + n) - lnBetaAB + logNb(n));
  if (n === 0) return stillAlive;
  return stillAlive + exp(betaln(a + 1, b + n - 1) - lnBetaAB) * negativeBinomialTail(r, logQ, logNb, n);
}

/**
 * P(N ≥ n) for the negative binomial in Eq. 8's bracket, 1 − Σ_{j<n} pmf(j). When that head sum is near 1 the
 * subtraction would leave only rounding, so the tail is summed directly instead.
 */
function negativeBinomialTail(r: number, logQ: number, logNb: (j: number) => number, n: number): number {
  let head = 0;
  for (let j = 0; j < n; j++) head += exp(logNb(j));
  if (head < 0.5) return 1 - head;
  const q = exp(logQ);
  let term = exp(logNb(n));
  let tail = term;
  for (let j = n; j < n + MAX_TAIL_TERMS; j++) {
    term *= ((r + j) / (j + 1)) * q;
    tail += term;
    // Terms fall once j passes the mode; before that a small term is only the start of the climb.
    if (term <= 1e-17 * tail && (r + j) * q < j + 1) return tail;
  }
  throw new RangeError('negative binomial tail did not converge');
}
