import 'reflect-metadata';
import type { ApolloServer } from '@apollo/server';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyAuthenticator } from './auth/keys';
import { PiiPolicy } from './auth/pii';
import type { Config } from './config';
import type { Database } from './db/client';
import { createApollo } from './graphql/apollo';
import { prepareStatements, type Context, type Services } from './graphql/context';
import { buildStrataSchema } from './graphql/schema';
import { createHttpServer, type Readiness } from './http';
import { ingestRequests, type IngestDeps } from './ingestion/ingest';
import { DEFAULT_GROUP_MESSAGES, IngestWriter } from './ingestion/writer';
import { metricsListener, runMetricsSweep, startMetricsSweep, type SweepResult } from './metrics/recompute';
import { startModelRefits } from './metrics/model';
import { customerUpdatesListener } from './delivery/customerUpdates.repo';
import { createRealtime } from './delivery/realtime';
import { attachSubscriptionServer } from './delivery/ws';
import { ProfileChangeHub } from './profiles/profileChanged';
import { refreshOrderSummary } from './profiles/summary';
import { builtinSegments } from './segments/builtins';
import { segmentListener, startSegments, sweepSegments } from './segments/segments';
import { WebhookWorker } from './delivery/webhook.worker';
import { createLogger, describeError, type Logger } from './shared/log';
import { startPeriodicJob, type PeriodicJob } from './shared/periodic';

export interface Strata {
  server: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
  readiness: Readiness;
  /** Listen on `port` (0 = any free port); resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** Start the scheduled jobs (the metrics freshness sweep, the model refit); main.ts does, tests run them by hand. */
  startBackgroundJobs(): void;
  /** Start delivering webhooks (startBackgroundJobs does; tests that need deliveries call it). Idempotent. */
  startWebhookWorker(): Promise<void>;
  /** One run of the metrics sweep, as the schedule would run it. */
  sweepMetrics(now?: Date): Promise<SweepResult>;
  /** One run of the segments' time sweep, as the schedule would run it. */
  sweepSegments(): Promise<{ segments: number; entered: number; exited: number }>;
  /** Stop accepting, finish in-flight requests and background jobs, stop Apollo. The database is the caller's to close. */
  stop(): Promise<void>;
}

/** Everything a write path needs, with every profileChanged listener registered: the server and the CLIs share it. */
export function createIngestDeps(config: Config, database: Database): IngestDeps {
  const profileChanges = new ProfileChangeHub();
  profileChanges.register(refreshOrderSummary);
  // After the order counters: computed fields are re-scored in the same transaction.
  profileChanges.register(metricsListener(config.metrics));
  // After the computed fields, which segments read: membership is re-evaluated in the same transaction.
  profileChanges.register(segmentListener({ timeZone: config.businessTimezone }));
  // NOTIFY at commit: customerUpdated subscribers in every process re-read the profiles.
  profileChanges.register(customerUpdatesListener());
  return { database, config, identityRules: config.identityRules, firstTouchTraits: config.firstTouchTraits, profileChanges };
}

/**
 * Wire one Strata server around an open, migrated database. Used by main.ts and, in-process, by the tests.
 */
export async function createStrata(
  config: Config,
  database: Database,
  options: { log?: Logger; readiness?: Readiness } = {},
): Promise<Strata> {
  const log = options.log ?? createLogger(config.logLevel);
  const ingest = createIngestDeps(config, database);
  const profileChanges = ingest.profileChanges;
  const services: Services = {
    config,
    database,
    keys: new KeyAuthenticator(database.db, config.adminKey),
    pii: new PiiPolicy(config),
    log,
    prepared: prepareStatements(database),
    profileChanges,
    ingest,
    writer: new IngestWriter((sourceId, requests) => ingestRequests(ingest, sourceId, requests), DEFAULT_GROUP_MESSAGES, config.ingestWriters),
    realtime: createRealtime(database, config.subscriptions, log),
  };
  const segmentSettings = { timeZone: config.businessTimezone };
  const segmentsStart = await startSegments(database, segmentSettings, builtinSegments(config.repurchase), (err) =>
    log.error('first evaluation of segments failed; the segment sweep retries', { error: describeError(err) }),
  );
  const schema = await buildStrataSchema();
  const apollo = createApollo(schema, services);
  await apollo.start();
  const readiness: Readiness = options.readiness ?? { migrated: true, seeded: true };
  const server = createHttpServer(apollo, services, readiness);
  const subscriptions = attachSubscriptionServer(server, schema, services);
  let stopping: Promise<void> | null = null;
  let sweeper: PeriodicJob | null = null;
  let refitter: PeriodicJob | null = null;
  let segmentSweeper: PeriodicJob | null = null;
  let webhookWorker: WebhookWorker | null = null;
  const startWebhookWorker = (): Promise<void> => {
    if (stopping) return Promise.resolve();
    webhookWorker ??= new WebhookWorker(database, config.webhooks, log, services.pii);
    return webhookWorker.start();
  };
  return {
    server,
    apollo,
    services,
    readiness,
    startBackgroundJobs() {
      sweeper ??= startMetricsSweep(database, config.metrics, log);
      refitter ??= startModelRefits(database, config.metrics, log);
      segmentSweeper ??= startPeriodicJob('segment sweep', config.segmentSweepIntervalSeconds, log, async () => {
        const r = await sweepSegments(database, segmentSettings);
        if (r.segments) log.info('segment sweep', r);
      });
      void startWebhookWorker().catch((err) => log.error('webhook worker failed to start', { error: describeError(err) }));
    },
    startWebhookWorker,
    sweepMetrics: (now) => runMetricsSweep(database, config.metrics, now),
    sweepSegments: () => sweepSegments(database, segmentSettings),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    stop() {
      stopping ??= (async () => {
        // WebSocket connections hold the HTTP server open: close them first.
        await subscriptions.close();
        await services.realtime.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // In-flight requests get a grace period, then their sockets are cut.
        const timer = setTimeout(() => server.closeAllConnections(), 10_000);
        await closed;
        clearTimeout(timer);
        await sweeper?.stop();
        await refitter?.stop();
        await segmentSweeper?.stop();
        await segmentsStart.stop();
        await webhookWorker?.stop();
        await apollo.stop();
      })();
      return stopping;
    },
  };
}
