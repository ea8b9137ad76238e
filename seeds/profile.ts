import { FIRST_NAMES, LAST_NAMES, PLACES, ACQUISITION_CHANNELS, type Region } from './catalog';
import { customerNumber, type CustomerContext } from './context';
import { BIRTH_WINDOW_DAYS, PROSPECT_SHARE, type SeedCurrency, type SeedModelParams } from './params';
import { DAY_MS, simulateBuyer, type BuyerHistory } from './purchases';
import { chance, exponential, pick, uniform, uuid, weighted, type Rng } from './random';

/** Who the customer is and how they behave; everything else is derived from this. */
export interface Profile {
  region: Region;
  currency: SeedCurrency;
  firstName: string;
  lastName: string;
  country: string;
  city: string;
  acquisitionChannel: string;
  /** Null for anonymous visitors. */
  email: string | null;
  /** A few buyers switch to a new address; both stay linked, the trait follows the new one. */
  emailChange: { at: number; email: string } | null;
  phone: string | null;
  /** The shop's account id; buyers only. */
  userId: string | null;
  wechatOpenId: string | null;
  /** Browser cookie id; web users only. */
  anonymousId: string | null;
  /** App installs; a second device takes over at deviceSwitchAt. */
  deviceIds: string[];
  deviceSwitchAt: number;
  firstVisit: number;
  /** End of the customer's activity: asOf for the living, a little after the last order for the dead. */
  activeEnd: number;
  /** Buyers only: the BG/NBD / Gamma-Gamma draw. */
  history: BuyerHistory | null;
}

const REGIONS: readonly (readonly [Region, number])[] = [['US', 72], ['EU', 18], ['CN', 10]];
const CURRENCY: Readonly<Record<Region, SeedCurrency>> = { US: 'USD', EU: 'EUR', CN: 'CNY' };
/** Phones are +1 555 plus seven digits of the customer number, so at most this many customers get one. */
const MAX_PHONES = 10_000_000;
const OPENID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function emailLocal(first: string, last: string): string {
  return `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
}

/** WeChat openids are 28 characters starting with "o"; 162 random bits make a repeat negligible. */
function openId(rng: Rng): string {
  let s = 'o';
  for (let i = 0; i < 27; i++) s += OPENID_ALPHABET[rng.u32() & 63];
  return s;
}

export function drawProfile(ctx: CustomerContext, params: SeedModelParams): Profile {
  const { rng, asOf } = ctx;
  const n = customerNumber(ctx);
  const region = weighted(rng, REGIONS);
  const firstName = pick(rng, FIRST_NAMES[region]);
  const lastName = pick(rng, LAST_NAMES[region]);
  const [country, city] = weighted(rng, PLACES[region].map(([c, town, w]) => [[c, town], w] as const));
  const buyer = !chance(rng, PROSPECT_SHARE);

  // Buyers have an account (email, user id); about half the prospects left an email for the newsletter.
  const identified = buyer || chance(rng, 0.45);
  const email = identified
    ? `${emailLocal(firstName, lastName)}.${ctx.index + 1}@${chance(rng, 0.8) ? 'example.com' : 'example.org'}`
    : null;
  const phone = identified && ctx.index + 1 < MAX_PHONES && chance(rng, 0.65) ? `+1555${n}` : null;

  const usesWeb = chance(rng, 0.8);
  const usesApp = chance(rng, 0.45) || !usesWeb;
  const anonymousId = usesWeb ? uuid(rng) : null;
  const deviceIds = usesApp ? (chance(rng, 0.15) ? [uuid(rng), uuid(rng)] : [uuid(rng)]) : [];
  const wechatOpenId = region === 'CN' && (buyer || usesApp) ? openId(rng) : null;

  let history: BuyerHistory | null = null;
  let firstVisit: number;
  let activeEnd: number;
  if (buyer) {
    const birth = Math.floor(asOf - uniform(rng, 0, BIRTH_WINDOW_DAYS) * DAY_MS);
    history = simulateBuyer(rng, params, birth, asOf);
    // Most people browse a little before their first order; capped so nothing predates the demo sources.
    firstVisit = birth - Math.floor(Math.min(exponential(rng, 1 / 7), 45) * DAY_MS);
    const last = history.purchases[history.purchases.length - 1].at;
    activeEnd = history.aliveAtEnd ? asOf : Math.min(asOf, last + Math.floor(uniform(rng, 0, 60) * DAY_MS));
  } else {
    firstVisit = Math.floor(asOf - uniform(rng, 0, BIRTH_WINDOW_DAYS) * DAY_MS);
    activeEnd = Math.min(asOf, firstVisit + Math.floor(exponential(rng, 1 / 45) * DAY_MS));
  }

  // The new address drops the dots, so it cannot equal anyone's first address; the number keeps it unique.
  const emailChange =
    history && chance(rng, 0.04)
      ? {
          at: Math.floor(uniform(rng, history.purchases[0].at, activeEnd)),
          email: `${emailLocal(firstName, lastName).replace(/\./g, '')}${ctx.index + 1}@example.org`,
        }
      : null;

  return {
    region,
    currency: CURRENCY[region],
    firstName,
    lastName,
    country,
    city,
    acquisitionChannel: weighted(rng, ACQUISITION_CHANNELS),
    email,
    emailChange,
    phone,
    userId: buyer ? `usr_${n}` : null,
    wechatOpenId,
    anonymousId,
    deviceIds,
    deviceSwitchAt: Math.floor(uniform(rng, firstVisit, activeEnd)),
    firstVisit,
    activeEnd,
    history,
  };
}
