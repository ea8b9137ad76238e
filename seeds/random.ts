/**
 * Seeded randomness for the demo data: a PRNG and the few samplers the generator needs. Pure: no I/O, no clock,
 * no Math.random, so the same seed gives the same numbers on every run of the same Node major.
 */

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Uniform in [0, 1), 53 bits. */
  float(): number;
}

/** Chris Wellons' lowbias32: a bijection on 32-bit integers, so distinct inputs give distinct outputs. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * xoshiro128** (Blackman & Vigna 2018) keyed by (seed, stream). Every customer gets its own stream so a chunk of
 * customers can be generated without replaying the ones before it. A 32-bit-state generator such as mulberry32
 * would not do: at 100k customers two streams would start on the same or overlapping states (birthday bound
 * ~2^16) and repeat each other's UUIDs. Here distinct (seed, stream) pairs give distinct 128-bit states.
 */
export function createRng(seed: number, stream = 0): Rng {
  let s0 = mix32((seed >>> 0) ^ 0x9e3779b9);
  let s1 = mix32(stream >>> 0);
  let s2 = mix32(s0 ^ s1 ^ 0x85ebca6b);
  let s3 = mix32((s1 + 0xc2b2ae35) >>> 0) ^ 0x27d4eb2f;
  if ((s0 | s1 | s2 | s3) === 0) s3 = 1;

  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  // The first outputs of a freshly keyed xoshiro still show the structure of the key: discard a few.
  for (let i = 0; i < 8; i++) u32();

  return {
    u32,
    float: () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Integer in [lo, hi], both inclusive. */
export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.float() * (hi - lo + 1));
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + rng.float() * (hi - lo);
}

export function chance(rng: Rng, p: number): boolean {
  return rng.float() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.float() * items.length)];
}

/** Draw from [value, weight] pairs; weights need not sum to 1. */
export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let u = rng.float() * total;
  for (const [value, w] of items) {
    u -= w;
    if (u < 0) return value;
  }
  return items[items.length - 1][0];
}

/** Exponential with the given rate (mean 1/rate). A rate of 0 gives Infinity: the event never happens. */
export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng.float()) / rate;
}

/** Standard normal by Marsaglia's polar method (no trigonometry, whose last bits vary between engines). */
export function normal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.float() - 1;
    const v = 2 * rng.float() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape k, scale θ), mean kθ, by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3). For k < 1 it uses their boost: Gamma(k) = Gamma(k+1) · U^(1/k).
 */
export function gamma(rng: Rng, shape: number, scale = 1): number {
  if (shape < 1) {
    const boost = Math.pow(1 - rng.float(), 1 / shape);
    return gamma(rng, shape + 1, scale) * boost;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.float();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

/**
 * Poisson(mean). Knuth's product method is exact but O(mean) and underflows e^-mean for large means, so large
 * means are split: a sum of independent Poissons is Poisson with the summed mean.
 */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const half = mean / 2;
    return poisson(rng, half) + poisson(rng, mean - half);
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng.float();
  while (product > limit) {
    k++;
    product *= rng.float();
  }
  return k;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A random UUID shaped as version 4 (RFC 9562 §5.4): 122 random bits, version nibble 4, variant 10. */
export function uuid(rng: Rng): string {
  const a = rng.u32();
  const b = ((rng.u32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((rng.u32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.u32();
  const h = (x: number, shift: number) => HEX[(x >>> shift) & 0xff];
  return (
    h(a, 24) + h(a, 16) + h(a, 8) + h(a, 0) + '-' +
    h(b, 24) + h(b, 16) + '-' + h(b, 8) + h(b, 0) + '-' +
    h(c, 24) + h(c, 16) + '-' + h(c, 8) + h(c, 0) +
    h(d, 24) + h(d, 16) + h(d, 8) + h(d, 0)
  );
}
