import { ConfigError } from '../shared/configError';
import { DEFAULT_AIPL_SETTINGS, type AiplSettings } from './aipl';
import { DEFAULT_LIFECYCLE_THRESHOLDS, type LifecycleThresholds } from './lifecycle';

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
  };
}
