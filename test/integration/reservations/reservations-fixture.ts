import { realSleep } from '../../../shared/contention';
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../../../scripts/local/bootstrap';
import { ticketDeps } from '../../../shared/adapters/aws/wiring';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { DynamoReservationStore } from '../../../shared/adapters/aws/reservations-dynamodb';
import { DynamoRevocationStore } from '../../../shared/adapters/aws/revocations-dynamodb';
import { MemoryExpiryScheduler, MemoryNotifier } from '../../../shared/adapters/memory/reservations';
import { MemoryIdempotencyStore } from '../../../shared/adapters/memory/idempotency';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import type { PurchaseKeys } from '../../../shared/domain/purchases/ports';
import { scryptHasher } from '../../../shared/adapters/node/scrypt-hasher';
import { loadConfig, resourceFromEnv, type ReservationConfig } from '../../../shared/config';
import { defaultReservationConfig } from '../../fixtures/config';
import type { Ledger } from '../../../shared/domain/ledger/ports';
import type { ReservationDeps } from '../../../shared/domain/reservations/deps';
import type { ExpiryScheduler } from '../../../shared/domain/reservations/ports';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import type { StoredResponse } from '../../../shared/http/idempotent';
import type { ManualClock } from '../../fixtures/clock';
import { coreTable, reservationsTable } from '../../../shared/resources/tables';
import { makeDynamoLedger, newDynamoClient } from '../ledger/table';

/**
 * Real adapters against the emulators with an injected clock: a fresh reservations table
 * (from the one `reservationsTable` definition) and a fresh ledger table per fixture, so the
 * sweep watermarks of different tests never meet; KMS from the emulator signs the tickets.
 */
const createdTables: { client: DynamoDBClient; tableName: string }[] = [];

export const createReservationsTable = async (client: DynamoDBClient): Promise<string> => {
  const tableName = `kippu-test-reservations-${randomBytes(6).toString('hex')}`;
  await createTable(client, tableName, reservationsTable);
  createdTables.push({ client, tableName });
  return tableName;
};

export const dropReservationTables = async (): Promise<void> => {
  const tables = createdTables.splice(0, createdTables.length);
  await Promise.all(tables.map(({ client, tableName }) => client.send(new DeleteTableCommand({ TableName: tableName }))));
};

export interface DynamoReservationFixture {
  readonly deps: ReservationDeps;
  readonly clock: ManualClock;
  readonly store: DynamoReservationStore;
  /** The ledger behind `deps.ledger`, with its reads. */
  readonly ledger: Ledger;
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly notifier: MemoryNotifier;
  readonly revocations: DynamoRevocationStore;
  readonly idempotency: {
    idempotencyStore: MemoryIdempotencyStore<StoredResponse>;
    purchaseKeys: PurchaseKeys;
    clock: ManualClock;
    idempotencyLeaseSeconds: number;
    idempotencyRetentionSeconds: number;
  };
  /** The same deps on another clock (a request that arrived at another instant). */
  at(clock: ManualClock): ReservationDeps;
}

export const makeDynamoReservations = async (
  options: { config?: Partial<ReservationConfig>; scheduler?: ExpiryScheduler } = {},
): Promise<DynamoReservationFixture> => {
  const client = newDynamoClient();
  const { ledger, clock } = await makeDynamoLedger({ client });
  const tableName = await createReservationsTable(client);
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // Confirmations store the broadcaster ticket where ticketDeps keeps tickets: the core table.
  const store = new DynamoReservationStore(documentClient, tableName, realSleep, resourceFromEnv(process.env, coreTable));
  const notifier = new MemoryNotifier();
  const config = loadConfig(process.env);
  const revocations = new DynamoRevocationStore(documentClient, resourceFromEnv(process.env, coreTable));
  const parties = new DynamoPartyStore(documentClient, resourceFromEnv(process.env, coreTable));
  const build = (useClock: ManualClock): ReservationDeps => ({
    store,
    parties,
    ledger,
    tickets: { ...ticketDeps(process.env, config), clock: useClock },
    revocations,
    scheduler: options.scheduler ?? new MemoryExpiryScheduler(),
    notifier,
    clock: useClock,
    reservationConfig: { ...defaultReservationConfig, ...options.config },
    passwords: scryptHasher,
    logger: silentLogger,
    metrics: noMetrics,
  });
  return {
    deps: build(clock),
    clock,
    store,
    ledger,
    documentClient,
    tableName,
    notifier,
    revocations,
    idempotency: {
      idempotencyStore: new MemoryIdempotencyStore(),
      purchaseKeys: new MemoryPurchaseStore().claims,
      clock,
      idempotencyLeaseSeconds: 30,
      idempotencyRetentionSeconds: 3600,
    },
    at: build,
  };
};

/** Writes items 25 at a time (BatchWriteItem), retrying unprocessed ones. */
export const batchWrite = async (
  documentClient: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency = 8,
): Promise<void> => {
  const BATCH = 25;
  const ROUNDS_MAX = 20;
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < items.length; index += BATCH) batches.push(items.slice(index, index + BATCH));
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; round < ROUNDS_MAX && requests.length > 0; round += 1) {
        const answer = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
      if (requests.length > 0) throw new Error('batch write left unprocessed items');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

export { apiEvent, call } from '../../fixtures/handlers';
