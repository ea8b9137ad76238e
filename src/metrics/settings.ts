import { ConfigError } from '../shared/configError';
import { DEFAULT_AIPL_SETTINGS, type AiplSettings } from './aipl';
import { DEFAULT_LIFECYCLE_THRESHOLDS, type LifecycleThresholds } from './lifecycle';
import type { ChurnModel, ModelTimeUnit } from './predict';

/** How computed fields are scored and kept fresh; read once from the environment by config.ts. */
export interface MetricsSettings {
  /** IANA zone whose calendar days every day count uses (BUSINESS_TIMEZONE). */
  timezone: string;
  /** Frequency and monetary count the orders at most this many days ago (RFM_WINDOW_DAYS, default 365). */
  rfmWindowDays: number;
  lifecycle: LifecycleThresholds;
  aipl: AiplSettings;
  /** Seconds between two runs of the freshness sweep; 0 disables it (METRICS_SWEEP_INTERVAL_SECONDS, default 3600). */
  sweepIntervalSeconds: number;
  /**
   * Connections a full re-score works on at once, each computing and writing the profiles of its share of the id space
   * (RECOMPUTE_CONNECTIONS, default 2; PGlite has one). More than the database's cores only adds contention.
   */
  recomputeConnections: number;
  /** The churn / LTV models: which one scores churn, their time unit, the bands and the refit schedule. */
  model: ModelSettings;
}

export interface ModelSettings {
  /** The transaction model behind P(alive), churnRisk and LTV (CHURN_MODEL, default MBGNBD); both are always fitted. */
  churnModel: ChurnModel;
  /** Unit of t_x, T and the fitted parameters of new fits (MODEL_TIME_UNIT, default DAYS). */
  timeUnit: ModelTimeUnit;
  /** churnRisk.band is MEDIUM above this churn score (CHURN_BAND_MEDIUM, default 0.5, i.e. P(alive) < 0.5). */
  bandMedium: number;
  /** … and HIGH above this one (CHURN_BAND_HIGH, default 0.8, i.e. P(alive) < 0.2). */
  bandHigh: number;
  /** A scheduled refit when the latest fit is older than this; 0 disables scheduled refits (MODEL_REFIT_INTERVAL_HOURS, 24). */
  refitIntervalHours: number;
  /** Scheduled refits wait for this many buyers (MODEL_MIN_BUYERS, default 100); `refitModels` needs only one. */
  minBuyers: number;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toUpperCase();
  if (!(values as readonly string[]).includes(v)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return v as T;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${raw}"`);
  return n;
}

export function parseModelSettings(env: NodeJS.ProcessEnv): ModelSettings {
  const settings: ModelSettings = {
    churnModel: oneOf(env, 'CHURN_MODEL', ['BGNBD', 'MBGNBD'] as const, 'MBGNBD'),
    timeUnit: oneOf(env, 'MODEL_TIME_UNIT', ['DAYS', 'WEEKS'] as const, 'DAYS'),
    bandMedium: probability(env, 'CHURN_BAND_MEDIUM', 0.5),
    bandHigh: probability(env, 'CHURN_BAND_HIGH', 0.8),
    refitIntervalHours: wholeNumber(env, 'MODEL_REFIT_INTERVAL_HOURS', 24, 8760),
    minBuyers: wholeNumber(env, 'MODEL_MIN_BUYERS', 100, 1_000_000_000),
  };
  if (settings.bandMedium > settings.bandHigh) throw new ConfigError('CHURN_BAND_MEDIUM must not exceed CHURN_BAND_HIGH');
  return settings;
}

function wholeDays(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 36_500) throw new ConfigError(`${name} must be a whole number of days from 1 to 36500, got "${raw}"`);
  return n;
}

function probability(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(`${name} must be a probability from 0 to 1, got "${raw}"`);
  return n;
}

/** Event names separated by `|` (names may contain commas and spaces). */
function names(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return raw.split('|').map((s) => s.trim()).filter(Boolean);
}

export function parseMetricsSettings(env: NodeJS.ProcessEnv, timezone: string): MetricsSettings {
  const lifecycle: LifecycleThresholds = {
    newDays: wholeDays(env, 'LIFECYCLE_NEW_DAYS', DEFAULT_LIFECYCLE_THRESHOLDS.newDays),
    dormantDays: wholeDays(env, 'LIFECYCLE_DORMANT_DAYS', DEFAULT_LIFECYCLE_THRESHOLDS.dormantDays),
    churnedDays: wholeDays(env, 'LIFECYCLE_CHURNED_DAYS', DEFAULT_LIFECYCLE_THRESHOLDS.churnedDays),
    churnedPAlive: probability(env, 'LIFECYCLE_CHURNED_P_ALIVE', DEFAULT_LIFECYCLE_THRESHOLDS.churnedPAlive),
    atRiskPAlive: probability(env, 'LIFECYCLE_AT_RISK_P_ALIVE', DEFAULT_LIFECYCLE_THRESHOLDS.atRiskPAlive),
  };
  if (!(lifecycle.newDays < lifecycle.dormantDays && lifecycle.dormantDays < lifecycle.churnedDays)) {
    throw new ConfigError('LIFECYCLE_NEW_DAYS < LIFECYCLE_DORMANT_DAYS < LIFECYCLE_CHURNED_DAYS must hold');
  }
  if (lifecycle.churnedPAlive > lifecycle.atRiskPAlive) {
    throw new ConfigError('LIFECYCLE_CHURNED_P_ALIVE must not exceed LIFECYCLE_AT_RISK_P_ALIVE');
  }
  const sweep = env.METRICS_SWEEP_INTERVAL_SECONDS;
  const sweepIntervalSeconds = sweep === undefined || sweep === '' ? 3600 : Number(sweep);
  if (!Number.isInteger(sweepIntervalSeconds) || sweepIntervalSeconds < 0) {
    throw new ConfigError(`METRICS_SWEEP_INTERVAL_SECONDS must be a whole number of seconds (0 disables the sweep), got "${sweep}"`);
  }
  const connections = env.RECOMPUTE_CONNECTIONS;
  const recomputeConnections = connections === undefined || connections === '' ? 2 : Number(connections);
  if (!Number.isInteger(recomputeConnections) || recomputeConnections < 1 || recomputeConnections > 16) {
    throw new ConfigError(`RECOMPUTE_CONNECTIONS must be a whole number from 1 to 16, got "${connections}"`);
  }
  return {
    timezone,
    rfmWindowDays: wholeDays(env, 'RFM_WINDOW_DAYS', 365),
    lifecycle,
    aipl: {
      awarenessEvents: names(env, 'AIPL_AWARENESS_EVENTS', DEFAULT_AIPL_SETTINGS.awarenessEvents),
      interestEvents: names(env, 'AIPL_INTEREST_EVENTS', DEFAULT_AIPL_SETTINGS.interestEvents),
      interestWindowDays: wholeDays(env, 'AIPL_INTEREST_WINDOW_DAYS', DEFAULT_AIPL_SETTINGS.interestWindowDays),
    },
    sweepIntervalSeconds,
    recomputeConnections,
    model: parseModelSettings(env),
  };
}
