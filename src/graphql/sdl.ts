import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildStrataSchema } from './schema';

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export async function emitSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildStrataSchema())) + '\n';
}
