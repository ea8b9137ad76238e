import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { SOURCE_KINDS, sources, type SourceKind } from './source.table';

/** A source by name, created on first use; a name that is a source kind gets that kind. */
export async function ensureSource(db: Db, name: string): Promise<string> {
  const [found] = await db.select({ id: sources.id }).from(sources).where(eq(sources.name, name));
  if (found) return found.id;
  const kind: SourceKind = (SOURCE_KINDS as readonly string[]).includes(name) ? (name as SourceKind) : 'other';
  await db.insert(sources).values({ name, kind }).onConflictDoNothing();
  const [created] = await db.select({ id: sources.id }).from(sources).where(eq(sources.name, name));
  return created.id;
}
