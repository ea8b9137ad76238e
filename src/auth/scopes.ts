export const SCOPES = ['profiles:read', 'pii:read', 'segments:read', 'segments:write', 'ingest:write', 'subscribe', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Who is calling: the key's id (never the secret) and what it may do. */
export interface Principal {
  keyId: string;
  name: string;
  scopes: ReadonlySet<Scope>;
  sourceId: string | null;
}

/** `admin` implies every scope. */
export function hasScope(principal: Principal | null, scope: Scope): boolean {
  return !!principal && (principal.scopes.has('admin') || principal.scopes.has(scope));
}
