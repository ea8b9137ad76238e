import type { SeedModelParams } from './params';
import { beta, chance, exponential, gamma, type Rng } from './random';

export const DAY_MS = 86_400_000;

export interface Purchase {
  /** Epoch milliseconds, whole. */
  at: number;
  /** Value in reporting currency (USD), unrounded. */
  spend: number;
}

export interface BuyerHistory {
  /** Latent purchase rate while alive, per day. */
  lambda: number;
  /** Latent dropout probability after each repeat purchase. */
  dropout: number;
  /** Latent Gamma-Gamma rate: this buyer's mean order value is p/ν. */
  nu: number;
  /** Whether the buyer was still alive at asOf (unobservable in real data; kept for checks). */
  aliveAtEnd: boolean;
  /** Purchases in time order; the first is at birth. */
  purchases: Purchase[];
}

/**
 * One buyer's purchases under exactly the process the BG/NBD likelihood assumes (MODELS.md §2.1), so a fit on
 * the output recovers the parameters: the first purchase is at birth and is not a "repeat"; while alive,
 * purchases arrive as Poisson(λ); after each repeat purchase a coin with probability p decides death. No death
 * check after the first purchase (that would be MBG/NBD, §2.3). Observation ends at asOf.
 *
 * Spend follows Gamma-Gamma (§2.4) and is drawn independently of timing, which is the model's key assumption.
 */
export function simulateBuyer(rng: Rng, params: SeedModelParams, birthMs: number, asOfMs: number): BuyerHistory {
  const { r, alpha, a, b } = params.bgnbd;
  const gg = params.gammaGamma;
  // α and γ are rates; the samplers take scales.
  const lambda = gamma(rng, r, 1 / alpha);
  const dropout = beta(rng, a, b);
  const nu = gamma(rng, gg.q, 1 / gg.gamma);

  const times = [birthMs];
  let t = birthMs;
  let aliveAtEnd = true;
  for (;;) {
    t += exponential(rng, lambda) * DAY_MS;
    if (!(t <= asOfMs)) break;
    // Flooring keeps t ≤ asOf; a fit in days cannot see sub-millisecond shifts.
    times.push(Math.floor(t));
    if (chance(rng, dropout)) {
      aliveAtEnd = false;
      break;
    }
  }
  const purchases = times.map((at) => ({ at, spend: gamma(rng, gg.p, 1 / nu) }));
  return { lambda, dropout, nu, aliveAtEnd, purchases };
}
