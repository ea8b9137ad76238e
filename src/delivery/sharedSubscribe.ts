import {
  createSourceEventStream, execute, getOperationAST, Kind, print, TypeInfo, visit, visitWithTypeInfo,
  type ASTNode, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode, type GraphQLSchema,
} from 'graphql';
import type { EventShare } from './share';

/*
 * Subscription events executed once per change and selection instead of once per subscriber. graphql-js's own
 * `subscribe` runs `execute` for every event of every subscriber; with a thousand subscribers on one change that is a
 * thousand identical executions, each with a fresh context, on the server's one thread. Here a subscription whose root
 * field is shareable gets, for each event, the result the first subscriber with the same selection, variables and
 * permission class computed — or computes it for all of them.
 */

type MaybePromise<T> = T | Promise<T>;

/**
 * The share key of a subscription's events without the permission class: the document, the operation and the
 * variables its selection uses. Null when the operation's root field is not shareable. The root field's own arguments
 * are left out: a shareable field's arguments choose which events a subscriber gets and where it starts, never what
 * an event resolves to.
 */
export function selectionKey(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  shareable: ReadonlySet<string>,
): string | null {
  const operation = getOperationAST(document, operationName);
  const subscriptionType = schema.getSubscriptionType();
  if (!operation || operation.operation !== 'subscription' || !subscriptionType) return null;
  const typeInfo = new TypeInfo(schema);
  const rootFields = new Set<FieldNode>();
  const used = new Set<string>();
  let shareableRoot = true;
  const visitor = visitWithTypeInfo(typeInfo, {
    VariableDefinition: () => false,
    Field(node) {
      if (typeInfo.getParentType() !== subscriptionType) return;
      rootFields.add(node);
      if (!shareable.has(node.name.value)) shareableRoot = false;
    },
    Argument(_node, _key, _parent, _path, ancestors) {
      const owner = ancestors[ancestors.length - 1] as ASTNode | readonly ASTNode[];
      if (!Array.isArray(owner) && rootFields.has(owner as FieldNode)) return false;
    },
    Variable(node) {
      used.add(node.name.value);
    },
  });
  // The chosen operation and every fragment (a fragment used only by another operation adds a variable at worst).
  visit(operation, visitor);
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) visit(d, visitor);
  if (!shareableRoot || rootFields.size === 0) return null;
  const values = [...used].sort().map((name) => [name, variables?.[name] ?? null]);
  return JSON.stringify([operationName ?? null, print(document), values]);
}

/** Like graphql-js's mapAsyncIterator: `return()` reaches the source at once, even while a `next()` is waiting. */
export function mapEvents<T, R>(source: AsyncIterable<T>, map: (event: T) => MaybePromise<R>): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const mapped = async (result: IteratorResult<T>): Promise<IteratorResult<R>> => {
    if (result.done) return { value: undefined, done: true };
    try {
      return { value: await map(result.value), done: false };
    } catch (err) {
      await iterator.return?.().catch(() => {});
      throw err;
    }
  };
  return {
    next: async () => mapped(await iterator.next()),
    return: async () => (iterator.return ? mapped(await iterator.return()) : { value: undefined, done: true }),
    throw: async (err: unknown) => {
      if (iterator.throw) return mapped(await iterator.throw(err));
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export interface SharedSubscribeOptions<C> {
  share: EventShare;
  /** Root fields of the Subscription type whose event results may be shared (see selectionKey). */
  shareable: ReadonlySet<string>;
  /** The permission class of a subscriber's context (see permissionClass). */
  permission(context: C): string;
  /**
   * A context to execute events with, like the subscriber's but with fresh loaders: a subscription lives for hours and
   * must not read profiles cached by its first event. Shared events get one per page of the log and permission class.
   */
  eventContext(subscriber: C): C;
}

/** graphql-ws's `subscribe` hook: graphql-js `subscribe`, with events executed through the share when they can be. */
export function sharedSubscribe<C>(options: SharedSubscribeOptions<C>) {
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
    const events = stream as AsyncIterable<unknown>;
    const subscriber = args.contextValue as C;
    const selection = selectionKey(args.schema, args.document, args.operationName, args.variableValues, options.shareable);
    if (selection === null) {
      return mapEvents(events, (event) => execute({ ...args, rootValue: event, contextValue: options.eventContext(subscriber) }));
    }
    const permission = options.permission(subscriber);
    const shareKey = `${permission}\n${selection}`;
    return mapEvents(events, (event) => {
      if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event, contextValue: options.eventContext(subscriber) });
      return options.share.result<C, MaybePromise<ExecutionResult>>(
        event,
        shareKey,
        permission,
        () => options.eventContext(subscriber),
        (contextValue) => execute({ ...args, rootValue: event, contextValue }),
      );
    });
  };
}
