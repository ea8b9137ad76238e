/**
 * Canonical form of an identity (type, value), the same on ingest and on lookup. Types are lower-case; a namespace
 * after a colon is kept as sent (`wechat_openid:wx1234`, since an open id is only unique per app).
 */
export function normalizeIdentityType(type: string): string {
  const [base, ...ns] = type.trim().split(':');
  return [base.toLowerCase(), ...ns].join(':');
}

export function normalizeIdentityValue(type: string, value: string): string {
  const base = normalizeIdentityType(type).split(':')[0];
  const v = value.trim();
  if (base === 'email') return v.toLowerCase();
  if (base === 'phone') return v.replace(/[\s().-]/g, '');
  return v;
}
