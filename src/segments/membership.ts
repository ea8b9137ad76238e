import type { ChangeCause } from '../profiles/profileChanged';
import { parseDuration } from './calendar';
import { forEachCondition, type Comparison, type SegmentCondition, type SegmentLookup } from './definition';

/*
 * Which segments a write can move, and why a membership changed: the pure half of the materialised membership
 * (membership.repo.ts writes it, segments.ts drives it).
 */

export type ChangeReason = 'DEFINITION_CHANGE' | 'DATA_CHANGE' | 'TIME' | 'MERGE' | 'SPLIT' | 'DELETION' | 'ARCHIVE' | 'MODEL_REFIT';
export const CHANGE_REASONS: readonly ChangeReason[] = ['DEFINITION_CHANGE', 'DATA_CHANGE', 'TIME', 'MERGE', 'SPLIT', 'DELETION', 'ARCHIVE', 'MODEL_REFIT'];

/** Causes that can move any segment: the profile is new, changed shape or went away. */
const STRUCTURAL: readonly ChangeCause[] = ['CREATE', 'MERGE', 'SPLIT', 'DELETE'];
/** What the stored computed fields are re-scored on (metrics/recompute.ts: every cause but a trait). */
const METRIC_INPUTS: readonly ChangeCause[] = ['ORDER', 'REFUND', 'EVENT', 'FEEDBACK'];

export interface SegmentDependencies {
  /** The write causes that can change the segment's membership. */
  causes: ReadonlySet<ChangeCause>;
  /**
   * True when membership can change with no new data, as days pass: windows (`within`), relative dates, and the
   * computed fields (recency, lifecycle, P(alive) move with the calendar). The scheduled sweep re-evaluates these.
   */
  timeRelative: boolean;
  /** True when a computed field is read: a model refit or a full recompute can move it. */
  readsMetrics: boolean;
  /** Segments referenced through inSegment, directly or not. */
  references: ReadonlySet<string>;
}

const isDurationOperand = (c: Comparison) => [c.value, ...(c.values ?? [])].some((v) => typeof v === 'string' && parseDuration(v) !== null);

/** What a definition (with the definitions it references, inlined as compile.ts does) depends on. */
export function segmentDependencies(definition: SegmentCondition, lookup: SegmentLookup): SegmentDependencies {
  const causes = new Set<ChangeCause>(STRUCTURAL);
  const references = new Set<string>();
  let timeRelative = false;
  let readsMetrics = false;
  const visit = (root: SegmentCondition) =>
    forEachCondition(root, (node) => {
      if ('trait' in node) {
        causes.add('TRAIT');
        if (isDurationOperand(node.trait)) timeRelative = true;
      } else if ('identity' in node) {
        // Identities arrive with any message (an identify, a track with a new anonymous id): every data cause.
        for (const c of ['TRAIT', ...METRIC_INPUTS] as const) causes.add(c);
      } else if ('metric' in node) {
        for (const c of METRIC_INPUTS) causes.add(c);
        timeRelative = true;
        readsMetrics = true;
      } else if ('event' in node) {
        causes.add('EVENT');
        if (node.event.within || node.event.where?.some(isDurationOperand)) timeRelative = true;
      } else if ('order' in node) {
        causes.add('ORDER');
        causes.add('REFUND');
        if (node.order.within || node.order.product?.some(isDurationOperand)) timeRelative = true;
      } else if ('feedback' in node) {
        causes.add('FEEDBACK');
        if (node.feedback.within) timeRelative = true;
      } else if ('inSegment' in node && !references.has(node.inSegment)) {
        references.add(node.inSegment);
        const referenced = lookup(node.inSegment);
        if (referenced) visit(referenced);
      }
    });
  visit(definition);
  return { causes, timeRelative, readsMetrics, references };
}

/** Whether a write with these causes can move a segment with these dependencies. */
export function affectedBy(dependencies: SegmentDependencies, causes: Iterable<ChangeCause>): boolean {
  for (const c of causes) if (dependencies.causes.has(c)) return true;
  return false;
}

/** The reason logged for a profile's change, from what happened to it in the transaction (most structural first). */
export function reasonOf(causes: ReadonlySet<ChangeCause>): ChangeReason {
  if (causes.has('DELETE')) return 'DELETION';
  if (causes.has('SPLIT')) return 'SPLIT';
  if (causes.has('MERGE')) return 'MERGE';
  return 'DATA_CHANGE';
}
