import { connectedGroups, type BatchMessage } from '../../../src/identity/resolve';

const msg = (index: number, ...ids: string[]): BatchMessage => ({
  index,
  messageId: `m${index}`,
  occurredAt: new Date('2026-01-01T00:00:00Z'),
  identities: ids.map((id) => {
    const [type, value] = id.split(':');
    return { type, value };
  }),
  alias: false,
});

const sorted = (groups: number[][]) => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);

describe('connectedGroups', () => {
  it.each([
    ['no shared identifier, no shared profile', [msg(0, 'email:a'), msg(1, 'email:b')], {}, [[0], [1]]],
    ['a shared identifier', [msg(0, 'email:a', 'anonymous_id:x'), msg(1, 'anonymous_id:x')], {}, [[0, 1]]],
    ['a chain through identifiers', [msg(0, 'email:a', 'anonymous_id:x'), msg(1, 'anonymous_id:x', 'phone:1'), msg(2, 'phone:1')], {}, [[0, 1, 2]]],
    ['different identifiers of one stored profile', [msg(0, 'email:a'), msg(1, 'user_id:u')], { 'email\u0000a': 'P', 'user_id\u0000u': 'P' }, [[0, 1]]],
    ['identifiers of different stored profiles', [msg(0, 'email:a'), msg(1, 'user_id:u')], { 'email\u0000a': 'P', 'user_id\u0000u': 'Q' }, [[0], [1]]],
  ])('%s', (_, messages, roots, expected) => {
    const owners = new Map(Object.entries(roots as Record<string, string>));
    expect(sorted(connectedGroups(messages, (key) => owners.get(key)))).toEqual(expected);
  });
});
