import { currencyOf, hash32, mix32, money4, normal, unit, uuidFor } from './prng';

/**
 * The bench data set, as COPY text-format lines, generated lazily: a generator yields chunks of a few thousand
 * lines and COPY's backpressure decides when the next is built, so memory stays bounded whatever the size.
 * Bump DATA_VERSION whenever anything below changes: the template database is named after it, so the next run
 * builds a new one instead of reusing stale data.
 */
export const DATA_VERSION = 1;
export const CUSTOMERS = 100_000;
export const ORDERS = 1_000_000;

/** A fixed "now" so the data set is the same on every machine and every day. */
const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const HISTORY_DAYS = 730;

const S = { customer: 1, merge: 2, identity: 3, orderCount: 4, order: 5, anon: 6, identityId: 7, orderId: 8, source: 9 };

export const SOURCE = { id: uuidFor(S.source, 0), name: 'bench-shop', kind: 'shop' };

const iso = (ms: number) => new Date(ms).toISOString();
const CHUNK_LINES = 2000;

function* chunked(lines: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === CHUNK_LINES) {
      yield batch.join('');
      batch = [];
    }
  }
  if (batch.length) yield batch.join('');
}

export const customerId = (i: number) => uuidFor(S.customer, i);
const createdAt = (i: number) => NOW - Math.floor(unit(S.customer, i, 1) * HISTORY_DAYS * DAY);
const lastSeenAt = (i: number) => createdAt(i) + Math.floor(unit(S.customer, i, 2) * (NOW - createdAt(i)));

/**
 * 2% of profiles were merged into an older one, as identity resolution leaves them: the row stays, with
 * merged_into_id pointing at the final survivor (kept flat, so never at another merged profile). Their
 * identities and orders stay on the merged-away row, so reads of a survivor exercise the member union.
 */
const isMerged = (i: number) => i > 0 && hash32(S.merge, i) % 50 === 0;
function survivorOf(i: number): number {
  let j = Math.floor(unit(S.merge, i, 1) * i);
  while (isMerged(j)) j--;
  return j;
}

const hasEmail = (i: number) => unit(S.identity, i, 1) < 0.65;
const hasUserId = (i: number) => unit(S.identity, i, 2) < 0.65;
const hasSecondAnonymousId = (i: number) => unit(S.identity, i, 3) < 0.2;

const PLANS = ['free', 'free', 'free', 'starter', 'pro', 'enterprise'];
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'NL', 'CN', 'JP', 'BR', 'IN', 'ES'];

export const CUSTOMER_COLUMNS = 'id, merged_into_id, created_at, updated_at, first_seen_at, last_seen_at, traits';

export function customerLines(): Iterable<string> {
  return chunked(
    (function* () {
      for (let i = 0; i < CUSTOMERS; i++) {
        const created = iso(createdAt(i));
        const traits: Record<string, string> = {
          name: `Customer ${i}`,
          plan: PLANS[hash32(S.customer, i, 3) % PLANS.length],
          country: COUNTRIES[hash32(S.customer, i, 4) % COUNTRIES.length],
        };
        if (hasEmail(i)) traits.email = `c${i}@bench.example`;
        const merged = isMerged(i) ? customerId(survivorOf(i)) : '\\N';
        const last = iso(lastSeenAt(i));
        yield `${customerId(i)}\t${merged}\t${created}\t${last}\t${created}\t${last}\t${JSON.stringify(traits)}\n`;
      }
    })(),
  );
}

export const IDENTITY_COLUMNS = 'customer_id, id, type, value, source_id, first_seen_at, last_seen_at, created_at';

/** ~2.5 identities a profile: one or two anonymous ids, and a user id and an email for about two in three. */
export function identityLines(): Iterable<string> {
  return chunked(
    (function* () {
      let k = 0;
      for (let i = 0; i < CUSTOMERS; i++) {
        const first = iso(createdAt(i));
        const last = iso(lastSeenAt(i));
        const row = (type: string, value: string) =>
          `${customerId(i)}\t${uuidFor(S.identityId, k++)}\t${type}\t${value}\t${SOURCE.id}\t${first}\t${last}\t${first}\n`;
        yield row('anonymous_id', uuidFor(S.anon, 2 * i));
        if (hasSecondAnonymousId(i)) yield row('anonymous_id', uuidFor(S.anon, 2 * i + 1));
        // mix32 is a bijection, so user ids are unique yet do not reveal the row number.
        if (hasUserId(i)) yield row('user_id', `u-${mix32(i ^ 0x51ab).toString(16).padStart(8, '0')}`);
        if (hasEmail(i)) yield row('email', `c${i}@bench.example`);
      }
    })(),
  );
}

/**
 * Orders per profile, uneven: log-normal weights (σ = 1: most have a handful, a few have hundreds, some none),
 * rounded cumulatively so the total is exactly ORDERS.
 */
function orderCounts(): Uint16Array {
  const weights = new Float64Array(CUSTOMERS);
  let sum = 0;
  for (let i = 0; i < CUSTOMERS; i++) sum += weights[i] = Math.exp(normal(S.orderCount, i));
  const counts = new Uint16Array(CUSTOMERS);
  let cumulative = 0;
  let assigned = 0;
  for (let i = 0; i < CUSTOMERS; i++) {
    cumulative += weights[i];
    const upTo = Math.round((cumulative / sum) * ORDERS);
    counts[i] = upTo - assigned;
    assigned = upTo;
  }
  return counts;
}


export const ORDER_COLUMNS =
  'customer_id, id, source_id, order_id, total, currency, total_reporting, products, occurred_at, received_at';

/**
 * Orders are emitted round-robin (every profile's first order, then every profile's second, …), so a profile's
 * orders land on different heap pages as they would after months of interleaved ingestion; emitting them per
 * profile would cluster them and flatter every read.
 */
export function orderLines(): Iterable<string> {
  const counts = orderCounts();
  const rounds = counts.reduce((m, c) => Math.max(m, c), 0);
  return chunked(
    (function* () {
      let j = 0;
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < CUSTOMERS; i++) {
          if (counts[i] <= r) continue;
          const created = createdAt(i);
          const occurred = created + Math.floor(unit(S.order, j, 1) * (NOW - created));
          const cents = Math.max(100, Math.round(Math.exp(Math.log(4500) + 0.8 * normal(S.order, j, 2))));
          const [currency, rate] = currencyOf(S.order, j);
          const products = Array.from({ length: 1 + (hash32(S.order, j, 4) % 3) }, (_, p) => ({
            sku: `SKU-${String(hash32(S.order, j, 10 + p) % 5000).padStart(5, '0')}`,
            quantity: 1 + (hash32(S.order, j, 20 + p) % 2),
          }));
          yield `${customerId(i)}\t${uuidFor(S.orderId, j)}\t${SOURCE.id}\tord-${j}\t${money4(cents * 100)}\t${currency}\t` +
            `${money4(Math.round(cents * 100 * rate))}\t${JSON.stringify(products)}\t${iso(occurred)}\t${iso(occurred + 2000)}\n`;
          j++;
        }
      }
    })(),
  );
}
