import gammaln from '@stdlib/math-base-special-gammaln';
import { digammaDifference, hyp2f1, hyp2f1Scaled, lnGammaRatio, logSumExp } from '../../../../src/metrics/models/special';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

const Z = [0.01, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 0.999999];

describe('hyp2f1 against closed forms (DLMF 15.4)', () => {
  it.each(Z)('₂F₁(1, 1; 2; %p) = −ln(1−z)/z', (z) => {
    // c − a − b = 0: the integer case where the 1 − z connection formula breaks down.
    expectRelative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-12);
  });

  it.each(Z)('₂F₁(a, b; b; %p) = (1−z)^−a', (z) => {
    expectRelative(hyp2f1(0.243, 2.426, 2.426, z), Math.pow(1 - z, -0.243), 1e-13);
    expectRelative(hyp2f1(3.7, 0.9, 0.9, z), Math.pow(1 - z, -3.7), 1e-12);
  });

  it.each(Z.filter((z) => z < 0.9999))('₂F₁(½, ½; 3/2; %p) = arcsin(√z)/√z', (z) => {
    expectRelative(hyp2f1(0.5, 0.5, 1.5, z), Math.asin(Math.sqrt(z)) / Math.sqrt(z), 1e-12);
  });

  it.each(Z.filter((z) => z < 0.9999))('₂F₁(½, 1; 3/2; %p) = artanh(√z)/√z', (z) => {
    expectRelative(hyp2f1(0.5, 1, 1.5, z), Math.atanh(Math.sqrt(z)) / Math.sqrt(z), 1e-12);
  });

  it.each([-0.5, -3, -100])('₂F₁(1, 1; 2; %p) = ln(1−z)/(−z) for negative z via Pfaff', (z) => {
    expectRelative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-13);
  });

  it('terminates for a non-positive integer a: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))', () => {
    const [b, c, z] = [2.5, 1.5, 0.95];
    expectRelative(hyp2f1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 1e-14);
  });

  it("approaches Gauss's sum Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) as z → 1 when c > a + b", () => {
    // ₂F₁(1, 1; 3; 1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2; the gap closes like (1−z) ln(1−z).
    expect(hyp2f1(1, 1, 3, 1 - 1e-10)).toBeCloseTo(2, 8);
  });

  it('agrees with the plain series where that converges fast, across the continuation threshold', () => {
    const series = (a: number, b: number, c: number, z: number): number => {
      let term = 1;
      let sum = 1;
      for (let n = 0; n < 100_000 && Math.abs(term) > 1e-18 * Math.abs(sum); n++) {
        term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
        sum += term;
      }
      return sum;
    };
    for (const [a, b, c] of [
      [0.3, 1.7, 2.2],
      [2.1, -0.4, 3.3],
      [1.97, -0.21, 2.22],
    ]) {
      for (const z of [0.45, 0.55, 0.8, 0.97]) expectRelative(hyp2f1(a, b, c, z), series(a, b, c, z), 1e-12);
    }
  });

  it.each([
    [1, 1, 2, 1],
    [1, 1, 0, 0.5],
    [1, 1, -2, 0.5],
    [Number.NaN, 1, 2, 0.5],
  ])('rejects ₂F₁(%p, %p; %p; %p)', (a, b, c, z) => {
    expect(() => hyp2f1(a, b, c, z)).toThrow(RangeError);
  });
});

describe('hyp2f1Scaled = (1−z)^a ₂F₁(a, b; c; z)', () => {
  it.each([0.2, 0.6, 0.95])('matches the unscaled product at z = %p', (z) => {
    expectRelative(hyp2f1Scaled(2.4, 4.4, 3.2, z), Math.pow(1 - z, 2.4) * hyp2f1(2.4, 4.4, 3.2, z), 1e-12);
  });

  it('stays finite for a heavy buyer near z = 1, where ₂F₁ alone overflows', () => {
    // BG/NBD Eq. 10 for x = 400: ₂F₁ grows like (1−z)^(a−1−r−x) ≈ 1e800 at z = 0.99.
    const [r, a, b, x, z] = [0.243, 0.793, 2.426, 400, 0.99];
    const scaled = hyp2f1Scaled(r + x, b + x, a + b + x - 1, z);
    expect(Number.isFinite(scaled)).toBe(true);
    expect(scaled).toBeGreaterThan(0);
  });

  it('is 1 at z = 0', () => {
    expect(hyp2f1Scaled(1.5, 2, 3, 0)).toBe(1);
  });
});

describe('logSumExp', () => {
  it.each([
    [0, 0, Math.LN2],
    [1000, 1000, 1000 + Math.LN2],
    [-1000, -1001, -1000 + Math.log1p(Math.exp(-1))],
    [5, -Infinity, 5],
    [-Infinity, -Infinity, -Infinity],
  ])('ln(e^%p + e^%p) = %p', (u, v, expected) => {
    expect(logSumExp(u, v)).toBeCloseTo(expected, 12);
    expect(logSumExp(v, u)).toBeCloseTo(expected, 12);
  });
});

describe('lnGammaRatio and digammaDifference', () => {
  it.each([
    [0.3, 2],
    [49.9, 7.5],
    [50, 7.5],
    [50, 0.25],
    [123.4, 56.7],
    [1e3, 1e5],
  ])('agree with the plain differences at y = %p, d = %p', (y, d) => {
    expectRelative(lnGammaRatio(y, d), gammaln(y + d) - gammaln(y), 1e-12);
    // ψ is the derivative of lnΓ, so the ψ difference is the y-derivative of the lnΓ difference.
    const h = 1e-4 * y;
    expectRelative(digammaDifference(y, d), (lnGammaRatio(y + h, d) - lnGammaRatio(y - h, d)) / (2 * h), 1e-6);
  });

  it.each([50, 1e6, 1e13])('are exact at y = %p where lnΓ itself has lost the answer: lnΓ(y+1) − lnΓ(y) = ln y', (y) => {
    expectRelative(lnGammaRatio(y, 1), Math.log(y), 1e-15);
    expectRelative(digammaDifference(y, 1), 1 / y, 1e-14);
    expectRelative(lnGammaRatio(y, 3), Math.log(y) + Math.log(y + 1) + Math.log(y + 2), 1e-15);
  });

  it('are 0 for d = 0', () => {
    expect(lnGammaRatio(7, 0)).toBe(0);
    expect(digammaDifference(7, 0)).toBe(0);
  });
});
