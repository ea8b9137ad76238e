import {
  beta,
  createRng,
  DAY_MS,
  exponential,
  gamma,
  generateDemoChunk,
  generateDemoData,
  poisson,
  SEED_CURRENCY_RATES,
  SEED_MODEL_PARAMS,
  SEED_SOURCES,
  simulateBuyer,
  uuid,
  type DemoData,
} from '../../../seeds/btyd';

const asOf = new Date('2026-11-23T00:00:00Z');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function mean(draw: () => number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  return sum / n;
}

/** Exact money check: "12.34" × rate hundredths as 1e-4 units. */
function units(decimal: string, scale: number): number {
  const [int, frac = ''] = decimal.split('.');
  return Number(int) * 10 ** scale + Number(frac.padEnd(scale, '0'));
}

describe('samplers', () => {
  it.each([
    [0.75, 1 / 40],
    [6, 10],
    [4, 1 / 40],
    [1, 1],
    [0.3, 2],
  ])('Gamma(%p, scale %p) has mean kθ within 2 %', (shape, scale) => {
    const rng = createRng(7, 1);
    expect(mean(() => gamma(rng, shape, scale), 100_000) / (shape * scale)).toBeCloseTo(1, 1.7);
  });

  it.each([
    [0.8, 2.5],
    [2, 2],
  ])('Beta(%p, %p) has mean a/(a+b)', (a, b) => {
    const rng = createRng(7, 2);
    expect(mean(() => beta(rng, a, b), 100_000)).toBeCloseTo(a / (a + b), 2);
  });

  it.each([0.5, 4, 45])('Poisson(%p) has its mean', (m) => {
    const rng = createRng(7, 3);
    expect(mean(() => poisson(rng, m), 20_000) / m).toBeCloseTo(1, 1.7);
  });

  it('Exponential(rate) has mean 1/rate', () => {
    const rng = createRng(7, 4);
    expect(mean(() => exponential(rng, 0.25), 100_000) / 4).toBeCloseTo(1, 1.7);
  });

  it('uuid() is v4-shaped and streams keyed by (seed, index) differ', () => {
    const a = createRng(42, 0);
    const b = createRng(42, 1);
    const c = createRng(43, 0);
    const ids = new Set([uuid(a), uuid(b), uuid(c), uuid(createRng(42, 0))]);
    expect(ids.size).toBe(3);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});

/** BG/NBD E[X(t)] for a new customer (MODELS.md §2.1 Eq. 9), with ₂F₁ summed as its power series. */
function expectedRepeats(t: number, { r, alpha, a, b }: typeof SEED_MODEL_PARAMS.bgnbd): number {
  const z = t / (alpha + t);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 5000 && Math.abs(term) > 1e-14; n++) {
    term *= ((r + n) * (b + n)) / ((a + b - 1 + n) * (n + 1)) * z;
    sum += term;
  }
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * sum);
}

describe('simulateBuyer (the buy-till-you-die process)', () => {
  const T = 180;
  const birth = asOf.getTime() - T * DAY_MS;
  const histories = Array.from({ length: 40_000 }, (_, i) => simulateBuyer(createRng(11, i), SEED_MODEL_PARAMS, birth, asOf.getTime()));

  it('puts the first purchase at birth, the rest in order, and nothing after asOf', () => {
    const bad = histories.filter(
      (h) => h.purchases[0].at !== birth || h.purchases.some((p, i) => p.at > asOf.getTime() || (i > 0 && p.at < h.purchases[i - 1].at)),
    );
    expect(bad).toEqual([]);
  });

  it('matches the BG/NBD expected number of repeat purchases', () => {
    const observed = histories.reduce((s, h) => s + h.purchases.length - 1, 0) / histories.length;
    expect(observed / expectedRepeats(T, SEED_MODEL_PARAMS.bgnbd)).toBeCloseTo(1, 1.3);
  });

  it('draws λ, p and spend with the documented means', () => {
    const { r, alpha, a, b } = SEED_MODEL_PARAMS.bgnbd;
    const { p, q, gamma: g } = SEED_MODEL_PARAMS.gammaGamma;
    const avg = (f: (h: (typeof histories)[number]) => number) => histories.reduce((s, h) => s + f(h), 0) / histories.length;
    expect(avg((h) => h.lambda) / (r / alpha)).toBeCloseTo(1, 1.3);
    expect(avg((h) => h.dropout) / (a / (a + b))).toBeCloseTo(1, 1.3);
    // E(Z) = pγ/(q−1) needs the first purchase of every buyer (one value each, independent of x).
    expect(avg((h) => h.purchases[0].spend) / ((p * g) / (q - 1))).toBeCloseTo(1, 1.3);
  });
});

describe('generateDemoData', () => {
  const customers = 400;
  const data: DemoData = generateDemoData({ customers, seed: 42, asOf });

  it('is deterministic, and chunks concatenate to the one-shot output', () => {
    expect(JSON.stringify(generateDemoData({ customers, seed: 42, asOf }))).toBe(JSON.stringify(data));
    expect(JSON.stringify(generateDemoData({ customers, seed: 43, asOf }))).not.toBe(JSON.stringify(data));
    const a = generateDemoChunk({ seed: 42, asOf, from: 0, to: 150 });
    const b = generateDemoChunk({ seed: 42, asOf, from: 150, to: customers });
    for (const key of Object.keys(a) as (keyof typeof a)[]) {
      expect(JSON.stringify([...a[key], ...b[key]])).toBe(JSON.stringify(data[key]));
    }
  });

  it('gives every row of a table the same columns', () => {
    for (const [table, list] of Object.entries(data)) {
      const shapes = new Set((list as object[]).map((row) => Object.keys(row).join(',')));
      expect([table, shapes.size]).toEqual([table, 1]);
    }
  });

  it('keeps every row on an existing customer, every id unique and v4-shaped, every time at or before asOf', () => {
    const customerIds = new Set(data.customers.map((c) => c.id));
    const ids: string[] = [];
    const problems: string[] = [];
    for (const [table, list] of Object.entries(data)) {
      for (const row of list as Record<string, unknown>[]) {
        if (table !== 'sources' && table !== 'customers' && !customerIds.has(row.customerId as string)) problems.push(`${table}: orphan`);
        if (table !== 'sources' && typeof row.id === 'string') ids.push(row.id);
        for (const value of Object.values(row)) {
          if (value instanceof Date && !(value.getTime() <= asOf.getTime())) problems.push(`${table}: ${value.toISOString()}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has unique identities with demo-safe contact values, and some customers with two devices', () => {
    const keys = data.identities.map((i) => `${i.type}:${i.value}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const i of data.identities) {
      if (i.type === 'email') expect(i.value).toMatch(/^[a-z0-9.]+@example\.(com|org)$/);
      if (i.type === 'phone') expect(i.value).toMatch(/^\+1555\d{7}$/);
      expect(i.firstSeenAt.getTime()).toBeLessThanOrEqual(i.lastSeenAt.getTime());
    }
    const devices = new Map<string, number>();
    for (const i of data.identities) if (i.type === 'device_id') devices.set(i.customerId, (devices.get(i.customerId) ?? 0) + 1);
    expect([...devices.values()].some((n) => n === 2)).toBe(true);
    expect(data.identities.some((i) => i.type === 'wechat_openid:wxdemo')).toBe(true);
  });

  it('writes money as exact decimal strings, converted at the fixed rates', () => {
    const orders = new Map(data.orders.map((o) => [o.orderId, o]));
    for (const o of data.orders) {
      expect(o.total).toMatch(/^\d+\.\d{2}$/);
      expect(o.totalReporting).toMatch(/^\d+\.\d{4}$/);
      const rate = SEED_CURRENCY_RATES[o.currency as keyof typeof SEED_CURRENCY_RATES];
      expect(units(o.totalReporting, 4)).toBe(units(o.total, 2) * rate);
      expect(o.products.reduce((s, l) => s + units(l.price, 2), 0)).toBe(units(o.total, 2));
    }
    for (const r of data.refunds) {
      const order = orders.get(r.orderId)!;
      expect(r.customerId).toBe(order.customerId);
      expect(r.currency).toBe(order.currency);
      expect(units(r.amount, 2)).toBeLessThanOrEqual(units(order.total, 2));
      expect(r.occurredAt.getTime()).toBeGreaterThan(order.occurredAt.getTime());
      expect(units(r.amountReporting, 4)).toBe(units(r.amount, 2) * SEED_CURRENCY_RATES[r.currency as keyof typeof SEED_CURRENCY_RATES]);
    }
    expect(new Set(data.orders.map((o) => o.currency))).toEqual(new Set(['USD', 'EUR', 'CNY']));
  });

  it('leaves about a quarter of customers as prospects: no account, no order', () => {
    const buyers = new Set(data.orders.map((o) => o.customerId));
    const withAccount = new Set(data.identities.filter((i) => i.type === 'user_id').map((i) => i.customerId));
    expect(buyers).toEqual(withAccount);
    expect(1 - buyers.size / customers).toBeGreaterThan(0.18);
    expect(1 - buyers.size / customers).toBeLessThan(0.32);
  });

  it('registers a dedupe key for every message, order and refund, and an Order Completed event per order', () => {
    const keys = new Set(data.dedupeKeys.map((k) => `${k.sourceId}|${k.kind}|${k.key}`));
    expect(keys.size).toBe(data.dedupeKeys.length);
    const missing = [data.events, data.orders, data.refunds, data.feedback, data.observations, data.identities]
      .flat()
      .filter((row) => !keys.has(`${row.sourceId}|message|${row.messageId}`));
    expect(missing).toEqual([]);
    expect(data.orders.filter((o) => !keys.has(`${SEED_SOURCES.shop.id}|order|${o.orderId}`))).toEqual([]);
    expect(data.refunds.filter((r) => !keys.has(`${SEED_SOURCES.shop.id}|refund|${r.refundId}`))).toEqual([]);
    const completed = new Map(data.events.filter((e) => e.name === 'Order Completed').map((e) => [e.messageId, e]));
    expect(completed.size).toBe(data.orders.length);
    for (const o of data.orders) expect(completed.get(o.messageId)?.occurredAt).toEqual(o.occurredAt);
  });

  it('derives first/last seen and traits from the customer\'s own rows', () => {
    const span = new Map<string, [number, number]>();
    const touch = (id: string, at: Date) => {
      const s = span.get(id) ?? [Infinity, -Infinity];
      span.set(id, [Math.min(s[0], at.getTime()), Math.max(s[1], at.getTime())]);
    };
    for (const list of [data.events, data.orders, data.refunds, data.feedback, data.observations]) {
      for (const row of list) touch(row.customerId, row.occurredAt);
    }
    const latest = new Map<string, Map<string, { at: number; value: string }>>();
    for (const o of data.observations) {
      const traits = latest.get(o.customerId) ?? new Map();
      const cur = traits.get(o.key);
      if (!cur || o.occurredAt.getTime() > cur.at) traits.set(o.key, { at: o.occurredAt.getTime(), value: o.value });
      latest.set(o.customerId, traits);
    }
    const wrong = data.customers.filter((c) => {
      const [first, last] = span.get(c.id)!;
      const expected = Object.fromEntries([...(latest.get(c.id) ?? new Map()).entries()].map(([k, v]) => [k, v.value]));
      return first !== c.firstSeenAt.getTime() || last !== c.lastSeenAt.getTime() || JSON.stringify(Object.entries(c.traits).sort()) !== JSON.stringify(Object.entries(expected).sort());
    });
    expect(wrong).toEqual([]);
  });

  it('keeps event volume moderate and feedback well-formed', () => {
    expect(data.events.length / customers).toBeGreaterThan(10);
    expect(data.events.length / customers).toBeLessThan(30);
    for (const f of data.feedback) {
      const score = f.score === null ? null : Number(f.score);
      if (f.kind === 'NPS') expect(score).toBeGreaterThanOrEqual(0), expect(score).toBeLessThanOrEqual(10);
      if (f.kind === 'RATING' || f.kind === 'REVIEW') expect([1, 2, 3, 4, 5]).toContain(score);
      if (f.kind === 'REVIEW') expect(f.text).toBeTruthy();
      if (f.kind === 'SUPPORT_TICKET') expect([f.status !== null, f.ticketId !== null, score]).toEqual([true, true, null]);
    }
    expect(new Set(data.feedback.map((f) => f.kind))).toEqual(new Set(['NPS', 'RATING', 'REVIEW', 'SUPPORT_TICKET']));
  });
});
