import { ConfigError } from './shared/configError';
import path from 'node:path';
import { parseIdentityRules, type IdentityRules } from './identity/rules';
import { parseFeedbackEvents, type FeedbackEventNames } from './ingestion/segment';
import { parseMetricsSettings, type MetricsSettings } from './metrics/settings';
import { DEFAULT_REPURCHASE, type RepurchaseSettings } from './segments/builtins';
import { DEFAULT_WRITERS } from './ingestion/writer';
import { parseWebhookSettings, type WebhookSettings } from './delivery/webhook.settings';

/** Everything configurable, read and validated once at start. */
export interface Config {
  port: number;
  databaseUrl: string | null;
  /** Directory of the embedded PGlite database (used when databaseUrl is null). */
  dataDir: string;
  /** Directory holding drizzle migrations; resolved from the working directory, not from dist/. */
  migrationsDir: string;
  reportingCurrency: string;
  /** Rates into the reporting currency: 1 unit of KEY = VALUE units of the reporting currency. */
  currencyRates: Record<string, string>;
  businessTimezone: string;
  adminKey: string | null;
  /** Identity types whose values are PII (masked without pii:read). */
  piiIdentityTypes: string[];
  /** Trait keys whose values are PII (masked without pii:read). */
  piiTraitKeys: string[];
  /** Customers seeded on the first start of an empty embedded database. */
  firstRunSeedCustomers: number;
  maxQueryDepth: number;
  maxQueryComplexity: number;
  logLevel: 'silent' | 'error' | 'info';
  /** Identity normalisation, blocklist, limits and priority (PHONE_DEFAULT_REGION, IDENTITY_*). */
  identityRules: IdentityRules;
  /** Track event names that record feedback (FEEDBACK_EVENT_NAMES). */
  feedbackEvents: FeedbackEventNames;
  /** Traits where the earliest observation wins (first touch), e.g. acquisition channel. */
  firstTouchTraits: string[];
  /** RFM window, lifecycle and AIPL thresholds, freshness sweep (RFM_*, LIFECYCLE_*, AIPL_*, METRICS_*). */
  metrics: MetricsSettings;
  /** The built-in "Repurchase due" segment: consumable categories and their cycle (REPURCHASE_CATEGORIES, REPURCHASE_DAYS). */
  repurchase: RepurchaseSettings;
  /** Seconds between two runs of the segments' time sweep; 0 disables it (SEGMENT_SWEEP_INTERVAL_SECONDS, default 600). */
  segmentSweepIntervalSeconds: number;
  /** Ingest transactions of one source in flight at once per process (INGEST_WRITERS, default 2; see ingestion/writer.ts). */
  ingestWriters: number;
  /** Members read per statement by the bulk export (EXPORT_CHUNK_SIZE, default 5000). */
  exportChunkSize: number;
  /** Webhook delivery: retries, batching, timeouts and the URL policy (WEBHOOK_*). */
  webhooks: WebhookSettings;
  /** Subscriptions: changes a live subscriber may have waiting (SUBSCRIPTION_BUFFER, default 1000) and the poll behind NOTIFY (SUBSCRIPTION_POLL_MS, default 5000). */
  subscriptions: { bufferLimit: number; pollMs: number };
}

export { ConfigError };

const DEFAULT_PII_TRAITS = [
  'email', 'phone', 'name', 'first_name', 'last_name', 'firstName', 'lastName',
  'address', 'street', 'birthday', 'birthdate', 'dob',
];

const DEFAULT_FIRST_TOUCH = ['acquisition_channel', 'first_source', 'initial_referrer', 'initial_utm_source', 'initial_utm_medium', 'initial_utm_campaign'];

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function parseRates(raw: string | undefined): Record<string, string> {
  const rates: Record<string, string> = {};
  for (const pair of list(raw)) {
    const m = /^([A-Za-z]{3})=(\d+(?:\.\d+)?)$/.exec(pair);
    if (!m) throw new ConfigError(`CURRENCY_RATES entries look like EUR=1.08, got "${pair}"`);
    rates[m[1].toUpperCase()] = m[2];
  }
  return rates;
}

function timezone(raw: string | undefined): string {
  const tz = raw || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(`BUSINESS_TIMEZONE "${tz}" is not an IANA time zone`);
  }
  return tz;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const currency = (env.REPORTING_CURRENCY || 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new ConfigError(`REPORTING_CURRENCY must be an ISO 4217 code, got "${currency}"`);
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!['silent', 'error', 'info'].includes(logLevel)) throw new ConfigError('LOG_LEVEL must be silent, error or info');
  const businessTimezone = timezone(env.BUSINESS_TIMEZONE);
  return {
    port: int(env, 'PORT', 4000),
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(env.STRATA_DATA_DIR || '.data'),
    migrationsDir: path.resolve(env.STRATA_MIGRATIONS_DIR || 'drizzle'),
    reportingCurrency: currency,
    currencyRates: parseRates(env.CURRENCY_RATES),
    businessTimezone,
    adminKey: env.STRATA_ADMIN_KEY || null,
    piiIdentityTypes: ['email', 'phone', ...list(env.PII_IDENTITY_TYPES)],
    piiTraitKeys: [...DEFAULT_PII_TRAITS, ...list(env.PII_TRAIT_KEYS)],
    firstRunSeedCustomers: int(env, 'FIRST_RUN_SEED_CUSTOMERS', 2000),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 8, 1),
    maxQueryComplexity: int(env, 'MAX_QUERY_COMPLEXITY', 250_000, 1),
    logLevel,
    identityRules: parseIdentityRules(env),
    feedbackEvents: parseFeedbackEvents(env),
    firstTouchTraits: env.FIRST_TOUCH_TRAITS !== undefined ? list(env.FIRST_TOUCH_TRAITS) : DEFAULT_FIRST_TOUCH,
    metrics: parseMetricsSettings(env, businessTimezone),
    repurchase: {
      categories: env.REPURCHASE_CATEGORIES !== undefined && list(env.REPURCHASE_CATEGORIES).length ? list(env.REPURCHASE_CATEGORIES) : DEFAULT_REPURCHASE.categories,
      days: int(env, 'REPURCHASE_DAYS', DEFAULT_REPURCHASE.days, 2),
    },
    segmentSweepIntervalSeconds: int(env, 'SEGMENT_SWEEP_INTERVAL_SECONDS', 600, 0),
    ingestWriters: int(env, 'INGEST_WRITERS', DEFAULT_WRITERS, 1),
    exportChunkSize: int(env, 'EXPORT_CHUNK_SIZE', 5000, 1),
    webhooks: parseWebhookSettings(env),
    subscriptions: { bufferLimit: int(env, 'SUBSCRIPTION_BUFFER', 1000, 1), pollMs: int(env, 'SUBSCRIPTION_POLL_MS', 5000, 50) },
  };
}
