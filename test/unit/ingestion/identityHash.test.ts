import { createHash } from 'node:crypto';
import { identityHash } from '../../../src/ingestion/ingest.repo';

// Erasure tombstones and split records store these hashes: a different one for the same identity would let an erased
// person's late events in again and forget which identities a split separated.
test('an identity hash is the SHA-256 of type, NUL, value, in hex, the same on every call', () => {
  const expected = createHash('sha256').update(Buffer.from('email\u0000ann@example.com', 'utf8')).digest('hex');
  expect(identityHash({ type: 'email', value: 'ann@example.com' })).toBe(expected);
  expect(identityHash({ type: 'email', value: 'ann@example.com' })).toBe(expected);
  expect(identityHash({ type: 'email', value: 'ann@example.co' })).not.toBe(expected);
  expect(identityHash({ type: 'user_id', value: 'ann@example.com' })).not.toBe(expected);
});

test('past the cache size, hashes are still right', () => {
  const first = identityHash({ type: 'user_id', value: 'u-0' });
  for (let i = 1; i <= 60_000; i++) identityHash({ type: 'user_id', value: `u-${i}` });
  expect(identityHash({ type: 'user_id', value: 'u-0' })).toBe(first);
  expect(identityHash({ type: 'user_id', value: 'u-59999' })).toBe(createHash('sha256').update('user_id\u0000u-59999').digest('hex'));
});
