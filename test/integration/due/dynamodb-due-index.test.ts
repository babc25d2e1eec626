import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { createTable } from '../../../scripts/local/bootstrap';
import { DynamoDueIndex } from '../../../shared/adapters/aws/due-index-dynamodb';
import { bucketStartOf, type DueEntry } from '../../../shared/domain/due/ports';
import { reservationsTable } from '../../../shared/resources/tables';
import { dueIndexContract } from '../../contract/due-index-contract';
import { newDynamoClient } from '../ledger/table';

/**
 * The DynamoDB due index on a table of its own with a sparse `due` GSI (the reservations
 * table's shape). Each fixture uses its own partition prefix and watermark item, so the
 * tests of the suite never see each other's entries.
 */
const client = newDynamoClient();
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `kippu-test-due-${randomBytes(6).toString('hex')}`;
let created: Promise<void> | undefined;

afterAll(async () => {
  if (created !== undefined) await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

const TIME_DIGITS = 15;

dueIndexContract('DynamoDB', async (layout, shardOf) => {
  created ??= createTable(client, tableName, reservationsTable);
  await created;
  const prefix = randomBytes(4).toString('hex');
  const partitionOf = (bucketStartMs: number, shard: number) => `${prefix}#${new Date(bucketStartMs).toISOString()}#${shard}`;
  const itemKey = (id: string) => ({ pk: `ITEM#${prefix}#${id}`, sk: 'ITEM' });
  const index = new DynamoDueIndex<DueEntry>({
    client: documents,
    tableName,
    indexName: 'due',
    layout,
    partitionAttribute: 'duePk',
    sortAttribute: 'dueSk',
    partitionOf,
    sortKeyUpTo: (upToMs) => `${String(upToMs).padStart(TIME_DIGITS, '0')}#~`,
    attributes: ['dueSk'],
    entryOf: (item) => {
      const sortKey = String(item['dueSk']);
      return { id: sortKey.slice(sortKey.indexOf('#') + 1) };
    },
    watermarkKey: { pk: `WATERMARK#${prefix}`, sk: 'WATERMARK' },
    watermarkAttribute: 'bucketStartMs',
  });
  return {
    index,
    put: async (id, dueAtMs) => {
      await documents.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...itemKey(id),
            duePk: partitionOf(bucketStartOf(layout, dueAtMs), shardOf(id)),
            dueSk: `${String(dueAtMs).padStart(TIME_DIGITS, '0')}#${id}`,
          },
        }),
      );
    },
    remove: async (id) => {
      await documents.send(new DeleteCommand({ TableName: tableName, Key: itemKey(id) }));
    },
  };
});
