/**
 * Deterministic demo data: customers who buy till they die (BG/NBD) and spend per Gamma-Gamma, with the web, app,
 * CRM, shop and service traces such customers leave. Pure: plain rows out, nothing from drizzle or postgres in.
 * seeds/README.md describes the process and the parameters.
 */
import { generateCustomer } from './customer';
import { SEED_MODEL_PARAMS, SEED_SOURCES, SOURCES_CREATED_DAYS_BEFORE, type SeedModelParams, type SeedSourceName } from './params';
import { DAY_MS } from './purchases';
import { emptyCustomerData, type CustomerData, type DemoData, type SourceRow } from './rows';

export { SEED_MODEL_PARAMS, SEED_CURRENCY_RATES, SEED_REPORTING_CURRENCY, SEED_SOURCES } from './params';
export { simulateBuyer, DAY_MS, type BuyerHistory, type Purchase } from './purchases';
export { createRng, beta, exponential, gamma, normal, poisson, uuid, type Rng } from './random';
export type * from './rows';

export interface DemoDataOptions {
  customers: number;
  seed: number;
  /** End of the observation window; nothing generated is later. Callers pass today's UTC midnight by default. */
  asOf: Date;
  /** Ground truth for the purchase process; the documented defaults unless a test wants others. */
  params?: SeedModelParams;
}

export interface DemoChunkOptions {
  seed: number;
  asOf: Date;
  /** First customer index (inclusive) of the seed's stream. */
  from: number;
  /** Last customer index (exclusive). */
  to: number;
  params?: SeedModelParams;
}

function checkAsOf(asOf: Date): number {
  const t = asOf.getTime();
  if (!Number.isFinite(t)) throw new RangeError('asOf must be a valid Date');
  return t;
}

/** The five demo sources (fixed ids), created before any seeded activity. */
export function demoSources(asOf: Date): SourceRow[] {
  const createdAt = new Date(checkAsOf(asOf) - SOURCES_CREATED_DAYS_BEFORE * DAY_MS);
  return (Object.keys(SEED_SOURCES) as SeedSourceName[]).map((name) => ({
    id: SEED_SOURCES[name].id,
    name,
    kind: name,
    priority: SEED_SOURCES[name].priority,
    createdAt,
  }));
}

/**
 * Customers [from, to) of a seed's stream. Each customer has its own PRNG stream keyed by (seed, index), so
 * chunks can be generated one at a time with bounded memory and concatenate to exactly the one-shot output.
 */
export function generateDemoChunk({ seed, asOf, from, to, params = SEED_MODEL_PARAMS }: DemoChunkOptions): CustomerData {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > 0xffffffff) {
    throw new RangeError(`invalid customer range [${from}, ${to})`);
  }
  const asOfMs = checkAsOf(asOf);
  const out = emptyCustomerData();
  for (let index = from; index < to; index++) generateCustomer(seed, index, asOfMs, params, out);
  return out;
}

/** All demo rows for `customers` customers; same (customers, seed, asOf) ⇒ identical output. */
export function generateDemoData({ customers, seed, asOf, params }: DemoDataOptions): DemoData {
  return { sources: demoSources(asOf), ...generateDemoChunk({ seed, asOf, from: 0, to: customers, params }) };
}
