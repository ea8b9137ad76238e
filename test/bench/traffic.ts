import { hash32, normal, unit, uuidFor } from './prng';

/**
 * The ingest suite's traffic: Segment-spec messages (https://segment.com/docs/connections/spec/) as analytics.js and
 * the mobile SDKs send them, a pure function of the sizes and the window, so every run replays the same people
 * doing the same things (only the window moves with the clock: timestamps must lie in the past).
 *
 * People browse anonymously on one to three browsers or app installs; known people log in (identify: anonymousId +
 * userId + traits.email), and from then on that browser sends their userId. A second browser that browsed before it
 * logs in — or before its visitor typed their email into a newsletter form — joins two profiles that already
 * exist: that is the merge the suite wants to see, the 20% of linking traffic the issue asks for. A few people log
 * in on a browser someone else identified on (a shared computer): with a user_id limit of one, a conflict.
 */

const DAY = 86_400_000;
export const WINDOW_DAYS = 30;

const S = { person: 21, budget: 22, browser: 23, message: 24, anon: 25, device: 26, messageId: 27, time: 28, share: 29 };

export interface TrafficStats {
  people: number;
  messages: number;
  knownPeople: number;
  /** People seen on two or more browsers / app installs. */
  multiBrowserPeople: number;
  /** identify: anonymousId + userId + traits.email. */
  identifies: number;
  /** A track carrying context.traits.email from an anonymous browser (newsletter form). */
  emailLinks: number;
  /** identify on another person's browser. */
  sharedLogins: number;
  orders: number;
  /** Messages carrying context.device.id. */
  deviceMessages: number;
  /** Sent out of timestamp order (an app flushing its queue hours later). */
  late: number;
}

export interface Traffic {
  /** In sending order. */
  messages: Record<string, unknown>[];
  stats: TrafficStats;
}

/**
 * Messages per person: one each, plus the rest spread by log-normal weights (σ = 1.1: most people send a couple,
 * a few send hundreds), rounded cumulatively so the total is exact.
 */
function budgets(first: number, people: number, messages: number): Uint32Array {
  const extra = messages - people;
  const weights = new Float64Array(people);
  let sum = 0;
  for (let p = 0; p < people; p++) sum += weights[p] = Math.exp(1.1 * normal(S.budget, first + p));
  const counts = new Uint32Array(people);
  let cumulative = 0;
  let assigned = 0;
  for (let p = 0; p < people; p++) {
    cumulative += weights[p];
    const upTo = Math.round((cumulative / sum) * extra);
    counts[p] = 1 + upTo - assigned;
    assigned = upTo;
  }
  return counts;
}

const PRODUCTS = 400;
const CURRENCIES: [string, number][] = [['USD', 0.6], ['EUR', 0.3], ['GBP', 0.1]];
const PLANS = ['free', 'free', 'starter', 'pro'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
];
const WEB_LIBRARY = { name: 'analytics.js', version: 'npm:next-1.70.0' };
const APP_LIBRARY = { name: 'analytics-ios', version: '4.1.8' };

const sku = (n: number) => `SKU-${String(n % PRODUCTS).padStart(4, '0')}`;
const userIdOf = (p: number) => `u_${String(p).padStart(7, '0')}`;
const emailOf = (p: number) => `person${p}@bench.example`;
const anonOf = (p: number, b: number) => uuidFor(S.anon, p * 4 + b);
const price = (h: number) => `${5 + (h % 195)}.${String(h % 100).padStart(2, '0')}`;

interface Planned {
  at: number;
  send: number;
  seq: number;
  message: Record<string, unknown>;
}

interface Browser {
  anonymousId: string;
  deviceId: string | null;
  count: number;
  /** Position of the message that links this browser to the person, or -1. */
  linkAt: number;
  link: 'identify' | 'email' | null;
  start: number;
}

/** Everything one person sends, in their own time order (offsets from the window start, in ms). */
function personMessages(p: number, first: number, n: number, windowMs: number, counters: TrafficStats, nextSeq: () => number): Planned[] {
  const u = (draw: number) => unit(S.person, p, draw);
  const known = u(1) < (n === 1 ? 0.05 : n === 2 ? 0.3 : 0.7);
  // One message of a few known people is a login on someone else's browser, late in the window.
  const shared = known && n >= 3 && p > first && u(9) < 0.01;
  const own = shared ? n - 1 : n;
  // Known people are the ones who come back on other devices; each extra browser of theirs needs two messages.
  const split = known ? [0.3, 0.75] : [0.6, 0.9];
  let browsers = own < 2 ? 1 : u(2) < split[0] ? 1 : u(2) < split[1] ? 2 : 3;
  browsers = Math.min(browsers, known ? 1 + Math.floor((own - 1) / 2) : own);
  if (browsers > 1) counters.multiBrowserPeople++;
  if (known) counters.knownPeople++;

  // Every browser browses at least once; a known person's extra browsers also need their linking message.
  const list: Browser[] = [];
  const personStart = Math.floor(u(3) * windowMs * 0.9);
  for (let b = 0; b < browsers; b++) {
    const id = p * 4 + b;
    list.push({
      anonymousId: anonOf(p, b),
      deviceId: unit(S.browser, id, 1) < 0.2 ? uuidFor(S.device, id) : null,
      count: known && b > 0 ? 2 : 1,
      linkAt: -1,
      link: null,
      start: personStart + (b === 0 ? 0 : Math.floor(unit(S.browser, id, 2) * 5 * DAY)),
    });
  }
  const spare = own - list.reduce((s, b) => s + b.count, 0);
  for (let r = 0; r < spare; r++) list[hash32(S.browser, p, 100 + r) % browsers].count++;

  list.forEach((br, b) => {
    const h = hash32(S.browser, p * 4 + b, 3);
    const after = (count: number) => (count >= 2 ? 1 + (h % (count - 1)) : 0);
    if (known && (b === 0 || unit(S.browser, p * 4 + b, 4) < 0.85)) {
      br.link = b > 0 && unit(S.browser, p * 4 + b, 5) < 0.3 ? 'email' : 'identify';
      br.linkAt = after(br.count);
    } else if (!known && b === 0 && br.count >= 2 && u(6) < 0.15) {
      br.link = 'email';
      br.linkAt = after(br.count);
    }
  });

  const out: Planned[] = [];
  for (const [b, br] of list.entries()) {
    let offset = br.start;
    let userId: string | null = null;
    for (let i = 0; i < br.count; i++) {
      const draw = (k: number) => hash32(S.message, p * 4096 + b * 1024 + (i % 1024), k);
      if (i > 0) {
        // Mostly a click stream minutes apart; now and then the visitor comes back days later.
        offset += draw(1) % 10 === 0 ? draw(2) % (3 * DAY) : 15_000 + (draw(2) % 600_000);
      }
      let message: Record<string, unknown>;
      if (i === br.linkAt && br.link === 'identify') {
        userId = userIdOf(p);
        message = identify(p, br, userId);
        counters.identifies++;
      } else if (i === br.linkAt && br.link === 'email') {
        message = track(br, userId, 'Newsletter Subscribed', { list: 'weekly', source: 'footer' });
        (message.context as Record<string, unknown>).traits = { email: emailOf(p) };
        counters.emailLinks++;
      } else {
        message = browse(p, b, i, br, userId, draw, counters);
      }
      if (br.deviceId) counters.deviceMessages++;
      out.push({ at: offset, send: 0, seq: 0, message });
    }
  }
  if (shared) {
    const q = p - 1 - (hash32(S.share, p) % Math.min(p - first, 50));
    const on: Browser = { anonymousId: anonOf(q, 0), deviceId: null, count: 1, linkAt: 0, link: 'identify', start: 0 };
    out.push({ at: windowMs - 1 - Math.floor(unit(S.share, p, 1) * DAY / 4), send: 0, seq: 0, message: identify(p, on, userIdOf(p)) });
    counters.sharedLogins++;
    counters.identifies++;
  }

  // Fit the person into the window without reordering their messages.
  const last = out.reduce((m, x) => Math.max(m, x.at), 0);
  const scale = last >= windowMs ? (windowMs - 1 - personStart) / (last - personStart) : 1;
  for (const x of out) {
    if (scale !== 1 && x.at > personStart) x.at = personStart + Math.floor((x.at - personStart) * scale);
    x.seq = nextSeq();
    x.message.messageId = uuidFor(S.messageId, x.seq);
    // An app flushes its queue when it next has network: a quarter of app messages arrive up to two hours late.
    const ctx = x.message.context as { device?: unknown };
    const late = ctx.device !== undefined && unit(S.time, x.seq) < 0.25 ? Math.floor(unit(S.time, x.seq, 1) * 2 * 3_600_000) : 0;
    if (late) counters.late++;
    x.send = x.at + late;
  }
  return out;
}

function context(br: Browser, page?: Record<string, unknown>): Record<string, unknown> {
  if (br.deviceId) {
    return {
      library: APP_LIBRARY,
      app: { name: 'Bench Shop', version: '5.12.0', build: '512' },
      device: { id: br.deviceId, manufacturer: 'Apple', model: 'iPhone15,2', type: 'ios' },
      os: { name: 'iOS', version: '17.5' },
      locale: 'en-US',
      timezone: 'Europe/Berlin',
    };
  }
  const agent = AGENTS[hash32(S.browser, parseInt(br.anonymousId.slice(0, 8), 16)) % AGENTS.length];
  return { library: WEB_LIBRARY, page, userAgent: agent, locale: 'en-US' };
}

function identify(p: number, br: Browser, userId: string): Record<string, unknown> {
  return {
    type: 'identify',
    userId,
    anonymousId: br.anonymousId,
    traits: { email: emailOf(p), name: `Person ${p}`, plan: PLANS[hash32(S.person, p, 7) % PLANS.length] },
    context: context(br, { path: '/account', url: 'https://shop.example/account', title: 'Your account', referrer: '' }),
  };
}

function track(br: Browser, userId: string | null, event: string, properties: Record<string, unknown>): Record<string, unknown> {
  const m: Record<string, unknown> = { type: 'track', event, properties, anonymousId: br.anonymousId };
  if (userId) m.userId = userId;
  m.context = context(br, { path: '/', url: 'https://shop.example/', title: 'Bench Shop', referrer: '' });
  return m;
}

function browse(
  p: number, b: number, i: number, br: Browser, userId: string | null, draw: (k: number) => number, counters: TrafficStats,
): Record<string, unknown> {
  const product = draw(3);
  const r = draw(4) % 100;
  if (!br.deviceId && r < 55) {
    const path = r < 10 ? '/' : r < 20 ? '/cart' : `/products/${sku(product)}`;
    const title = r < 10 ? 'Bench Shop' : r < 20 ? 'Cart' : `Product ${sku(product)}`;
    const referrer = i === 0 ? 'https://www.google.com/' : '';
    const properties = { path, url: `https://shop.example${path}`, title, referrer, search: '' };
    const m: Record<string, unknown> = { type: 'page', name: r < 10 ? 'Home' : r < 20 ? 'Cart' : 'Product', properties, anonymousId: br.anonymousId };
    if (userId) m.userId = userId;
    m.context = context(br, properties);
    return m;
  }
  const t = draw(5) % 100;
  if (t < 20) {
    let c = unit(S.message, product, 6);
    const currency = CURRENCIES.find(([, share]) => (c -= share) < 0)?.[0] ?? 'USD';
    const products = Array.from({ length: 1 + (draw(7) % 3) }, (_, k) => ({
      product_id: sku(product + k), sku: sku(product + k), price: Number(price(draw(8 + k))), quantity: 1 + (draw(12 + k) % 2),
    }));
    const total = products.reduce((s, x) => s + x.price * x.quantity, 0);
    counters.orders++;
    return track(br, userId, 'Order Completed', {
      order_id: `ORD-${p}-${b}-${i}`, total: Number(total.toFixed(2)), currency, products,
    });
  }
  const event = t < 55 ? 'Product Viewed' : t < 80 ? 'Product Added' : 'Checkout Started';
  return track(br, userId, event, { product_id: sku(product), sku: sku(product), price: Number(price(product)), currency: 'USD' });
}

/**
 * `messages` Segment messages from `people` people, timestamps in the `WINDOW_DAYS` days before `now`, in sending
 * order: by time, except late app messages. People are numbered from `first`: traffic from disjoint ranges shares
 * no identifier, message id or order id, so a warm-up can precede the measured run without touching its people.
 */
export function generateTraffic(people: number, messages: number, now: number, first = 0): Traffic {
  if (messages < people) throw new Error('generateTraffic: at least one message per person');
  const windowStart = now - WINDOW_DAYS * DAY;
  const windowMs = WINDOW_DAYS * DAY - 60_000;
  const stats: TrafficStats = {
    people, messages, knownPeople: 0, multiBrowserPeople: 0, identifies: 0, emailLinks: 0, sharedLogins: 0, orders: 0,
    deviceMessages: 0, late: 0,
  };
  // Message ids come from a counter started at `first`: two runs whose `first`s are further apart than their message
  // counts never share an id.
  let seq = first;
  const nextSeq = () => seq++;
  const counts = budgets(first, people, messages);
  const all: Planned[] = [];
  for (let p = 0; p < people; p++) for (const x of personMessages(first + p, first, counts[p], windowMs, stats, nextSeq)) all.push(x);
  all.sort((a, b) => a.send - b.send || a.seq - b.seq);
  for (const x of all) x.message.timestamp = new Date(windowStart + x.at).toISOString();
  return { messages: all.map((x) => x.message), stats };
}
