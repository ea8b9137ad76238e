import type { Context } from '../graphql/context';
import { DomainError } from '../graphql/errors';
import { checkReferences, DefinitionError, forEachCondition, joinPath, noSegments, type SegmentCondition, type SegmentLookup } from './definition';
import { validateDefinition } from './validate';

/** A definition the API accepted: validated, references checked, with the lookup its inSegment nodes resolve by. */
export interface AcceptedDefinition {
  definition: SegmentCondition;
  /** The canonical JSON text: equal definitions batch together. */
  key: string;
  segments: SegmentLookup;
}

/**
 * The one place a definition from the API is checked. Paths of the pure checks are relative to the definition; here
 * they are prefixed with the argument's name (`definition.and.1.event.within`), as every other input path the API
 * reports starts with its argument (`batch.2.properties.total`, `identities.0`).
 */
export function acceptDefinition(
  ctx: Context,
  input: unknown,
  options: { argument?: string; segments?: SegmentLookup; selfId?: string } = {},
): AcceptedDefinition {
  const argument = options.argument ?? 'definition';
  const at = (path: string) => (path === '' ? argument : `${argument}.${path}`);
  const segments = options.segments ?? noSegments;
  let definition: SegmentCondition;
  try {
    definition = validateDefinition(input);
    checkReferences(definition, segments, options.selfId);
  } catch (err) {
    if (err instanceof DefinitionError) throw new DomainError(err.code, err.message, at(err.field));
    throw err;
  }
  // A condition on a PII trait's value answers questions about it: the same rule as reading the trait.
  if (!ctx.services.pii.canSeePii(ctx.principal)) {
    forEachCondition(definition, (node, path) => {
      if ('trait' in node && node.trait.operator !== 'EXISTS' && ctx.services.pii.isPiiTrait(node.trait.key)) {
        throw new DomainError('FORBIDDEN', `a condition on the value of the PII trait ${node.trait.key} needs pii:read`, at(joinPath(path, 'trait.key')));
      }
    });
  }
  return { definition, key: JSON.stringify(definition), segments };
}
