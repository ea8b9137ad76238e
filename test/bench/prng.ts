/**
 * Counter-based randomness for the bench data: every value is a pure function of (seed, entity index, draw
 * number), so a generator can stream rows in any order (customers first, orders round-robin later) and recompute
 * a customer's fields when it needs them instead of holding 100k rows in memory.
 */

/** Chris Wellons' lowbias32: a bijection on 32-bit integers, so distinct inputs give distinct outputs. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export const BENCH_SEED = 0x5eed_0001;

/** 32 well-mixed bits for (stream, index, draw). */
export function hash32(stream: number, index: number, draw = 0): number {
  return mix32(mix32(mix32((BENCH_SEED ^ Math.imul(stream, 0x9e3779b9)) >>> 0) ^ index) + draw);
}

/** Uniform in [0, 1). */
export const unit = (stream: number, index: number, draw = 0): number => hash32(stream, index, draw) / 4294967296;

/** Standard normal by Box–Muller; engine differences in the last bits of cos() do not matter for bench data. */
export function normal(stream: number, index: number, draw = 0): number {
  const u = 1 - unit(stream, index, draw * 2);
  const v = unit(stream, index, draw * 2 + 1);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (x: number) => HEX[(x >>> 24) & 0xff] + HEX[(x >>> 16) & 0xff] + HEX[(x >>> 8) & 0xff] + HEX[x & 0xff];

/**
 * A version-4-shaped UUID whose first 32 bits are a bijection of `index`: unique within a stream by construction
 * (a birthday collision among 1M random ids would be unlikely, but a primary-key violation 40 s into a load is
 * not worth the odds).
 */
export function uuidFor(stream: number, index: number): string {
  const a = mix32((index ^ Math.imul(stream, 0x85ebca6b) ^ BENCH_SEED) >>> 0);
  const b = ((hash32(stream, index, 101) & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((hash32(stream, index, 102) & 0x3fffffff) | 0x80000000) >>> 0;
  const d = hash32(stream, index, 103);
  const hb = hex32(b);
  const hc = hex32(c);
  return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
}

const CURRENCIES: [code: string, toUsd: number, share: number][] = [
  ['USD', 1, 0.6],
  ['EUR', 1.08, 0.3],
  ['GBP', 1.27, 0.1],
];

/** An order's currency and its rate to USD, drawn from (stream, order index): 60% USD, 30% EUR, 10% GBP. */
export function currencyOf(stream: number, j: number): [string, number] {
  let u = unit(stream, j, 3);
  for (const [code, rate, share] of CURRENCIES) {
    if ((u -= share) < 0) return [code, rate];
  }
  return ['USD', 1];
}

/** Minor units (1e-4) as numeric(20,4) text, without going through a float string. */
export const money4 = (units: number) => `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;
