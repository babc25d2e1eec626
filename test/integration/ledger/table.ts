import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ManualClock } from '../../fixtures/clock';
import { DynamoDbLedger, type DynamoDbLedgerOptions } from '../../../shared/adapters/aws/ledger-dynamodb';
import { DynamoDbLedgerEntries } from '../../../shared/adapters/aws/ledger-entries-dynamodb';
import type { EntriesPage, LedgerEntries } from '../../../shared/domain/ledger';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { ledgerTable } from '../../../shared/resources/tables';

/**
 * A fresh ledger table in DynamoDB Local per test, named with a random suffix, created from
 * the same `ledgerTable` definition the stack deploys, so tests never see each other's
 * accounts, holds or sweeper watermark.
 */
const LEDGER_TEST_START_MS = Date.parse('2026-11-22T02:13:00.000Z');

const requireEmulator = (): string => {
  const endpoint = process.env['AWS_ENDPOINT_URL_DYNAMODB'] ?? process.env['AWS_ENDPOINT_URL'];
  if (endpoint === undefined) {
    throw new Error('AWS_ENDPOINT_URL_DYNAMODB is not set: run the integration tests through `npm test` (DynamoDB Local)');
  }
  return endpoint;
};

export const newDynamoClient = (): DynamoDBClient => {
  requireEmulator();
  return new DynamoDBClient({});
};

const createLedgerTable = async (client: DynamoDBClient): Promise<string> => {
  const tableName = `kippu-test-ledger-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateTableCommand(createTableInput(tableName, ledgerTable)));
  return tableName;
};

const dropLedgerTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
};

/**
 * The whole ledger and its history on one table, as the suites exercise both: the two
 * DynamoDB classes a deployment wires separately (ledger(env) and ledgerEntries(env)).
 */
export class DynamoDbLedgerWithHistory extends DynamoDbLedger implements LedgerEntries {
  private readonly history: DynamoDbLedgerEntries;

  constructor(options: DynamoDbLedgerOptions) {
    super(options);
    this.history = new DynamoDbLedgerEntries(options);
  }

  listEntries(accountId: string, page: { limit: number; cursor?: string }): Promise<EntriesPage> {
    return this.history.listEntries(accountId, page);
  }
}

export interface DynamoLedgerFixture {
  readonly ledger: DynamoDbLedgerWithHistory;
  readonly clock: ManualClock;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Tables made by `makeDynamoLedger`, dropped by `dropDynamoLedgers` in an afterAll. */
const createdTables: { client: DynamoDBClient; tableName: string }[] = [];

export const makeDynamoLedger = async (
  options: { balanceShardsDefault?: number; client?: DynamoDBClient } = {},
): Promise<DynamoLedgerFixture> => {
  const client = options.client ?? newDynamoClient();
  const tableName = await createLedgerTable(client);
  createdTables.push({ client, tableName });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const clock = new ManualClock(LEDGER_TEST_START_MS);
  const ledger = new DynamoDbLedgerWithHistory({
    client: documentClient,
    tableName,
    clock,
    ...(options.balanceShardsDefault === undefined ? {} : { balanceShardsDefault: options.balanceShardsDefault }),
  });
  return { ledger, clock, client, documentClient, tableName };
};

export const dropDynamoLedgers = async (): Promise<void> => {
  const tables = createdTables.splice(0, createdTables.length);
  await Promise.all(tables.map(({ client, tableName }) => dropLedgerTable(client, tableName)));
};
