/**
 * The documented knobs of the demo data. The BG/NBD and Gamma-Gamma values are the ground truth a maximum-
 * likelihood fit on the seeded buyers should recover (seeds/README.md explains the choice); the rest only shapes
 * how the data looks.
 */

export const SEED_MODEL_PARAMS = {
  /** Every rate and scale below is per day; a fit must measure t_x and T in days too (MODELS.md §9.1). */
  timeUnit: 'DAYS',
  /**
   * BG/NBD (Fader, Hardie & Lee 2005, MODELS.md §2.1): λ ~ Gamma(r, rate α) purchases per day, so the mean
   * buyer orders every α/r ≈ 53 days; after each repeat purchase the buyer drops out with p ~ Beta(a, b),
   * mean a/(a+b) ≈ 0.24.
   */
  bgnbd: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
  /**
   * Gamma-Gamma (MODELS.md §2.4): each order's value z ~ Gamma(shape p, rate ν), ν ~ Gamma(shape q, rate γ),
   * so E(Z) = pγ/(q−1) = $80 and the spread across customers is wide but finite (q > 2).
   */
  gammaGamma: { p: 6, q: 4, gamma: 40 },
} as const;

export type SeedModelParams = typeof SEED_MODEL_PARAMS;

/** First purchases ("births") fall uniformly in this many days before asOf. */
export const BIRTH_WINDOW_DAYS = 540;
/** Share of customers who never order: visitors and newsletter sign-ups. */
export const PROSPECT_SHARE = 0.25;
/** Share of orders refunded, fully or partly. */
export const REFUND_RATE = 0.05;

/** Order values are modelled in the reporting currency; local totals are derived with these fixed rates. */
export const SEED_REPORTING_CURRENCY = 'USD';
/**
 * 1 unit of the key = this many USD, in hundredths. Two decimals on purpose: a 2-decimal total times a 2-decimal
 * rate is exact at 4 decimals, which is what money columns keep, so total_reporting needs no rounding.
 * Same meaning as CURRENCY_RATES=EUR=1.08,CNY=0.14 in the server config.
 */
export const SEED_CURRENCY_RATES = { USD: 100, EUR: 108, CNY: 14 } as const;
export type SeedCurrency = keyof typeof SEED_CURRENCY_RATES;

export type SeedSourceName = 'web' | 'app' | 'crm' | 'shop' | 'service';

/**
 * Fixed ids so appended runs and other tools can refer to the demo sources. Priority breaks trait ties: the CRM
 * is the system of record for names and plans, the browser the least trusted.
 */
export const SEED_SOURCES: Readonly<Record<SeedSourceName, { id: string; priority: number }>> = {
  web: { id: '5eed0000-0000-4000-8000-000000000001', priority: 10 },
  app: { id: '5eed0000-0000-4000-8000-000000000002', priority: 20 },
  crm: { id: '5eed0000-0000-4000-8000-000000000003', priority: 50 },
  shop: { id: '5eed0000-0000-4000-8000-000000000004', priority: 40 },
  service: { id: '5eed0000-0000-4000-8000-000000000005', priority: 30 },
};

/** The demo sources "exist" from this many days before asOf: before any seeded activity. */
export const SOURCES_CREATED_DAYS_BEFORE = 600;
