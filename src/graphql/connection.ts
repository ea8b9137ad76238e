import 'reflect-metadata';
import type { ClassType } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

@ObjectType({ description: 'Where a page sits in its list (Relay cursor connections).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow the last one of this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when this page was requested with `after`, so items precede it.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` to get the next page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A Relay connection type for `node`, with descriptions. */
export function ConnectionOf<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: 'Opaque position of this item; pass it as `after` to continue after it.' })
    cursor!: string;

    @Field(() => node, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s, cursor-paginated.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: `The ${what}s of this page, in order.` })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Cursors and whether more pages exist.' })
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

export interface PageArgs {
  first: number;
  after: string | null;
}

/** Validate `first` (default 20, capped) — the argument names are reported as the field at fault. */
export function pageArgs(first: number | null | undefined, after: string | null | undefined, max = MAX_PAGE_SIZE): PageArgs {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > max) throw badInput('first', `first must be between 0 and ${max}`);
  return { first: size, after: after ?? null };
}

/** Keyset cursor: the sort key of the row, opaque to clients. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor of (timestamp text, uuid), the shape every time-ordered list here uses. */
export function decodeTimeCursor(cursor: string, field = 'after'): { at: string; id: string } {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parts) && parts.length === 2 && typeof parts[0] === 'string' && typeof parts[1] === 'string' &&
      UUID.test(parts[1]) && /^\d{4}-\d\d-\d\d[ T][\d:.]+(Z|[+-]\d\d(:?\d\d)?)$/.test(parts[0])
    ) {
      return { at: parts[0], id: parts[1] };
    }
  } catch {
    /* fall through */
  }
  throw badInput(field, `${field} is not a cursor returned by this list`);
}

export interface TimePageArgs extends PageArgs {
  afterKey: { at: string; id: string } | null;
}

/** Page arguments of a newest-first list, validated: a bad `first` or `after` names the argument. */
export function timePageArgs(first: number | null | undefined, after: string | null | undefined): TimePageArgs {
  const args = pageArgs(first, after);
  return { ...args, afterKey: args.after ? decodeTimeCursor(args.after) : null };
}


/** Rows fetched with limit first+1 → a page: the extra row only says whether more exist. */
export function toConnection<R, T>(
  rowsPlusOne: R[],
  args: PageArgs,
  cursorOf: (row: R) => string,
  nodeOf: (row: R) => T,
): Connection<T> {
  const page = rowsPlusOne.slice(0, args.first);
  const edges = page.map((r) => ({ cursor: cursorOf(r), node: nodeOf(r) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rowsPlusOne.length > args.first,
      hasPreviousPage: args.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
