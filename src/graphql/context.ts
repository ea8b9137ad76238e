import type { KeyAuthenticator } from '../auth/keys';
import type { PiiPolicy } from '../auth/pii';
import type { Principal } from '../auth/scopes';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Realtime } from '../delivery/realtime';
import { createProfileLoaders, prepareProfileStatements, type ProfileLoaders, type ProfileStatements } from '../profiles/profile.loaders';
import type { IngestDeps } from '../ingestion/ingest';
import type { IngestWriter } from '../ingestion/writer';
import { createMetricsLoaders, type MetricsLoaders } from '../metrics/metrics.loaders';
import type { ProfileChangeHub } from '../profiles/profileChanged';
import { createSegmentLoaders, type SegmentLoaders } from '../segments/segment.loaders';
import type { Logger } from '../shared/log';

/** What lives for the whole process: built once at start. */
export interface Services {
  config: Config;
  database: Database;
  keys: KeyAuthenticator;
  pii: PiiPolicy;
  log: Logger;
  prepared: { profiles: ProfileStatements };
  /** The hook every write path ends in (computed fields and segments register on it). */
  profileChanges: ProfileChangeHub;
  ingest: IngestDeps;
  /** Group commit for the ingest paths of this process (tracking API, GraphQL ingest mutations). */
  writer: IngestWriter;
  /** Subscriptions: the process's one change-log reader and the customerUpdated hub. */
  realtime: Realtime;
}

/** What lives for one request: the caller and fresh loaders (resolvers are singletons and hold no state). */
export interface Context {
  requestId: string;
  principal: Principal | null;
  services: Services;
  loaders: ProfileLoaders & MetricsLoaders & SegmentLoaders;
  /** Over WebSocket only: the connection the operation came on (a subscriber that falls behind is closed). */
  connection?: { close(code: number, reason: string): void };
}

export function prepareStatements(database: Database): Services['prepared'] {
  return { profiles: prepareProfileStatements(database.db) };
}

export function createContext(services: Services, requestId: string, principal: Principal | null): Context {
  return {
    requestId,
    principal,
    services,
    loaders: {
      ...createProfileLoaders(services.database, services.prepared.profiles, services.config.firstTouchTraits),
      ...createMetricsLoaders(services.database, services.config.metrics.timezone),
      ...createSegmentLoaders(services.database, services.config.businessTimezone),
    },
  };
}
