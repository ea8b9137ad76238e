/**
 * Maximum-likelihood fitting shared by the three models: multi-start BFGS in log-parameter space, with the starts
 * screened on a subsample when the data are large so that only the winner pays for full-data evaluations.
 */
import { minimizeFromStarts, type MinimizeOptions, type Objective, type Screening } from './optimize';

export interface FitOptions<P> extends MinimizeOptions {
  /** Starting points; by default a few spread around a moment guess from the data. */
  starts?: readonly P[];
  /** Above this many customers the starts are screened on a systematic subsample of this size, then polished. */
  screeningCustomers?: number;
}

export interface FitResult<P> {
  params: P;
  /** Total log-likelihood at params (the sum over customers, as the papers report it, not lifetimes' mean). */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
}

/**
 * Model parameters beyond e^±25 (≈ 7e10) are the far end of a ridge, not an estimate, in any time unit from
 * seconds to years: e.g. Gamma-Gamma's p → ∞, γ → 0 limit, whose likelihood (−4076.8 on CDNOW) never reaches
 * the optimum's (−4055.9) but whose gradient vanishes on the way there.
 */
const MAX_LOG_PARAMETER = 25;

/** Screening on 20,000 customers costs a few milliseconds per evaluation and lands within a few steps of the optimum. */
export const DEFAULT_SCREENING_CUSTOMERS = 20_000;

/** How a model plugs into maximumLikelihood: its objective over grouped data and its θ ↔ parameter maps. */
export interface LikelihoodModel<G extends { customers: number }, P> {
  /** −Σ ln L over the groups as a function of θ, with its gradient. */
  objective(groups: G): Objective;
  /** A systematic subsample of about `target` customers. */
  subsample(groups: G, target: number): G;
  toTheta(params: P): number[];
  fromTheta(theta: ArrayLike<number>): P;
}

/** Maximum-likelihood fit: every start screened on a subsample when the data are large, the best polished. */
export function maximumLikelihood<G extends { customers: number }, P>(
  model: LikelihoodModel<G, P>,
  groups: G,
  starts: readonly P[],
  options: Omit<FitOptions<P>, 'starts'>,
): FitResult<P> {
  const { screeningCustomers = DEFAULT_SCREENING_CUSTOMERS, divergenceBound = MAX_LOG_PARAMETER, ...minimize } = options;
  let screening: Screening | undefined;
  if (groups.customers > screeningCustomers) {
    const sample = model.subsample(groups, screeningCustomers);
    screening = { objective: model.objective(sample), fraction: sample.customers / groups.customers };
  }
  const result = minimizeFromStarts(model.objective(groups), starts.map(model.toTheta), {
    ...minimize,
    divergenceBound,
    screening,
  });
  return {
    params: model.fromTheta(result.theta),
    logLikelihood: -result.value,
    converged: result.converged,
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
}
