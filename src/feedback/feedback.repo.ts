import { sql } from 'drizzle-orm';
import type { Reader } from '../db/client';
import { pagesByProfile } from '../db/pages';
import { toDate } from '../db/values';
import type { TimePageArgs } from '../graphql/connection';
import type { TimeRow } from '../graphql/pageLoader';
import type { Feedback, FeedbackKindEnum, FeedbackStatusEnum } from './feedback.type';

export interface FeedbackRow extends TimeRow {
  kind: string;
  score: string | null;
  text: string | null;
  status: string | null;
  ticket_id: string | null;
  properties: Record<string, unknown>;
  source_id: string | null;
}

export const feedbackPages = (q: Reader, roots: string[], args: TimePageArgs) =>
  pagesByProfile<FeedbackRow>(q, {
    roots,
    args,
    table: 'feedback',
    columns: sql`t.id, t.kind, t.score::text as score, t.text, t.status, t.ticket_id, t.properties, t.source_id`,
  });

export const toFeedback = (r: FeedbackRow): Feedback => ({
  id: r.id,
  kind: r.kind as FeedbackKindEnum,
  score: r.score === null ? null : Number(r.score),
  text: r.text,
  status: r.status as FeedbackStatusEnum | null,
  ticketId: r.ticket_id,
  properties: r.properties,
  occurredAt: toDate(r.cursor_at),
  sourceId: r.source_id,
});
