import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { copyInto, databaseUrl, templateMarker, withAdmin, writeTemplateMarker } from './data';
import { currencyOf, hash32, money4, normal, unit, uuidFor } from './prng';

/**
 * The recompute suite's data (issue 4 §6): customers with orders, refunds, events and feedback, as COPY text lines
 * generated lazily (see generate.ts). Counter-based randomness (prng.ts), so every value is a pure function of its
 * indices and a generator can replay what another emitted (refunds replay the orders).
 *
 * Shape: 2 % of profiles merged into an older survivor (their rows stay on them, as identity resolution leaves
 * them); 75 % buyers, with log-normal order counts (σ = 1.1: most buy a few times, a few hundreds) that add up to
 * exactly the asked total; each buyer is active from a creation day over the last two years for an exponential
 * span (mean 250 days), so most have lapsed and recency and frequency are skewed as in a real shop; about 4 % of
 * orders refunded (whole, part in the order's currency, or in another currency), some twice; about 3 events per
 * profile (page views, browsing, app opens, identifies); feedback from 8 % of profiles.
 *
 * Bump RECOMPUTE_DATA_VERSION whenever anything below changes: the template is named after it.
 */
export const RECOMPUTE_DATA_VERSION = 1;

export interface RecomputeDataSpec {
  customers: number;
  orders: number;
}

/**
 * The instant the data is anchored at. Scoring runs as of the wall clock, so later runs see the same data a little
 * older (more lapsed buyers); what a full run costs does not depend on that.
 */
export const DATA_NOW = Date.UTC(2026, 10, 23);
const DAY = 86_400_000;
const HISTORY_DAYS = 730;
const MEAN_ACTIVE_DAYS = 250;

const S = {
  customer: 21, merge: 22, buyer: 23, orderCount: 24, span: 25, order: 26, orderId: 27, refund: 28, refundId: 29,
  event: 30, eventId: 31, feedback: 32, feedbackId: 33, source: 34,
};

export const RECOMPUTE_SOURCE = { id: uuidFor(S.source, 0), name: 'bench-shop', kind: 'shop' };

export function templateName(spec: RecomputeDataSpec): string {
  const base = `strata_bench_recompute_tpl_v${RECOMPUTE_DATA_VERSION}`;
  return spec.customers === 1_000_000 && spec.orders === 5_000_000 ? base : `${base}_${spec.customers}_${spec.orders}`;
}

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

const customerId = (i: number) => uuidFor(S.customer, i);
const createdAt = (i: number) => DATA_NOW - Math.floor(unit(S.customer, i, 1) * HISTORY_DAYS * DAY);
/** End of the profile's active span: exponential, cut at DATA_NOW. */
const activeUntil = (i: number) => Math.min(DATA_NOW, createdAt(i) + Math.floor(-Math.log(1 - unit(S.span, i)) * MEAN_ACTIVE_DAYS * DAY));

const isMerged = (i: number) => i > 0 && hash32(S.merge, i) % 50 === 0;
function survivorOf(i: number): number {
  let j = Math.floor(unit(S.merge, i, 1) * i);
  while (isMerged(j)) j--;
  return j;
}

const CUSTOMER_COLUMNS = 'id, merged_into_id, created_at, updated_at, first_seen_at, last_seen_at, traits';

function customerLines(spec: RecomputeDataSpec): Iterable<string> {
  return chunked(
    (function* () {
      for (let i = 0; i < spec.customers; i++) {
        const created = iso(createdAt(i));
        const last = iso(activeUntil(i));
        const merged = isMerged(i) ? customerId(survivorOf(i)) : '\\N';
        yield `${customerId(i)}\t${merged}\t${created}\t${last}\t${created}\t${last}\t{"name":"Customer ${i}"}\n`;
      }
    })(),
  );
}

/** Orders per profile: 0 for prospects, log-normal weights for buyers, rounded cumulatively to exactly spec.orders. */
function orderCounts(spec: RecomputeDataSpec): Uint16Array {
  const weights = new Float64Array(spec.customers);
  let sum = 0;
  for (let i = 0; i < spec.customers; i++) {
    if (unit(S.buyer, i) < 0.75) sum += weights[i] = Math.exp(1.1 * normal(S.orderCount, i));
  }
  const counts = new Uint16Array(spec.customers);
  let cumulative = 0;
  let assigned = 0;
  for (let i = 0; i < spec.customers; i++) {
    cumulative += weights[i];
    const upTo = Math.round((cumulative / sum) * spec.orders);
    counts[i] = Math.min(65_535, upTo - assigned);
    assigned += counts[i];
  }
  return counts;
}


interface Order {
  customer: number;
  j: number;
  occurred: number;
  /** Total in minor units (1e-4) of its currency, and in the reporting currency. */
  total: number;
  reporting: number;
  currency: string;
}

/**
 * Orders round-robin (every profile's first, then every second, …) so a profile's orders land on different heap
 * pages, as after months of interleaved ingestion (see generate.ts).
 */
function* orders(spec: RecomputeDataSpec): Generator<Order> {
  const counts = orderCounts(spec);
  const rounds = counts.reduce((m, c) => Math.max(m, c), 0);
  let j = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < spec.customers; i++) {
      if (counts[i] <= r) continue;
      const from = createdAt(i);
      const occurred = from + Math.floor(unit(S.order, j, 1) * (activeUntil(i) - from));
      const cents = Math.max(100, Math.round(Math.exp(Math.log(4500) + 0.8 * normal(S.order, j, 2))));
      const [currency, rate] = currencyOf(S.order, j);
      yield { customer: i, j, occurred, total: cents * 100, reporting: Math.round(cents * 100 * rate), currency };
      j++;
    }
  }
}

const ORDER_COLUMNS = 'customer_id, id, source_id, order_id, total, currency, total_reporting, products, occurred_at, received_at';

function orderLines(spec: RecomputeDataSpec): Iterable<string> {
  return chunked(
    (function* () {
      for (const o of orders(spec)) {
        const products = Array.from({ length: 1 + (hash32(S.order, o.j, 4) % 3) }, (_, p) => ({
          sku: `SKU-${String(hash32(S.order, o.j, 10 + p) % 5000).padStart(5, '0')}`,
          quantity: 1 + (hash32(S.order, o.j, 20 + p) % 2),
        }));
        yield `${customerId(o.customer)}\t${uuidFor(S.orderId, o.j)}\t${RECOMPUTE_SOURCE.id}\tord-${o.j}\t${money4(o.total)}\t${o.currency}\t` +
          `${money4(o.reporting)}\t${JSON.stringify(products)}\t${iso(o.occurred)}\t${iso(o.occurred + 2000)}\n`;
      }
    })(),
  );
}

const REFUND_COLUMNS = 'customer_id, id, source_id, order_id, refund_id, amount, currency, amount_reporting, occurred_at, received_at';

/**
 * ~4 % of orders: 40 % refunded whole (no amount), 40 % in part in the order's currency (no reporting amount: the same
 * share of the order's reporting total), 20 % in part in another currency (converted amount given); one in ten of
 * those refunded gets a second, partial refund (and some end up refunded beyond their total).
 */
function refundLines(spec: RecomputeDataSpec): Iterable<string> {
  return chunked(
    (function* () {
      let k = 0;
      for (const o of orders(spec)) {
        if (unit(S.refund, o.j) >= 0.04) continue;
        const times = unit(S.refund, o.j, 1) < 0.1 ? 2 : 1;
        for (let n = 0; n < times; n++) {
          const kind = unit(S.refund, o.j, 2 + n);
          const at = Math.min(DATA_NOW, o.occurred + Math.floor(unit(S.refund, o.j, 4 + n) * 30 * DAY));
          const part = Math.max(1, Math.floor(o.total * (0.1 + 0.6 * unit(S.refund, o.j, 6 + n)) / 100) * 100);
          const [amount, currency, reporting] =
            kind < 0.4 && n === 0 ? ['\\N', '\\N', '\\N']
              : kind < 0.8 ? [money4(part), '\\N', '\\N']
                : [money4(part), o.currency === 'USD' ? 'EUR' : 'USD', money4(Math.round(part * (o.currency === 'USD' ? 1.08 : 1)))];
          yield `${customerId(o.customer)}\t${uuidFor(S.refundId, k++)}\t${RECOMPUTE_SOURCE.id}\tord-${o.j}\trf-${o.j}-${n}\t` +
            `${amount}\t${currency}\t${reporting}\t${iso(at)}\t${iso(at + 1000)}\n`;
        }
      }
    })(),
  );
}

const EVENT_KINDS: [type: string, name: string | null, share: number][] = [
  ['page', 'Home', 0.35],
  ['track', 'Product Viewed', 0.2],
  ['track', 'Products Searched', 0.1],
  ['track', 'Product Added', 0.05],
  ['track', 'Application Opened', 0.1],
  ['track', 'Signed Up', 0.05],
  ['identify', null, 0.15],
];

const EVENT_COLUMNS = 'customer_id, occurred_at, id, source_id, type, name, properties, received_at';
const MAX_EVENTS = 6;

/** 0–6 events a profile (mean 3), within its active span, round-robin like the orders. */
function eventLines(spec: RecomputeDataSpec): Iterable<string> {
  return chunked(
    (function* () {
      let k = 0;
      for (let r = 0; r < MAX_EVENTS; r++) {
        for (let i = 0; i < spec.customers; i++) {
          if (hash32(S.event, i) % (MAX_EVENTS + 1) <= r) continue;
          const from = createdAt(i);
          const at = from + Math.floor(unit(S.event, i, 1 + r) * (activeUntil(i) - from));
          let u = unit(S.event, i, 10 + r);
          let kind = EVENT_KINDS[EVENT_KINDS.length - 1];
          for (const c of EVENT_KINDS) if ((u -= c[2]) < 0) { kind = c; break; }
          const props = kind[0] === 'page' ? `{"path":"/p/${hash32(S.event, i, 20 + r) % 1000}"}` : '{}';
          yield `${customerId(i)}\t${iso(at)}\t${uuidFor(S.eventId, k++)}\t${RECOMPUTE_SOURCE.id}\t${kind[0]}\t${kind[1] ?? '\\N'}\t${props}\t${iso(at + 500)}\n`;
        }
      }
    })(),
  );
}

const FEEDBACK_COLUMNS = 'customer_id, id, source_id, kind, score, status, ticket_id, occurred_at, received_at';

/** 8 % of profiles: an NPS (0–10), a review (1–5) or a support ticket. */
function feedbackLines(spec: RecomputeDataSpec): Iterable<string> {
  return chunked(
    (function* () {
      for (let i = 0; i < spec.customers; i++) {
        if (unit(S.feedback, i) >= 0.08) continue;
        const u = unit(S.feedback, i, 1);
        const at = iso(createdAt(i) + Math.floor(unit(S.feedback, i, 2) * (activeUntil(i) - createdAt(i))));
        const h = hash32(S.feedback, i, 3);
        const [kind, score, status, ticket] =
          u < 0.5 ? ['NPS', String(h % 11), '\\N', '\\N'] : u < 0.8 ? ['REVIEW', String(1 + (h % 5)), '\\N', '\\N'] : ['SUPPORT_TICKET', '\\N', 'CLOSED', `T-${i}`];
        yield `${customerId(i)}\t${uuidFor(S.feedbackId, i)}\t${RECOMPUTE_SOURCE.id}\t${kind}\t${score}\t${status}\t${ticket}\t${at}\t${at}\n`;
      }
    })(),
  );
}

/**
 * The migrations the template was built with (drizzle's journal: tag and timestamp of each). A clone is migrated before
 * it is measured, but a migration rewritten since the build (or one dated before the latest applied, which drizzle
 * skips) would fail or be missed there: such a template is rebuilt.
 */
function migrationsFingerprint(): string {
  const journal = JSON.parse(fs.readFileSync(path.resolve('drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  const sqlOf = (tag: string) => fs.readFileSync(path.resolve('drizzle', `${tag}.sql`), 'utf8');
  return createHash('sha256').update(journal.entries.map((e) => `${e.tag}@${e.when}:${sqlOf(e.tag)}`).join('\n')).digest('hex').slice(0, 16);
}

/** Build the template if it is missing or was built from another spec; returns the build time in ms (0: reused). */
export async function ensureRecomputeTemplate(spec: RecomputeDataSpec): Promise<number> {
  const name = templateName(spec);
  const marker = await templateMarker(name);
  const migrations = migrationsFingerprint();
  if (
    marker?.version === RECOMPUTE_DATA_VERSION && marker.customers === spec.customers && marker.orders === spec.orders &&
    marker.migrations === migrations
  ) {
    console.log(`bench data: reusing template ${name}`);
    return 0;
  }
  console.log(`bench data: building template ${name} (${spec.customers} customers, ${spec.orders} orders)…`);
  const started = Date.now();
  await withAdmin(async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name}`);
  });
  const database = await openDatabase({ databaseUrl: databaseUrl(name), dataDir: '', maxConnections: 3 });
  try {
    await migrateDatabase(database, path.resolve('drizzle'));
    if (database.raw.kind !== 'postgres') throw new Error('bench template needs PostgreSQL');
    const sql = database.raw.sql;
    await sql`insert into sources (id, name, kind) values (${RECOMPUTE_SOURCE.id}, ${RECOMPUTE_SOURCE.name}, ${RECOMPUTE_SOURCE.kind})`;
    // Orders are the bulk: one connection for them, the others for the rest. The refunds follow the orders: each
    // COPY's trigger locks both tables (migration 0014), and two such loads at once would deadlock.
    const ordersLoaded = copyInto(sql, 'orders', ORDER_COLUMNS, orderLines(spec));
    await Promise.all([
      ordersLoaded,
      (async () => {
        await copyInto(sql, 'customers', CUSTOMER_COLUMNS, customerLines(spec));
        await copyInto(sql, 'feedback', FEEDBACK_COLUMNS, feedbackLines(spec));
        await ordersLoaded;
        await copyInto(sql, 'refunds', REFUND_COLUMNS, refundLines(spec));
      })(),
      copyInto(sql, 'events', EVENT_COLUMNS, eventLines(spec)),
    ]);
    const loaded = Date.now();
    // Frozen and analyzed, so clones start with hint bits, visibility map and statistics (see data.ts).
    await sql.unsafe('vacuum (freeze, analyze)');
    const [counts] = await sql`select (select count(*) from customers)::int as profiles,
      (select count(*) from customers where merged_into_id is not null)::int as merged,
      (select count(*) from orders)::int as orders_loaded, (select count(*) from refunds)::int as refunds,
      (select count(*) from events)::int as events, (select count(*) from feedback)::int as feedback,
      pg_size_pretty(pg_database_size(current_database())) as size`;
    await writeTemplateMarker(sql, { version: RECOMPUTE_DATA_VERSION, migrations, ...spec, ...counts, loadMs: loaded - started, builtAt: new Date().toISOString() });
    console.log(
      `bench data: ${counts.profiles} profiles (${counts.merged} merged away), ${counts.orders_loaded} orders, ${counts.refunds} refunds, ` +
        `${counts.events} events, ${counts.feedback} feedback with COPY in ${((loaded - started) / 1000).toFixed(1)} s, ` +
        `vacuum + analyze ${((Date.now() - loaded) / 1000).toFixed(1)} s; ${counts.size}`,
    );
  } finally {
    await database.close();
  }
  const ms = Date.now() - started;
  console.log(`bench data: template built in ${(ms / 1000).toFixed(1)} s`);
  return ms;
}
