import { randomUUID } from 'node:crypto';
import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError, type ValueNode } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** The closed set of error codes clients can rely on (in `extensions.code`). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

/** An expected failure, shown to the client as is. `field` names the input path at fault. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message, { extensions: field === undefined ? { code } : { code, field } });
  }
}

export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, field);
export const notFound = (what: string, field = 'id') => new DomainError('NOT_FOUND', `${what} not found`, field);

/** Codes produced by graphql-js / Apollo for malformed requests: safe to show as they are. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Client-safe: a DomainError, an auth error, or a malformed-request error from graphql-js / Apollo. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return true;
  if (!(original instanceof GraphQLError)) return false;
  const code = original.extensions?.code;
  return code === 'UNAUTHENTICATED' || code === 'UNAUTHORIZED' || (typeof code === 'string' && PASS_THROUGH.has(code)) || (code === undefined && !original.originalError);
}

const ERROR_ID = Symbol('strata.errorId');

/** Give an unexpected error the id the client will see, so the server log and the response can be matched. */
export function tagUnexpectedError(error: unknown): string {
  const target = (unwrapResolverError(error) ?? error) as { [ERROR_ID]?: string };
  if (typeof target === 'object' && target !== null) {
    target[ERROR_ID] ??= randomUUID();
    return target[ERROR_ID]!;
  }
  return randomUUID();
}

/**
 * The input at fault in graphql-js's refusal of a variable (v16 wording: `Variable "$i" got invalid value … at
 * "i.definition.order"; …`, or `Variable "$first" got invalid value "ten"; …`): the path within it, else its name.
 */
export function variableField(message: string): string | undefined {
  const variable = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(message);
  if (!variable) return undefined;
  // Strings in the printed value are JSON, their quotes escaped: only graphql-js's own ` at "…"; ` matches.
  const at = / at "([^"\\]+)"; /.exec(message);
  // Paths in the style of the rest of the API (`b.2.type`, as `and.1.event.within`), not `b[2].type`.
  return at ? at[1].replace(/\[(\d+)\]/g, '.$1') : variable[1];
}

/**
 * The input at fault in graphql-js's refusal of something written in the document's arguments: a literal of the wrong
 * type (`recordOrder(input: { total: "1.23456" })`, `first: "ten"`), an input field that does not exist, or one
 * required and left out (`Field "IdentityInput.value" of required type … was not provided`, reported on the object
 * that lacks it). The argument's name and the path within its value (`input.total`, `batch.1.userId`), found by the
 * refused node's position in the document; undefined when the error is about no argument.
 */
export function literalField(error: { message: string; nodes?: readonly ASTNode[]; source?: { body: string } }): string | undefined {
  const target = error.nodes?.[0];
  const body = error.source?.body;
  if (!target?.loc || body === undefined) return undefined;
  const missing = /^Field "[^"]*\.([_A-Za-z][_0-9A-Za-z]*)" of required type/.exec(error.message)?.[1];
  const at = (n: ASTNode) => n.loc?.start === target.loc!.start && n.loc?.end === target.loc!.end && n.kind === target.kind;
  const within = (value: ValueNode, path: string[]): string[] | undefined => {
    if (at(value)) return missing ? [...path, missing] : path;
    if (value.kind === Kind.OBJECT) {
      for (const f of value.fields) {
        const found = at(f) ? [...path, f.name.value] : within(f.value, [...path, f.name.value]);
        if (found) return found;
      }
    } else if (value.kind === Kind.LIST) {
      for (let i = 0; i < value.values.length; i++) {
        const found = within(value.values[i], [...path, String(i)]);
        if (found) return found;
      }
    }
    return undefined;
  };
  let path: string[] | undefined;
  try {
    visit(parse(body), {
      Argument(node) {
        path ??= at(node) ? [node.name.value] : within(node.value, [node.name.value]);
      },
    });
  } catch {
    return undefined;
  }
  return path?.join('.');
}

/**
 * One place decides what a client sees. Anything unexpected is masked: drizzle puts query parameters (emails,
 * phones) into its messages, so they are logged server-side only (see the logging plugin in apollo.ts), under an
 * error id the client can quote.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: original.extensions };
  }
  if (isExpectedError(error)) {
    // `http` is the status Apollo answers with (limits.ts), not for the client; a WebSocket would pass it on.
    const { stacktrace: _dropped, http: _status, ...extensions } = formatted.extensions ?? {};
    let code = extensions.code;
    if (code === 'UNAUTHORIZED') code = 'FORBIDDEN';
    else if (extensions.limit) code = 'BAD_USER_INPUT';
    else if (code === undefined) code = 'GRAPHQL_VALIDATION_FAILED';
    else if (code !== 'UNAUTHENTICATED' && code !== 'GRAPHQL_VALIDATION_FAILED' && code !== 'GRAPHQL_PARSE_FAILED') code = 'BAD_USER_INPUT';
    const field =
      extensions.field ??
      (code === 'BAD_USER_INPUT' ? variableField(formatted.message) : code === 'GRAPHQL_VALIDATION_FAILED' ? literalFieldOf(error) : undefined);
    return { ...formatted, extensions: field === undefined ? { ...extensions, code } : { ...extensions, code, field } };
  }
  const errorId = tagUnexpectedError(error);
  return {
    message: `Internal server error (error id ${errorId})`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}

function literalFieldOf(error: unknown): string | undefined {
  const original = unwrapResolverError(error);
  return original instanceof GraphQLError ? literalField(original) : undefined;
}
