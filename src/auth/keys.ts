import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiKeys } from './apiKey.table';
import { isScope, type Principal, type Scope } from './scopes';

const KEY_PREFIX = 'sk_';

/** 256 random bits; the prefix makes keys recognisable to secret scanners. */
export function generateKeySecret(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** A fast hash is right here: the secret has 256 bits of entropy, so there is nothing to brute-force. */
export function hashKey(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function parseScopes(list: string[]): Scope[] {
  const bad = list.filter((s) => !isScope(s));
  if (bad.length) throw new Error(`unknown scope(s): ${bad.join(', ')}`);
  if (!list.length) throw new Error('a key needs at least one scope');
  return [...new Set(list)] as Scope[];
}

export interface CreatedKey {
  id: string;
  secret: string;
  name: string;
  scopes: Scope[];
}

export async function createApiKey(
  db: Db,
  input: { name: string; scopes: string[]; sourceId?: string | null; expiresAt?: Date | null },
): Promise<CreatedKey> {
  const scopes = parseScopes(input.scopes);
  const secret = generateKeySecret();
  const [row] = await db
    .insert(apiKeys)
    .values({
      name: input.name,
      keyHash: hashKey(secret),
      prefix: secret.slice(0, 10),
      scopes,
      sourceId: input.sourceId ?? null,
      expiresAt: input.expiresAt ?? null,
    })
    .returning({ id: apiKeys.id });
  return { id: row.id, secret, name: input.name, scopes };
}

export async function listApiKeys(db: Db) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      sourceId: apiKeys.sourceId,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(asc(apiKeys.createdAt));
}

/** Revoke by id or by the printed prefix; returns how many keys were revoked. */
export async function revokeApiKey(db: Db, idOrPrefix: string): Promise<number> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  const result = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(byId ? eq(apiKeys.id, idOrPrefix) : eq(apiKeys.prefix, idOrPrefix), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return result.length;
}

/**
 * A key by id as it stands now, uncached: null when unknown, revoked or expired at `now`. For what must follow a
 * revocation at once (a webhook's PII key), where the authenticator's cache would lag by its TTL.
 */
export async function activeKeyById(db: Db, id: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes, sourceId: apiKeys.sourceId, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.id, id))
    .limit(1);
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
  return { keyId: row.id, name: row.name, scopes: new Set(row.scopes.filter(isScope)), sourceId: row.sourceId };
}

interface CacheEntry {
  principal: Principal | null;
  expiresAt: Date | null;
  cachedAt: number;
}

/**
 * Authenticates bearer keys with a per-process cache, so the hot path costs one hash and one map lookup.
 * Entries live `ttlMs`: a key revoked through another process stops working within that time (immediately
 * through this one).
 */
export class KeyAuthenticator {
  private cache = new Map<string, CacheEntry>();
  private readonly lookup;
  private readonly adminHash: Buffer | null;

  constructor(
    db: Db,
    adminKey: string | null,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.adminHash = adminKey ? hashKey(adminKey) : null;
    this.lookup = db
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        scopes: apiKeys.scopes,
        sourceId: apiKeys.sourceId,
        expiresAt: apiKeys.expiresAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, sql.placeholder('hash')))
      .limit(1)
      .prepare('api_key_by_hash');
  }

  async authenticate(secret: string): Promise<Principal | null> {
    if (!secret) return null;
    const hash = hashKey(secret);
    if (this.adminHash && timingSafeEqual(hash, this.adminHash)) {
      return { keyId: 'env:STRATA_ADMIN_KEY', name: 'STRATA_ADMIN_KEY', scopes: new Set<Scope>(['admin']), sourceId: null };
    }
    const cacheKey = hash.toString('hex');
    const now = this.now();
    let entry = this.cache.get(cacheKey);
    if (!entry || now - entry.cachedAt > this.ttlMs) {
      const [row] = await this.lookup.execute({ hash });
      entry = {
        principal:
          row && !row.revokedAt
            ? { keyId: row.id, name: row.name, scopes: new Set(row.scopes.filter(isScope)), sourceId: row.sourceId }
            : null,
        expiresAt: row?.expiresAt ?? null,
        cachedAt: now,
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(cacheKey, entry);
    }
    if (entry.expiresAt && entry.expiresAt.getTime() <= now) return null;
    return entry.principal;
  }

  /** Forget cached keys (after a revocation through this process). */
  invalidate(): void {
    this.cache.clear();
  }
}

/** `Authorization: Bearer <key>` → the key, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return m ? m[1] : null;
}
