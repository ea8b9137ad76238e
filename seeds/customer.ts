import { browseSession, channelFor, placeOrder, sightChannel, visitCount, WECHAT_IDENTITY_TYPE, type PlacedOrder } from './activity';
import { APP_VERSIONS, PLACES } from './catalog';
import { event, flushIdentities, newContext, sighting, type CustomerContext } from './context';
import { appRating, nps, supportTicket } from './feedback';
import { SEED_SOURCES, type SeedModelParams, type SeedSourceName } from './params';
import { drawProfile, type Profile } from './profile';
import { DAY_MS } from './purchases';
import { chance, createRng, int, pick, uniform, uuid, weighted } from './random';
import type { CustomerData, ObservationRow } from './rows';

/**
 * An identify message: one 'identify' event, one observation per trait, and sightings of the identifiers it
 * carries (the browser or app it came from, and the account's email, phone and ids).
 */
function identify(ctx: CustomerContext, p: Profile, source: SeedSourceName, at: number, traits: Record<string, string>): void {
  const m = event(ctx, source, at, 'identify', null, { traits });
  if (source === 'web' || source === 'app') sightChannel(ctx, p, source, m);
  if (traits.email) sighting(ctx, 'email', traits.email, source, m);
  if (traits.phone) sighting(ctx, 'phone', traits.phone, source, m);
  if (p.userId) sighting(ctx, 'user_id', p.userId, source, m);
  if (p.wechatOpenId) sighting(ctx, WECHAT_IDENTITY_TYPE, p.wechatOpenId, source, m);
  for (const [key, value] of Object.entries(traits)) {
    ctx.out.observations.push({
      customerId: ctx.customerId,
      id: uuid(ctx.rng),
      sourceId: m.sourceId,
      messageId: m.messageId,
      key,
      value,
      occurredAt: m.occurredAt,
      receivedAt: m.receivedAt,
    });
  }
}

/**
 * Trait survivorship as observation.table.ts defines it: per key the latest occurred_at wins, ties broken by
 * source priority, then by the greater message id.
 */
export function foldTraits(observations: readonly ObservationRow[]): Record<string, string> {
  const priority = new Map(Object.values(SEED_SOURCES).map((s) => [s.id, s.priority]));
  const best = new Map<string, ObservationRow>();
  for (const o of observations) {
    const cur = best.get(o.key);
    if (!cur) {
      best.set(o.key, o);
      continue;
    }
    const dt = o.occurredAt.getTime() - cur.occurredAt.getTime();
    const dp = (priority.get(o.sourceId) ?? 0) - (priority.get(cur.sourceId) ?? 0);
    if (dt > 0 || (dt === 0 && (dp > 0 || (dp === 0 && o.messageId > cur.messageId)))) best.set(o.key, o);
  }
  const traits: Record<string, string> = {};
  for (const key of [...best.keys()].sort()) traits[key] = best.get(key)!.value;
  return traits;
}

/** Account creation at checkout (buyers) or a newsletter sign-up (identified prospects), then CRM updates. */
function identifyAll(ctx: CustomerContext, p: Profile, visits: readonly number[]): void {
  const { rng } = ctx;
  if (!p.email) return;
  const phoneAtSignup = p.phone !== null && chance(rng, 0.75);
  if (p.history) {
    const birth = p.history.purchases[0].at;
    const traits: Record<string, string> = {
      first_name: p.firstName,
      last_name: p.lastName,
      email: p.email,
      city: p.city,
      country: p.country,
      plan: 'basic',
      acquisition_channel: p.acquisitionChannel,
    };
    if (phoneAtSignup) traits.phone = p.phone!;
    identify(ctx, p, channelFor(ctx, p), birth - int(rng, 5, 60) * 1000, traits);
  } else {
    const traits: Record<string, string> = { email: p.email, country: p.country, acquisition_channel: p.acquisitionChannel };
    if (chance(rng, 0.6)) traits.first_name = p.firstName;
    if (phoneAtSignup) traits.phone = p.phone!;
    identify(ctx, p, channelFor(ctx, p), Math.min(ctx.asOf, pick(rng, visits) + int(rng, 10, 120) * 1000), traits);
  }
  if (!p.history) return;

  const from = p.history.purchases[0].at;
  const later = () => Math.floor(uniform(rng, from, p.activeEnd));
  if (p.phone && !phoneAtSignup) identify(ctx, p, channelFor(ctx, p), later(), { phone: p.phone });
  if (chance(rng, 0.25)) {
    const upgraded = later();
    identify(ctx, p, 'crm', upgraded, { plan: 'plus' });
    if (chance(rng, 0.2)) identify(ctx, p, 'crm', Math.floor(uniform(rng, upgraded, p.activeEnd)), { plan: 'premium' });
  }
  if (chance(rng, 0.1)) {
    const [country, city] = weighted(rng, PLACES[p.region].map(([c, town, w]) => [[c, town], w] as const));
    identify(ctx, p, 'crm', later(), { city, country });
  }
  if (p.emailChange) identify(ctx, p, 'crm', p.emailChange.at, { email: p.emailChange.email });
}

function feedbackFor(ctx: CustomerContext, p: Profile, orders: readonly PlacedOrder[]): void {
  const { rng } = ctx;
  if (orders.length > 0 && chance(rng, 0.25)) {
    const at = pick(rng, orders).at + Math.floor(uniform(rng, 2, 10) * DAY_MS);
    if (at <= ctx.asOf) nps(ctx, at);
  }
  if (p.deviceIds.length > 0 && chance(rng, 0.15)) {
    appRating(ctx, Math.floor(uniform(rng, p.firstVisit, p.activeEnd)), pick(rng, APP_VERSIONS));
  }
  if (chance(rng, 0.06)) supportTicket(ctx, Math.floor(uniform(rng, p.firstVisit, p.activeEnd)));
}

/**
 * Every row of customer `index` of the stream `seed`, appended to `out`. Each customer draws from its own PRNG
 * stream, so any range of customers can be generated alone and comes out the same.
 */
export function generateCustomer(seed: number, index: number, asOf: number, params: SeedModelParams, out: CustomerData): void {
  const ctx = newContext(createRng(seed, index), index, asOf, out);
  const observationsFrom = out.observations.length;
  const p = drawProfile(ctx, params);

  const visits = [p.firstVisit];
  for (let i = visitCount(ctx, p) - 1; i > 0; i--) visits.push(Math.floor(uniform(ctx.rng, p.firstVisit, p.activeEnd)));
  for (const at of visits) browseSession(ctx, p, at);

  const orders = p.history ? p.history.purchases.map((purchase, k) => placeOrder(ctx, p, purchase, k)) : [];
  identifyAll(ctx, p, visits);
  feedbackFor(ctx, p, orders);
  flushIdentities(ctx);

  // first/last seen span every message of the customer: visits, orders, refunds, identifies and feedback.
  const firstSeenAt = new Date(ctx.firstActivity);
  const lastSeenAt = new Date(ctx.lastActivity);
  out.customers.push({
    id: ctx.customerId,
    mergedIntoId: null,
    createdAt: firstSeenAt,
    updatedAt: lastSeenAt,
    firstSeenAt,
    lastSeenAt,
    traits: foldTraits(out.observations.slice(observationsFrom)),
  });
}
