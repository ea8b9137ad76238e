import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import type { Principal } from '../../../src/auth/scopes';
import { EventShare, permissionClass } from '../../../src/delivery/share';
import { mapEvents, selectionKey, sharedSubscribe } from '../../../src/delivery/sharedSubscribe';

const principal = (...scopes: string[]): Principal => ({ keyId: 'k', name: 'k', scopes: new Set(scopes) as Principal['scopes'], sourceId: null });

describe('permissionClass', () => {
  it.each([
    ['no principal', null, '-'],
    ['admin implies every scope', principal('admin', 'subscribe'), 'admin'],
    ['scopes in any order', principal('subscribe', 'segments:read', 'pii:read'), 'pii:read,segments:read,subscribe'],
    ['the same without pii:read differs', principal('segments:read', 'subscribe'), 'segments:read,subscribe'],
  ])('%s', (_what, p, expected) => {
    expect(permissionClass(p)).toBe(expected);
  });
});

describe('EventShare', () => {
  test('one computation per entry and share key; one context per page and permission class', () => {
    const share = new EventShare();
    const page = share.register([{ cursor: '1' }, { cursor: '2' }]);
    const other = share.register([{ cursor: '3' }]);
    const contexts: string[] = [];
    const newContext = (p: string) => () => {
      contexts.push(p);
      return { p, n: contexts.length };
    };
    const run = (entry: object, key: string, p: string) =>
      share.result(entry, key, p, newContext(p), (ctx) => ({ ctx, entry }));

    const a = run(page[0], 'admin\nq1', 'admin');
    expect(run(page[0], 'admin\nq1', 'admin')).toBe(a);
    const b = run(page[1], 'admin\nq1', 'admin');
    expect(b).not.toBe(a);
    expect(b.ctx).toBe(a.ctx);
    expect(run(page[0], 'admin\nq2', 'admin').ctx).toBe(a.ctx);
    const reader = run(page[0], 'r\nq1', 'r');
    expect(reader).not.toBe(a);
    expect(reader.ctx).not.toBe(a.ctx);
    expect(run(other[0], 'admin\nq1', 'admin').ctx).not.toBe(a.ctx);
    expect(contexts).toEqual(['admin', 'r', 'admin']);
    expect(share.computed).toBe(5);

    // An entry never registered is a page of its own.
    const loose = { cursor: '9' };
    expect(run(loose, 'admin\nq1', 'admin')).toBe(run(loose, 'admin\nq1', 'admin'));
    expect(share.computed).toBe(6);
  });
});

// A toy schema in the shape of Strata's: a shareable stream whose argument only filters, a field masked by permission.
const Change = new GraphQLObjectType({
  name: 'Change',
  fields: {
    cursor: { type: GraphQLString },
    label: { type: GraphQLString, args: { prefix: { type: GraphQLString } }, resolve: (c: { cursor: string }, a: { prefix?: string }) => `${a.prefix ?? ''}${c.cursor}` },
    secret: {
      type: GraphQLString,
      resolve: (c: { cursor: string }, _a: unknown, ctx: Ctx) => {
        ctx.executions.push(c.cursor);
        return ctx.pii ? `secret-${c.cursor}` : null;
      },
    },
  },
});
interface Ctx {
  pii: boolean;
  executions: string[];
  source: AsyncIterable<object>;
}
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      changes: { type: Change, args: { segment: { type: GraphQLString } }, subscribe: (_r: unknown, _a: unknown, ctx: Ctx) => ctx.source, resolve: (e: unknown) => e },
      other: { type: Change, subscribe: (_r: unknown, _a: unknown, ctx: Ctx) => ctx.source, resolve: (e: unknown) => e },
    },
  }),
});
const SHAREABLE = new Set(['changes']);

describe('selectionKey', () => {
  const key = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
    selectionKey(schema, parse(query), operationName, variables, SHAREABLE);

  test('the root field\'s arguments, literal or variable, do not enter the key', () => {
    const q = 'subscription ($s: String) { changes(segment: $s) { cursor } }';
    expect(key(q, { s: 'a' })).not.toBeNull();
    expect(key(q, { s: 'a' })).toBe(key(q, { s: 'b' }));
    const literal = 'subscription { changes(segment: "a") { cursor } }';
    expect(key(literal)).not.toBe(key(q));
  });

  it.each([
    ['a variable of a nested field', 'subscription ($p: String) { changes { label(prefix: $p) } }', 'x', 'y'],
    ['a variable of a directive on the root field', 'subscription ($p: Boolean!) { changes @include(if: $p) { cursor } }', true, false],
    ['a variable used in a fragment', 'subscription ($p: String) { changes { ...F } } fragment F on Change { label(prefix: $p) }', 'x', 'y'],
  ])('%s enters the key', (_what, q, one, two) => {
    expect(key(q, { p: one })).not.toBeNull();
    expect(key(q, { p: one })).not.toBe(key(q, { p: two }));
  });

  it.each([
    ['a root field that is not shareable', 'subscription { other { cursor } }'],
    ['a query', '{ ok }'],
    ['an unknown operation name', 'subscription A { changes { cursor } }'],
  ])('%s: null', (_what, q) => {
    expect(key(q, {}, q.includes(' A ') ? 'B' : undefined)).toBeNull();
  });

  test('a root field reached through a fragment on Subscription', () => {
    const q = 'subscription ($s: String) { ...R } fragment R on Subscription { changes(segment: $s) { cursor } }';
    expect(key(q, { s: 'a' })).not.toBeNull();
    expect(key(q, { s: 'a' })).toBe(key(q, { s: 'b' }));
  });
});

/** A hand-driven event source shared by several subscribers, as the fan-out hands one entry object to all of them. */
class Source implements AsyncIterable<object> {
  private waiting: ((r: IteratorResult<object>) => void)[] = [];
  returned = 0;
  push(event: object): void {
    for (const w of this.waiting.splice(0)) w({ value: event, done: false });
  }
  [Symbol.asyncIterator](): AsyncIterator<object> {
    return {
      next: () => new Promise((resolve) => this.waiting.push(resolve)),
      return: async () => {
        this.returned++;
        return { value: undefined, done: true };
      },
    };
  }
}

describe('sharedSubscribe', () => {
  const QUERY = parse('subscription ($s: String) { changes(segment: $s) { cursor secret } }');
  const setup = () => {
    const share = new EventShare();
    const executions: string[] = [];
    const source = new Source();
    const subscribe = sharedSubscribe<Ctx>({
      share,
      shareable: SHAREABLE,
      permission: (c) => (c.pii ? 'pii' : 'plain'),
      eventContext: (c) => ({ ...c }),
    });
    const open = async (pii: boolean, segment: string, document = QUERY) =>
      (await subscribe({ schema, document, variableValues: { s: segment }, contextValue: { pii, executions, source } })) as AsyncIterableIterator<ExecutionResult>;
    return { share, executions, source, open };
  };

  test('subscribers with the same selection and permission share one execution per event; PII follows the permission', async () => {
    const { executions, source, open } = setup();
    const subs = await Promise.all([open(false, 'a'), open(false, 'b'), open(true, 'a'), open(false, 'a')]);
    const nexts = subs.map((s) => s.next());
    const [event] = new EventShare().register([{ cursor: '7' }]);
    source.push(event);
    const results = (await Promise.all(nexts)).map((r) => r.value as ExecutionResult);
    expect(results.map((r) => r.data)).toEqual([
      { changes: { cursor: '7', secret: null } },
      { changes: { cursor: '7', secret: null } },
      { changes: { cursor: '7', secret: 'secret-7' } },
      { changes: { cursor: '7', secret: null } },
    ]);
    // One execution for the three plain subscribers, one for the PII one.
    expect(executions).toEqual(['7', '7']);
    expect(results[0]).toBe(results[1]);
    expect(results[0]).toBe(results[3]);
  });

  test('a root field that is not shareable executes per subscriber, each event with a fresh context', async () => {
    const { executions, source, open } = setup();
    const doc = parse('subscription { other { cursor secret } }');
    const subs = await Promise.all([open(true, 'a', doc), open(true, 'a', doc)]);
    const nexts = subs.map((s) => s.next());
    source.push({ cursor: '8' });
    await Promise.all(nexts);
    expect(executions).toEqual(['8', '8']);
  });

  test('return() reaches the source while a next() waits', async () => {
    const { source, open } = setup();
    const sub = await open(false, 'a');
    const pending = sub.next();
    await sub.return!();
    expect(source.returned).toBe(1);
    source.push({ cursor: '1' });
    await pending;
  });
});

describe('mapEvents', () => {
  test('maps in order and closes the source when the mapping throws', async () => {
    let closed = false;
    async function* numbers() {
      try {
        yield 1;
        yield 2;
        yield 3;
      } finally {
        closed = true;
      }
    }
    const mapped = mapEvents(numbers(), (n) => {
      if (n === 3) throw new Error('boom');
      return n * 10;
    });
    expect(await mapped.next()).toEqual({ value: 10, done: false });
    expect(await mapped.next()).toEqual({ value: 20, done: false });
    await expect(mapped.next()).rejects.toThrow('boom');
    expect(closed).toBe(true);
  });
});
