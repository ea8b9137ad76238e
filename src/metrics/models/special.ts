/**
 * Special functions the buy-till-you-die models need beyond lnΓ, ψ and ln B (those come from @stdlib): the Gauss
 * hypergeometric function ₂F₁ on the real line below 1, a two-term log-sum-exp, and differences of lnΓ and ψ that
 * stay accurate when the arguments are huge.
 */
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';

// Module-level aliases: under jest's sandbox each lookup of the global `Math` costs about ten times a local one.
const { abs, exp, log, log1p, min, pow } = Math;

/** Relative size of the last term kept; a few ulps, so the sums are as accurate as double allows. */
const SERIES_TOLERANCE = 1e-16;
/** Terms allowed to the cheap direct series before falling back; enough for z ≤ 0.95 at any parameters we meet. */
const QUICK_SERIES_TERMS = 1_000;
/** Last-resort guard: a series still moving after this many terms is reported, not returned. */
const MAX_SERIES_TERMS = 2_000_000;
/** Each continuation step covers this fraction of the distance to the singularity at 1 (convergence ratio ½). */
const CONTINUATION_STEP = 0.5;
/** Taylor terms allowed per continuation step; at ratio ½ about 55 are needed for full precision. */
const MAX_STEP_TERMS = 500;
/**
 * Above this c the hypergeometric ODE's second solution, z^(1−c)·…, grows so fast that forward recurrence for the
 * Taylor coefficients loses every digit; there the direct series is used instead (it converges fast when c is
 * large, unless c − a − b is small too, which our models never produce).
 */
const CONTINUATION_MAX_C = 40;

/** ln(e^u + e^v) without overflow; Hardie note 027's cure for the BG/NBD #NUM! problem. */
export function logSumExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + log1p(exp(v - u)) : v + log1p(exp(u - v));
}

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

interface SeriesResult {
  value: number;
  converged: boolean;
}

/** Maclaurin series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ (DLMF 15.2.1), stopped on a relative tolerance or after maxTerms. */
function maclaurin(a: number, b: number, c: number, z: number, maxTerms: number): SeriesResult {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    // Two small terms in a row: near a sign change one term can be small by accident.
    if (term === 0 || (abs(term) <= SERIES_TOLERANCE * abs(sum) && n > 0)) {
      const next = (term * (a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2));
      if (abs(next) <= SERIES_TOLERANCE * abs(sum)) return { value: sum + next, converged: true };
    }
  }
  return { value: sum, converged: false };
}

/**
 * ₂F₁ for z in (0.5, 1) by analytic continuation along the real axis: from z₀ = ½, where the series is fast, step
 * towards z re-expanding in Taylor series whose coefficients follow from the hypergeometric ODE
 * z(1−z)F″ + [c − (a+b+1)z]F′ − abF = 0 (DLMF 15.10.1). Each step's radius is the distance to the singularity at 1,
 * so a step of half that converges like 2⁻ᵏ whatever a, b, c are, including c − a − b an integer, where the
 * textbook 1 − z connection formula (DLMF 15.8.4) divides by zero.
 */
function continuation(a: number, b: number, c: number, z: number): number {
  const z0 = 0.5;
  const f0 = maclaurin(a, b, c, z0, QUICK_SERIES_TERMS);
  const d0 = maclaurin(a + 1, b + 1, c + 1, z0, QUICK_SERIES_TERMS);
  if (!f0.converged || !d0.converged) return NaN;
  let f = f0.value;
  let df = ((a * b) / c) * d0.value;
  let zeta = z0;
  const ab = a * b;
  const q1 = -(a + b + 1);
  while (zeta < z) {
    const h = min(z - zeta, (1 - zeta) * CONTINUATION_STEP);
    const p0 = zeta * (1 - zeta);
    const p1 = 1 - 2 * zeta;
    const q0 = c + q1 * zeta;
    // e_k = d_k hᵏ, the k-th Taylor term at zeta evaluated at zeta + h; scaled so nothing overflows near 1.
    let ePrev = f;
    let e = df * h;
    let value = ePrev + e;
    let slope = e;
    let converged = false;
    for (let k = 0; k < MAX_STEP_TERMS; k++) {
      const next =
        -(((p1 * (k + 1) * k + q0 * (k + 1)) * e * h + (-k * (k - 1) + q1 * k - ab) * ePrev * h * h) /
          (p0 * (k + 2) * (k + 1)));
      value += next;
      slope += (k + 2) * next;
      if (abs(next) <= SERIES_TOLERANCE * abs(value) && abs(e) <= SERIES_TOLERANCE * abs(value)) {
        converged = true;
        break;
      }
      ePrev = e;
      e = next;
    }
    if (!converged || !Number.isFinite(value)) return NaN;
    f = value;
    df = slope / h;
    zeta += h;
  }
  return f;
}

/** ₂F₁ for 0 < z < 1 with c − a − b ≥ 0, where the function stays bounded up to 1. */
function hyp2f1Bounded(a: number, b: number, c: number, z: number): number {
  if (z <= 0.5) {
    const s = maclaurin(a, b, c, z, MAX_SERIES_TERMS);
    if (s.converged) return s.value;
  } else {
    const quick = maclaurin(a, b, c, z, QUICK_SERIES_TERMS);
    if (quick.converged) return quick.value;
    if (abs(c) <= CONTINUATION_MAX_C) {
      const continued = continuation(a, b, c, z);
      if (Number.isFinite(continued)) return continued;
    }
    const slow = maclaurin(a, b, c, z, MAX_SERIES_TERMS);
    if (slow.converged) return slow.value;
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/**
 * Gauss hypergeometric ₂F₁(a, b; c; z) for real z < 1 (DLMF 15.2.1), as BG/NBD Eq. 9-10 and MBG/NBD need it.
 * Negative z goes through Pfaff's transformation (DLMF 15.8.1) into (0, 1); when c − a − b < 0 Euler's
 * transformation (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) (DLMF 15.8.1) leaves a function bounded up to z = 1.
 * Pfaff does not help near z → 1: it maps z > ½ to z/(z−1) < −1, outside the series' disc. There the series or,
 * when it is slow, analytic continuation of the ODE takes over.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError('hyp2f1 needs finite arguments');
  if (!(z < 1)) throw new RangeError(`hyp2f1 is implemented for z < 1, got ${z}`);
  if (isNonPositiveInteger(c)) throw new RangeError(`hyp2f1 is undefined for c = ${c}`);
  if (z === 0 || a === 0 || b === 0) return 1;
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
    // A polynomial: the finite sum is exact for every z.
    return maclaurin(a, b, c, z, MAX_SERIES_TERMS).value;
  }
  if (z < 0) return pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1));
  if (c - a - b < 0) return pow(1 - z, c - a - b) * hyp2f1(c - a, c - b, c, z);
  return hyp2f1Bounded(a, b, c, z);
}

/**
 * (1−z)^a ₂F₁(a, b; c; z) for 0 ≤ z < 1, the combination in BG/NBD Eq. 9-10, as (1−z)^(c−b) ₂F₁(c−a, c−b; c; z)
 * by Euler's transformation (DLMF 15.8.1). In Eq. 10, a = r+x and b = b+x grow with the customer's x, so ₂F₁
 * itself grows like (1−z)^(−x) and overflows near z = 1 for heavy buyers; the transformed parameters do not grow.
 */
export function hyp2f1Scaled(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1Scaled is implemented for 0 ≤ z < 1, got ${z}`);
  if (z === 0) return 1;
  return pow(1 - z, c - b) * hyp2f1(c - a, c - b, c, z);
}

/** From here on the Stirling series below is exact to double precision and the plain differences start to lose digits. */
const STIRLING_FROM = 50;

/** lnΓ(z) − [(z−½)ln z − z + ½ln 2π], the Stirling series to z⁻⁷ (DLMF 5.11.1); error below 1e-19 for z ≥ 50. */
function stirlingRemainder(z: number): number {
  const w = 1 / (z * z);
  return (1 / z) * (1 / 12 - w * (1 / 360 - w * (1 / 1260 - w / 1680)));
}

/**
 * lnΓ(y + d) − lnΓ(y) for y > 0, d ≥ 0. Subtracting two lnΓ values of size y ln y leaves rounding of that size,
 * which near y = 1e13 (where a fit running along the Gamma-Gamma or BG/NBD ridges ends up) is larger than the
 * answer; there the Stirling form with log1p is used (DLMF 5.11.1).
 */
export function lnGammaRatio(y: number, d: number): number {
  if (d === 0) return 0;
  if (y < STIRLING_FROM) return gammaln(y + d) - gammaln(y);
  return (y - 0.5) * log1p(d / y) + d * log(y + d) - d + stirlingRemainder(y + d) - stirlingRemainder(y);
}

/** ψ(z) − ln z + 1/(2z), the asymptotic series to z⁻⁸ (DLMF 5.11.2); error below 1e-18 for z ≥ 50. */
function digammaRemainder(z: number): number {
  const w = 1 / (z * z);
  return -w * (1 / 12 - w * (1 / 120 - w * (1 / 252 - w / 240)));
}

/** ψ(y + d) − ψ(y) for y > 0, d ≥ 0: the derivative of lnGammaRatio in y, accurate for huge y the same way. */
export function digammaDifference(y: number, d: number): number {
  if (d === 0) return 0;
  if (y < STIRLING_FROM) return digamma(y + d) - digamma(y);
  return log1p(d / y) + d / (2 * y * (y + d)) + digammaRemainder(y + d) - digammaRemainder(y);
}
