import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { isUuid } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { clock } from '../shared/clock';
import { ingestDays } from './ingest.repo';
import { IngestDayStats } from './stats.type';

/** At most this many days per request: a year and a day, so any calendar year fits. */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** A calendar date YYYY-MM-DD that exists, as milliseconds at its UTC midnight; null otherwise. */
function utcDay(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : null;
}

@Resolver()
export class IngestStatsResolver {
  @Authorized('admin')
  @Query(() => [IngestDayStats], {
    description:
      `What ingestion accepted, found duplicate, refused and dropped, per source and UTC day (scope \`admin\`): the counts of items the tracking API drops without an answer, as Segment does. Days with no item have no row. At most ${MAX_DAYS} days per request.`,
  })
  async ingestStats(
    @Arg('from', () => String, { nullable: true, description: 'First UTC day, YYYY-MM-DD; default 29 days before `to`.' }) from: string | null,
    @Arg('to', () => String, { nullable: true, description: 'Last UTC day, YYYY-MM-DD (inclusive); default today.' }) to: string | null,
    @Arg('sourceIds', () => [ID], { nullable: true, description: 'Only these sources; null: every source.' }) sourceIds: string[] | null,
    @Ctx() ctx: Context,
  ): Promise<IngestDayStats[]> {
    const toMs = to == null ? utcDay(clock.now().toISOString().slice(0, 10)) : utcDay(to);
    if (toMs === null) throw badInput('to', 'to must be a date YYYY-MM-DD');
    const fromMs = from == null ? toMs - 29 * DAY_MS : utcDay(from);
    if (fromMs === null) throw badInput('from', 'from must be a date YYYY-MM-DD');
    if (fromMs > toMs) throw badInput('to', 'to must not precede from');
    if ((toMs - fromMs) / DAY_MS + 1 > MAX_DAYS) throw badInput('from', `at most ${MAX_DAYS} days per request`);
    const bad = (sourceIds ?? []).findIndex((id) => !isUuid(id));
    if (bad >= 0) throw badInput(`sourceIds.${bad}`, 'a source id is a UUID');
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const found = await ingestDays(ctx.services.database, { from: day(fromMs), to: day(toMs), sourceIds: sourceIds ?? null });
    return found.map((r) => ({
      sourceId: r.source_id,
      source: r.source,
      day: r.day,
      accepted: r.accepted,
      duplicate: r.duplicate,
      rejected: r.rejected,
      droppedIdentities: r.dropped_identities,
      erased: r.erased,
    }));
  }
}
