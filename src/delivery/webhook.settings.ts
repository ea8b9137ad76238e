import { ConfigError } from '../shared/configError';
import { graceProblem, type RetrySettings, type UrlPolicy } from './webhook';

/** Webhook delivery settings (WEBHOOK_*), read once by config.ts. */
export interface WebhookSettings extends RetrySettings {
  /** Milliseconds an attempt may take, connection to last byte (WEBHOOK_TIMEOUT_MS, default 10000). */
  timeoutMs: number;
  /** Changes per delivery at most (WEBHOOK_MAX_BATCH, default 100). */
  maxBatch: number;
  /** Milliseconds between two polls backing NOTIFY up (WEBHOOK_POLL_MS, default 5000). */
  pollMs: number;
  /** Endpoints one process delivers to at the same time (WEBHOOK_CONCURRENCY, default 8). */
  concurrency: number;
  urlPolicy: UrlPolicy;
  /** Seconds the previous secret keeps signing after rotateWebhookSecret without `graceSeconds` (WEBHOOK_SECRET_GRACE_SECONDS, default 86400). */
  secretGraceSeconds: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(`${name} must be 1 or 0, got "${env[name]}"`);
}

export function parseWebhookSettings(env: NodeJS.ProcessEnv): WebhookSettings {
  const allowedHosts = (env.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const h of allowedHosts) {
    if (!/^(\*\.)?[A-Za-z0-9.:_-]+$/.test(h)) throw new ConfigError(`WEBHOOK_ALLOWED_HOSTS entries look like example.com or *.example.com, got "${h}"`);
  }
  const backoffBaseMs = int(env, 'WEBHOOK_BACKOFF_BASE_MS', 1000, 1);
  const backoffMaxMs = int(env, 'WEBHOOK_BACKOFF_MAX_MS', 600_000, 1);
  if (backoffMaxMs < backoffBaseMs) throw new ConfigError('WEBHOOK_BACKOFF_MAX_MS must be >= WEBHOOK_BACKOFF_BASE_MS');
  const secretGraceSeconds = int(env, 'WEBHOOK_SECRET_GRACE_SECONDS', 86_400, 0);
  const graceRefused = graceProblem(secretGraceSeconds);
  if (graceRefused) throw new ConfigError(`WEBHOOK_SECRET_GRACE_SECONDS: ${graceRefused.replace(/^graceSeconds /, '')}`);
  return {
    maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 12, 1),
    backoffBaseMs,
    backoffMaxMs,
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100),
    maxBatch: int(env, 'WEBHOOK_MAX_BATCH', 100, 1),
    pollMs: int(env, 'WEBHOOK_POLL_MS', 5000, 50),
    concurrency: int(env, 'WEBHOOK_CONCURRENCY', 8, 1),
    urlPolicy: { allowPrivate: flag(env, 'WEBHOOK_ALLOW_PRIVATE'), allowedHosts },
    secretGraceSeconds,
  };
}
