/**
 * Unconstrained minimisation for the maximum-likelihood fits. The models are fitted in log-parameter space, so
 * positivity needs no constraints; the likelihood surfaces have long flat ridges (a-b for BG/NBD, p-γ for
 * Gamma-Gamma), on which Nelder–Mead from a poor start was seen to wander off. BFGS with analytic gradients and a
 * strong-Wolfe line search follows the ridge to the optimum in a few dozen evaluations, and several starts guard
 * against a start in a region where the surface is nearly flat.
 */

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { abs, max, min, sign, sqrt } = Math;

/** Value at theta; writes the gradient into `gradient`. Non-finite values are treated as "too far". */
export type Objective = (theta: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  /** Stop when max |∂f/∂θᵢ| ≤ gradientTolerance · max(1, |f|): relative, so it means the same at any data size. */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Largest change of any θᵢ in one step; in log space 3 is a factor of 20, enough to move and not to overflow. */
  maxStep?: number;
  /**
   * A run with some |θᵢ| beyond this has run off towards a limit at infinity (a likelihood ridge whose end is
   * not a maximum): it stops there and reports not converged.
   */
  divergenceBound?: number;
}

export interface BfgsOptions extends MinimizeOptions {
  /** Initial inverse Hessian (row-major n×n), e.g. from a run on a subsample; identity-scaled when absent. */
  inverseHessian?: Float64Array;
}

export interface MinimizeResult {
  theta: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** The final BFGS inverse Hessian approximation, null if no step updated it. */
  inverseHessian: Float64Array | null;
}

const DEFAULTS: Required<MinimizeOptions> = { gradientTolerance: 1e-9, maxIterations: 500, maxStep: 3, divergenceBound: Infinity };
/** Wolfe constants of Nocedal & Wright (2006) §3.1 for quasi-Newton methods. */
const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_SEARCH_EVALUATIONS = 40;
/** Relative size of the predicted decrease below which f's rounding (≈1e-16 per term, summed) hides any progress. */
const RESOLUTION = 1e-13;
/** When the line search cannot improve, the point still counts as optimal if the gradient is this much looser. */
const STALLED_TOLERANCE_FACTOR = 1e3;

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = max(m, abs(v[i]));
  return m;
}

/** Minimiser of the cubic through (a, fa, da), (b, fb, db), or NaN; Nocedal & Wright Eq. 3.59. */
function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = sign(b - a) * sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

interface LineSearch {
  /** Evaluate at x + α·p into the trial buffers; returns f. */
  evaluate(alpha: number): number;
  /** f at the last evaluated α. */
  lastValue: number;
  /** Directional derivative at the last evaluated α. */
  slope(): number;
}

/**
 * Step length satisfying the strong Wolfe conditions (Nocedal & Wright Algorithms 3.5 and 3.6), or 0 when none was
 * found. On success the trial buffers hold the point at the returned step.
 */
function strongWolfe(search: LineSearch, f0: number, slope0: number, firstStep: number, maxAlpha: number): number {
  let lastEvaluated = NaN;
  const at = (alpha: number): number => {
    lastEvaluated = alpha;
    const f = search.evaluate(alpha);
    return Number.isFinite(f) ? f : Infinity;
  };
  const finish = (alpha: number): number => {
    if (alpha > 0 && alpha !== lastEvaluated) at(alpha);
    return alpha;
  };

  const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number, evaluations: number): number => {
    for (; evaluations < MAX_LINE_SEARCH_EVALUATIONS; evaluations++) {
      const width = hi - lo;
      let alpha = Number.isFinite(fhi) ? cubicMinimizer(lo, flo, dlo, hi, fhi, dhi) : NaN;
      const margin = 0.1 * abs(width);
      const inside = min(lo, hi) + margin <= alpha && alpha <= max(lo, hi) - margin;
      if (!inside) alpha = lo + width / 2;
      if (abs(alpha - lo) <= 1e-16 * max(1, abs(lo))) break;
      const f = at(alpha);
      if (f > f0 + C1 * alpha * slope0 || f >= flo) {
        hi = alpha;
        fhi = f;
        dhi = Number.isFinite(f) ? search.slope() : NaN;
        continue;
      }
      const d = search.slope();
      if (abs(d) <= -C2 * slope0) return finish(alpha);
      if (d * (hi - lo) >= 0) {
        hi = lo;
        fhi = flo;
        dhi = dlo;
      }
      lo = alpha;
      flo = f;
      dlo = d;
    }
    // No Wolfe point, but lo still has sufficient decrease: take it rather than stall.
    return finish(lo);
  };

  let prev = 0;
  let fPrev = f0;
  let dPrev = slope0;
  let alpha = min(firstStep, maxAlpha);
  for (let evaluations = 1; evaluations <= MAX_LINE_SEARCH_EVALUATIONS; evaluations++) {
    const f = at(alpha);
    if (f > f0 + C1 * alpha * slope0 || (evaluations > 1 && f >= fPrev)) {
      return zoom(prev, fPrev, dPrev, alpha, f, Number.isFinite(f) ? search.slope() : NaN, evaluations);
    }
    const d = search.slope();
    if (abs(d) <= -C2 * slope0) return finish(alpha);
    if (d >= 0) return zoom(alpha, f, d, prev, fPrev, dPrev, evaluations);
    if (alpha >= maxAlpha) return finish(alpha);
    prev = alpha;
    fPrev = f;
    dPrev = d;
    alpha = min(2 * alpha, maxAlpha);
  }
  return finish(prev);
}

/** BFGS with a strong-Wolfe line search (Nocedal & Wright 2006, Algorithm 6.1, initial scaling Eq. 6.20). */
export function minimizeBfgs(objective: Objective, start: ArrayLike<number>, options: BfgsOptions = {}): MinimizeResult {
  const { gradientTolerance, maxIterations, maxStep, divergenceBound } = { ...DEFAULTS, ...options };
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) {
    return { theta: x, value: f, gradient: g, iterations: 0, evaluations, converged: false, inverseHessian: null };
  }

  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);
  const direction = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  // Inverse Hessian approximation, row-major; null until the first step gives it a scale.
  let H: Float64Array | null = options.inverseHessian?.length === n * n ? Float64Array.from(options.inverseHessian) : null;

  const search: LineSearch = {
    lastValue: NaN,
    evaluate(alpha) {
      for (let i = 0; i < n; i++) xTrial[i] = x[i] + alpha * direction[i];
      evaluations++;
      this.lastValue = objective(xTrial, gTrial);
      return this.lastValue;
    },
    slope: () => dot(gTrial, direction),
  };

  const tolerance = () => gradientTolerance * max(1, abs(f));
  let iterations = 0;
  let converged = maxAbs(g) <= tolerance();
  while (!converged && iterations < maxIterations) {
    iterations++;
    if (H === null) {
      for (let i = 0; i < n; i++) direction[i] = -g[i];
    } else {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum -= H[i * n + j] * g[j];
        direction[i] = sum;
      }
    }
    let slope0 = dot(g, direction);
    if (!(slope0 < 0)) {
      // Rounding can spoil H's positive definiteness; restart from steepest descent.
      H = null;
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope0 = dot(g, direction);
    } else if (H !== null && -slope0 <= RESOLUTION * max(1, abs(f))) {
      // −gᵀHg is about twice the decrease still to be had: below f's own rounding there is nothing left to find,
      // and on the flat ridges the gradient criterion alone would keep the line search bisecting noise.
      converged = true;
      break;
    }
    const largest = maxAbs(direction);
    const maxAlpha = maxStep / largest;
    const alpha = strongWolfe(search, f, slope0, H === null ? min(1, maxAlpha) : 1, maxAlpha);
    const fTrial = alpha > 0 ? search.lastValue : NaN;
    if (!(alpha > 0) || !(fTrial <= f) || !gTrial.every(Number.isFinite)) {
      if (H !== null) {
        H = null;
        continue;
      }
      converged = maxAbs(g) <= STALLED_TOLERANCE_FACTOR * tolerance();
      break;
    }
    for (let i = 0; i < n; i++) {
      s[i] = xTrial[i] - x[i];
      y[i] = gTrial[i] - g[i];
    }
    const fPrevious = f;
    [x, xTrial] = [xTrial, x];
    [g, gTrial] = [gTrial, g];
    f = fTrial;
    if (maxAbs(x) > divergenceBound) break;
    if (maxAbs(g) <= tolerance()) {
      converged = true;
      break;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * sqrt(dot(s, s) * dot(y, y))) {
      if (H === null) {
        H = new Float64Array(n * n);
        const scale = sy / dot(y, y);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
      }
      updateInverseHessian(H, s, y, sy, Hy);
    }
    if (f === fPrevious && maxAbs(s) === 0) {
      converged = maxAbs(g) <= STALLED_TOLERANCE_FACTOR * tolerance();
      break;
    }
  }
  return { theta: x, value: f, gradient: g, iterations, evaluations, converged, inverseHessian: H };
}

/** H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ with ρ = 1/(yᵀs): Nocedal & Wright Eq. 6.17. */
function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, Hy: Float64Array): void {
  const n = s.length;
  const rho = 1 / sy;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += H[i * n + j] * y[j];
    Hy[i] = sum;
  }
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
  }
}

export interface MultiStartOptions extends MinimizeOptions {
  /**
   * A cheaper stand-in for the objective on which every start is run; only the best is then polished on the real
   * objective. Without it every start runs on the objective itself.
   */
  screening?: Screening;
}

/** The objective on a subsample holding `fraction` of the data: about `fraction` times the full objective. */
export interface Screening {
  objective: Objective;
  fraction: number;
}

export interface MultiStartResult extends MinimizeResult {
  /** The run of each start (on the screening objective when one was given). */
  runs: MinimizeResult[];
}

/** Runs BFGS from each start and returns the best converged minimum, polished on `objective` if it was screened. */
export function minimizeFromStarts(
  objective: Objective,
  starts: readonly ArrayLike<number>[],
  options: MultiStartOptions = {},
): MultiStartResult {
  if (starts.length === 0) throw new RangeError('at least one start is needed');
  const { screening, ...bfgs } = options;
  const runs = starts.map((start) => minimizeBfgs(screening?.objective ?? objective, start, bfgs));
  // A run that stopped at a true optimum beats one that ran off or ran out of iterations, whatever the values.
  const better = (u: MinimizeResult, v: MinimizeResult): boolean =>
    u.converged !== v.converged ? u.converged : Number.isFinite(u.value) && !(u.value >= v.value);
  let best = runs[0];
  for (const run of runs) if (better(run, best)) best = run;
  // The subsample's curvature, rescaled, lets the polish take Newton-sized steps from its first iteration.
  const inverseHessian = best.inverseHessian?.map((h) => h * (screening?.fraction ?? 1));
  const final = screening === undefined ? best : minimizeBfgs(objective, best.theta, { ...bfgs, inverseHessian });
  const spent = screening === undefined ? runs : [...runs, final];
  return {
    ...final,
    iterations: spent.reduce((sum, r) => sum + r.iterations, 0),
    evaluations: spent.reduce((sum, r) => sum + r.evaluations, 0),
    runs,
  };
}
