import { fitBgNbd } from '../../../../src/metrics/models/bgnbd';
import { fitGammaGamma } from '../../../../src/metrics/models/gammaGamma';
import { groupRecencyFrequency, groupRepeatSpend } from '../../../../src/metrics/models/groups';
import { minimizeBfgs, minimizeFromStarts, type Objective } from '../../../../src/metrics/models/optimize';
import { cdnowCalibration, expectSignificant } from './cdnow';

const rosenbrock: Objective = (v, g) => {
  const [x, y] = [v[0], v[1]];
  g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  g[1] = 200 * (y - x * x);
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

describe('minimizeBfgs', () => {
  it('follows the Rosenbrock valley to (1, 1)', () => {
    const result = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.theta[0]).toBeCloseTo(1, 6);
    expect(result.theta[1]).toBeCloseTo(1, 6);
  });

  it('handles an ill-conditioned quadratic (condition number 1e6)', () => {
    const scales = [1, 1e2, 1e4, 1e6];
    const f: Objective = (v, g) => {
      let value = 0;
      for (let i = 0; i < 4; i++) {
        g[i] = scales[i] * (v[i] - i);
        value += 0.5 * scales[i] * (v[i] - i) ** 2;
      }
      return value;
    };
    const result = minimizeBfgs(f, [5, 5, 5, 5]);
    expect(result.converged).toBe(true);
    result.theta.forEach((v, i) => expect(v).toBeCloseTo(i, 5));
  });

  it('backs off from a region where the objective is not finite', () => {
    // Like ln(q − 1) overflowing: past x = 2 the objective is undefined; the minimum sits at 1.9.
    const f: Objective = (v, g) => {
      if (v[0] > 2) {
        g[0] = NaN;
        return NaN;
      }
      g[0] = 2 * (v[0] - 1.9);
      return (v[0] - 1.9) ** 2;
    };
    const result = minimizeBfgs(f, [-10]);
    expect(result.converged).toBe(true);
    expect(result.theta[0]).toBeCloseTo(1.9, 6);
  });

  it('reports a start where the objective is not finite as not converged', () => {
    const result = minimizeBfgs((_v, g) => ((g[0] = 0), Infinity), [0]);
    expect(result.converged).toBe(false);
  });
});

describe('minimizeFromStarts', () => {
  // Two minima: near x = −1.04 (lower, tilted by +0.3x) and x = +0.96.
  const tilted: Objective = (v, g) => {
    const x = v[0];
    g[0] = 4 * x * (x * x - 1) + 0.3;
    return (x * x - 1) ** 2 + 0.3 * x;
  };

  it("returns the lowest of the starts' minima", () => {
    // Small steps keep each start in its own basin.
    const result = minimizeFromStarts(tilted, [[1.5], [-1.5]], { maxStep: 0.2 });
    expect(result.runs.map((run) => Math.sign(run.theta[0]))).toEqual([1, -1]);
    expect(result.theta[0]).toBeCloseTo(result.runs[1].theta[0], 12);
    expect(result.value).toBeLessThan(result.runs[0].value);
  });

  it('prefers a converged run to a lower value from a run that diverged', () => {
    // Falls forever to the left (f → −∞ slowly), a local minimum at x = 1 on the right.
    const f: Objective = (v, g) => {
      const x = v[0];
      if (x < 0) {
        g[0] = 0.1;
        return 0.1 * x;
      }
      g[0] = 2 * (x - 1);
      return (x - 1) ** 2 - 1;
    };
    const result = minimizeFromStarts(f, [[-1], [2]], { divergenceBound: 50 });
    expect(result.runs[0].converged).toBe(false);
    expect(result.runs[0].value).toBeLessThan(result.value);
    expect(result.theta[0]).toBeCloseTo(1, 8);
  });

  it('polishes the best screened start on the real objective', () => {
    const shifted: Objective = (v, g) => tilted(Float64Array.of(v[0] - 0.01), g);
    const result = minimizeFromStarts(shifted, [[2], [-2]], { screening: { objective: tilted, fraction: 1 } });
    expect(result.theta[0]).toBeCloseTo(minimizeBfgs(shifted, [-1]).theta[0], 6);
  });

  it('needs a start', () => {
    expect(() => minimizeFromStarts(tilted, [])).toThrow(RangeError);
  });
});

describe('every start converges on CDNOW (Nelder–Mead from a unit start was seen to diverge on Gamma-Gamma)', () => {
  const summaries = cdnowCalibration();
  const spend = groupRepeatSpend(summaries);
  const transactions = groupRecencyFrequency(summaries);

  it.each([
    { p: 1, q: 2, gamma: 1 },
    { p: 100, q: 20, gamma: 1000 },
    { p: 0.1, q: 1.05, gamma: 0.1 },
    { p: 10, q: 1.05, gamma: 30 },
  ])('Gamma-Gamma from %p', (start) => {
    const fit = fitGammaGamma(spend, { starts: [start] });
    expect(fit.converged).toBe(true);
    expectSignificant(fit.params.p, 6.25, 3);
    expectSignificant(fit.params.q, 3.74, 3);
    expectSignificant(fit.params.gamma, 15.44, 3);
  });

  it('a start that runs up the p → ∞, γ → 0 ridge ends below the optimum, and the multi-start passes it over', () => {
    // The ridge's limit (spend fixed per customer) has LL −4076.78; computed naively it came out as −4017.5,
    // better than the optimum, and a multi-start would have picked it.
    const ridge = fitGammaGamma(spend, { starts: [{ p: 0.1, q: 2, gamma: 0.1 }] });
    expect(ridge.params.p).toBeGreaterThan(1e4);
    expect(ridge.logLikelihood).toBeCloseTo(-4076.78, 1);
    const both = fitGammaGamma(spend, { starts: [{ p: 0.1, q: 2, gamma: 0.1 }, { p: 1, q: 2, gamma: 1 }] });
    expect(both.logLikelihood).toBeCloseTo(-4055.92, 1);
  });

  it('Gamma-Gamma p and q do not depend on the currency unit, γ scales with it', () => {
    const base = fitGammaGamma(spend).params;
    const cents = fitGammaGamma(groupRepeatSpend({ x: summaries.x, zbar: summaries.zbar.map((z) => z * 100) })).params;
    expect(cents.p / base.p).toBeCloseTo(1, 5);
    expect(cents.q / base.q).toBeCloseTo(1, 5);
    expect(cents.gamma / base.gamma).toBeCloseTo(100, 3);
  });

  it('BG/NBD in days: α is seven times the weekly α, r, a and b unchanged', () => {
    const weekly = fitBgNbd(transactions).params;
    const daily = fitBgNbd(groupRecencyFrequency({ x: summaries.x, tx: summaries.tx.map((v) => v * 7), T: summaries.T.map((v) => v * 7) })).params;
    expect(daily.alpha / weekly.alpha).toBeCloseTo(7, 4);
    for (const key of ['r', 'a', 'b'] as const) expect(daily[key] / weekly[key]).toBeCloseTo(1, 5);
  });

  it.each([
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 20, alpha: 0.05, a: 20, b: 0.05 },
    { r: 0.05, alpha: 150, a: 0.05, b: 150 },
  ])('BG/NBD from %p', (start) => {
    const fit = fitBgNbd(transactions, { starts: [start] });
    expect(fit.converged).toBe(true);
    expectSignificant(fit.params.r, 0.243, 3);
    expectSignificant(fit.params.b, 2.426, 3);
  });
});
