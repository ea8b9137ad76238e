import type { Database } from '../db/client';
import { changesAfter, maxChangeCursor, MEMBERSHIP_CHANNEL, type ChangeRow } from '../segments/membership.repo';
import type { Logger } from '../shared/log';
import { CUSTOMER_CHANNEL, CustomerUpdateHub } from './customerUpdates';
import { LogFanout } from './fanout';
import { LogReader, type LogSource } from './logReader';
import { EventShare } from './share';

/** The close code of a subscriber that fell more than its buffer behind; it resumes with `after: <its last cursor>`. */
export const CLOSE_FELL_BEHIND = 4429;

export interface RealtimeSettings {
  /** SUBSCRIPTION_BUFFER: changes a live subscriber may have waiting before it is closed with CLOSE_FELL_BEHIND. */
  bufferLimit: number;
  /** SUBSCRIPTION_POLL_MS: the slow poll behind NOTIFY. */
  pollMs: number;
}

/** Entries per read of the log, by the reader and by a replay. */
const PAGE = 500;

/** What real-time delivery keeps for the whole process: the one change-log reader and the customerUpdated hub. */
export interface Realtime {
  membership: LogReader<ChangeRow>;
  /** Event results shared by the subscribers of a change (each read of the log is registered as one page). */
  events: EventShare;
  customers: CustomerUpdateHub;
  stop(): Promise<void>;
}

export function createRealtime(database: Database, settings: RealtimeSettings, log: Logger): Realtime {
  const events = new EventShare();
  const fanout = new LogFanout<ChangeRow>({
    bufferLimit: settings.bufferLimit,
    replayPage: Math.min(PAGE, settings.bufferLimit),
    replay: { read: async (after, through, segmentIds, limit) => events.register(await changesAfter(database, { segmentIds, after, through, limit })) },
  });
  const source: LogSource<ChangeRow> = {
    maxCursor: () => maxChangeCursor(database),
    readAfter: async (after, limit) => events.register(await changesAfter(database, { segmentIds: null, after, limit })),
    listen: (onWake, onListen) => database.listen(MEMBERSHIP_CHANNEL, onWake, onListen),
  };
  const membership = new LogReader(source, fanout, { pageSize: PAGE, pollMs: settings.pollMs, log });
  const customers = new CustomerUpdateHub((onPayload) => database.listen(CUSTOMER_CHANNEL, onPayload));
  return {
    membership,
    events,
    customers,
    async stop() {
      await Promise.all([membership.stop(), customers.stop()]);
    },
  };
}
