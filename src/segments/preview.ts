import type { Database } from '../db/client';
import type { AcceptedDefinition } from './accept';
import { compileSegmentSet } from './compileSet';
import { countAndSample } from './segment.repo';
import type { SegmentPreview } from './segment.type';

/** What a definition selects now: its size and a stable sample, in one statement; nothing is written. */
export async function previewDefinition(
  database: Database,
  accepted: AcceptedDefinition,
  options: { now: Date; timeZone: string; sampleSize: number },
): Promise<SegmentPreview> {
  const statement = compileSegmentSet(accepted.definition, { now: options.now, timeZone: options.timeZone, segments: accepted.segments });
  return { ...(await countAndSample(database, statement, options.sampleSize)), evaluatedAt: options.now };
}
