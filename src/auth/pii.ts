import type { Config } from '../config';
import { hasScope, type Principal } from './scopes';

/**
 * The PII policy, in one place: identity values of PII types and PII trait keys are masked (null) for callers
 * without `pii:read`.
 */
export class PiiPolicy {
  private readonly identityTypes: Set<string>;
  private readonly traitKeys: Set<string>;

  constructor(config: Pick<Config, 'piiIdentityTypes' | 'piiTraitKeys'>) {
    this.identityTypes = new Set(config.piiIdentityTypes.map((t) => t.toLowerCase()));
    this.traitKeys = new Set(config.piiTraitKeys.map((k) => k.toLowerCase()));
  }

  /** A namespaced type (`email:work`) is PII when its base type is. */
  isPiiIdentityType(type: string): boolean {
    return this.identityTypes.has(type.toLowerCase().split(':')[0]);
  }

  isPiiTrait(key: string): boolean {
    return this.traitKeys.has(key.toLowerCase());
  }

  canSeePii(principal: Principal | null): boolean {
    return hasScope(principal, 'pii:read');
  }

  identityValue(principal: Principal | null, type: string, value: string): string | null {
    return this.isPiiIdentityType(type) && !this.canSeePii(principal) ? null : value;
  }

  traits(principal: Principal | null, traits: Record<string, unknown>): Record<string, unknown> {
    if (this.canSeePii(principal)) return traits;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(traits)) out[key] = this.isPiiTrait(key) ? null : value;
    return out;
  }
}
