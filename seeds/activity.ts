import { APP_VERSIONS, PRODUCTS, REFERRERS, REFUND_TICKET_SUBJECTS, SEARCH_TERMS, WEB_PAGES, type Product } from './catalog';
import { customerNumber, event, sighting, type CustomerContext, type Message } from './context';
import { review, supportTicket } from './feedback';
import { formatCents, localCents, reportingAmount, splitCents, toCents } from './money';
import { REFUND_RATE, SEED_SOURCES } from './params';
import type { Profile } from './profile';
import { DAY_MS, type Purchase } from './purchases';
import { chance, int, pick, poisson, uniform, uuid } from './random';
import type { EventRow, ProductLine } from './rows';

type Channel = 'web' | 'app';

interface Step {
  type: EventRow['type'];
  name: string;
  properties: Record<string, unknown>;
}

export const WECHAT_IDENTITY_TYPE = 'wechat_openid:wxdemo';
const SHOP_URL = 'https://shop.example.com';

export function channelFor(ctx: CustomerContext, p: Profile): Channel {
  if (p.anonymousId && p.deviceIds.length > 0) return chance(ctx.rng, 0.55) ? 'web' : 'app';
  return p.anonymousId ? 'web' : 'app';
}

/** The identifiers a web or app message carries: the cookie, or the install (and WeChat login in China). */
export function sightChannel(ctx: CustomerContext, p: Profile, channel: Channel, m: Message): void {
  if (channel === 'web') {
    sighting(ctx, 'anonymous_id', p.anonymousId!, 'web', m);
    return;
  }
  const second = p.deviceIds.length > 1 && m.occurredAt.getTime() >= p.deviceSwitchAt;
  sighting(ctx, 'device_id', p.deviceIds[second ? 1 : 0], 'app', m);
  if (p.wechatOpenId) sighting(ctx, WECHAT_IDENTITY_TYPE, p.wechatOpenId, 'app', m);
}

/** The account identifiers the shop attaches to orders and refunds. */
function sightAccount(ctx: CustomerContext, p: Profile, m: Message): void {
  const email = p.emailChange && m.occurredAt.getTime() >= p.emailChange.at ? p.emailChange.email : p.email;
  if (email) sighting(ctx, 'email', email, 'shop', m);
  if (p.userId) sighting(ctx, 'user_id', p.userId, 'shop', m);
}

function productProps(product: Product): Record<string, unknown> {
  return { product_id: product.id, sku: product.sku, name: product.name, category: product.category };
}

function landing(ctx: CustomerContext, channel: Channel, maxPages: number): Step[] {
  if (channel === 'app') {
    const properties = { version: pick(ctx.rng, APP_VERSIONS), from_background: chance(ctx.rng, 0.4) };
    return [{ type: 'track', name: 'Application Opened', properties }];
  }
  const steps: Step[] = [];
  let referrer = pick(ctx.rng, REFERRERS);
  const pages = int(ctx.rng, 1, maxPages);
  for (let i = 0; i < pages; i++) {
    const [path, title] = i === 0 ? WEB_PAGES[0] : pick(ctx.rng, WEB_PAGES);
    const url = `${SHOP_URL}${path}`;
    steps.push({ type: 'page', name: 'Page Viewed', properties: { path, url, title, referrer } });
    referrer = url;
  }
  return steps;
}

function search(ctx: CustomerContext, probability: number): Step[] {
  if (!chance(ctx.rng, probability)) return [];
  return [{ type: 'track', name: 'Products Searched', properties: { query: pick(ctx.rng, SEARCH_TERMS) } }];
}

/**
 * Emit a session's steps a few seconds to a minute and a half apart. Anchored at its start (shifted back if it
 * would run past asOf) or, for a purchase, ending at `at` so checkout directly precedes the order.
 */
function emit(ctx: CustomerContext, p: Profile, channel: Channel, steps: Step[], at: number, anchor: 'start' | 'end'): void {
  const offsets = [0];
  for (let i = 1; i < steps.length; i++) offsets.push(offsets[i - 1] + int(ctx.rng, 5, 90) * 1000);
  const span = offsets[offsets.length - 1];
  const start = anchor === 'end' ? at - span : Math.min(at, ctx.asOf - span);
  steps.forEach((step, i) => {
    const m = event(ctx, channel, start + offsets[i], step.type, step.name, step.properties);
    sightChannel(ctx, p, channel, m);
  });
}

/** A visit that may look at products but buys nothing. */
export function browseSession(ctx: CustomerContext, p: Profile, start: number): void {
  const channel = channelFor(ctx, p);
  const steps = [...landing(ctx, channel, 2), ...search(ctx, 0.3)];
  const viewed = int(ctx.rng, 0, 2);
  let last: Product | null = null;
  for (let i = 0; i < viewed; i++) {
    last = pick(ctx.rng, PRODUCTS);
    steps.push({ type: 'track', name: 'Product Viewed', properties: productProps(last) });
  }
  if (last && chance(ctx.rng, 0.1)) {
    steps.push({ type: 'track', name: 'Product Added', properties: { ...productProps(last), quantity: 1 } });
  }
  emit(ctx, p, channel, steps, start, 'start');
}

/** One to four lines whose prices add up exactly to the order total. */
function orderLines(ctx: CustomerContext, totalCents: number): ProductLine[] {
  const count = Math.min(4, 1 + poisson(ctx.rng, 0.5));
  const weights = Array.from({ length: count }, () => uniform(ctx.rng, 0.5, 1.5));
  return splitCents(totalCents, weights).map((cents) => {
    const product = pick(ctx.rng, PRODUCTS);
    return {
      product_id: product.id,
      sku: product.sku,
      name: product.name,
      category: product.category,
      price: formatCents(cents),
      quantity: 1,
    };
  });
}

export interface PlacedOrder {
  orderId: string;
  at: number;
}

/**
 * The k-th order of a buyer: the browsing that led to it, the 'Order Completed' event and the order row (one
 * message from the shop, so they share a message id), perhaps a refund and a review.
 */
export function placeOrder(ctx: CustomerContext, p: Profile, purchase: Purchase, k: number): PlacedOrder {
  const { rng } = ctx;
  const cents = p.currency === 'USD' ? toCents(purchase.spend) : localCents(toCents(purchase.spend), p.currency);
  const total = formatCents(cents);
  const products = orderLines(ctx, cents);

  const channel = channelFor(ctx, p);
  // Straight to the product: a landing page, perhaps a search, then each line viewed and added to the cart.
  const steps = [...landing(ctx, channel, 1), ...search(ctx, 0.3)];
  for (const line of products) {
    const { product_id, sku, name, category } = line;
    steps.push({ type: 'track', name: 'Product Viewed', properties: { product_id, sku, name, category } });
    steps.push({ type: 'track', name: 'Product Added', properties: { product_id, sku, name, category, quantity: 1 } });
  }
  emit(ctx, p, channel, steps, purchase.at - int(rng, 20, 180) * 1000, 'end');

  const orderId = `SO${customerNumber(ctx)}-${k + 1}`;
  const m = event(ctx, 'shop', purchase.at, 'track', 'Order Completed', { order_id: orderId, total, currency: p.currency, products });
  sightAccount(ctx, p, m);
  ctx.out.orders.push({
    customerId: ctx.customerId,
    id: uuid(rng),
    sourceId: m.sourceId,
    orderId,
    messageId: m.messageId,
    total,
    currency: p.currency,
    totalReporting: reportingAmount(cents, p.currency),
    products,
    occurredAt: m.occurredAt,
    receivedAt: m.receivedAt,
  });
  ctx.out.dedupeKeys.push({ sourceId: m.sourceId, kind: 'order', key: orderId, customerId: ctx.customerId, receivedAt: m.receivedAt });

  const refunded = chance(rng, REFUND_RATE) && refund(ctx, p, orderId, k, purchase.at, cents);
  if (chance(rng, 0.08)) {
    const at = purchase.at + Math.floor(uniform(rng, 3, 21) * DAY_MS);
    if (at <= ctx.asOf) review(ctx, at, orderId, products[0].product_id, refunded);
  }
  return { orderId, at: purchase.at };
}

/**
 * Full (40 %) or partial refund within 30 days of the order, never after asOf; half are preceded by a support
 * ticket, closed since the refund resolved it.
 */
function refund(ctx: CustomerContext, p: Profile, orderId: string, k: number, orderAt: number, cents: number): boolean {
  const { rng } = ctx;
  const window = Math.min(30 * DAY_MS, ctx.asOf - orderAt);
  if (window < 60_000) return false;
  const at = orderAt + Math.floor(window * uniform(rng, 0.05, 1));
  const amountCents = chance(rng, 0.4) ? cents : Math.max(1, Math.floor(cents * uniform(rng, 0.1, 0.7)));
  if (chance(rng, 0.5)) {
    supportTicket(ctx, orderAt + Math.floor((at - orderAt) * uniform(rng, 0.1, 0.9)), pick(rng, REFUND_TICKET_SUBJECTS), true);
  }
  const refundId = `RF${customerNumber(ctx)}-${k + 1}`;
  const amount = formatCents(amountCents);
  const m = event(ctx, 'shop', at, 'track', 'Order Refunded', { order_id: orderId, refund_id: refundId, amount, currency: p.currency });
  sightAccount(ctx, p, m);
  ctx.out.refunds.push({
    customerId: ctx.customerId,
    id: uuid(rng),
    sourceId: m.sourceId,
    orderId,
    refundId,
    messageId: m.messageId,
    amount,
    currency: p.currency,
    amountReporting: reportingAmount(amountCents, p.currency),
    occurredAt: m.occurredAt,
    receivedAt: m.receivedAt,
  });
  ctx.out.dedupeKeys.push({ sourceId: SEED_SOURCES.shop.id, kind: 'refund', key: refundId, customerId: ctx.customerId, receivedAt: m.receivedAt });
  return true;
}

/** How many plain visits: one at first sight, then about one every four months while active. */
export function visitCount(ctx: CustomerContext, p: Profile): number {
  const activeDays = (p.activeEnd - p.firstVisit) / DAY_MS;
  const extra = p.history ? poisson(ctx.rng, activeDays / 120) : poisson(ctx.rng, 1);
  return 1 + Math.min(extra, 8);
}

