import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { DynamoIdempotencyStore } from '../../../shared/adapters/aws/idempotency-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { PurchaseIdempotency } from '../../../shared/http/purchase-idempotency';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { coreTable } from '../../../shared/resources/tables';
import { idempotencyContract } from '../../contract/idempotency-contract';

/** The DynamoDB idempotency store against DynamoDB Local, in a table of its own. */
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `kippu-test-core-${randomBytes(6).toString('hex')}`;
let created = false;

afterAll(async () => {
  if (created) await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

const table = async () => {
  if (!created) {
    await client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
    created = true;
  }
};

idempotencyContract('DynamoDB', async () => {
  await table();
  return {
    store: new DynamoIdempotencyStore(documents, tableName),
    readRecord: async (scope) =>
      (await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `IDEMPOTENCY#${scope}`, sk: 'IDEMPOTENCY' } })))
        .Item,
  };
});

// POST /v1/purchases keeps its records in purchase items: the same guarantees, one purchase id per store.
idempotencyContract('purchase items, DynamoDB', async () => {
  await table();
  const purchaseId = `pur_${randomUUID()}`;
  const store = new PurchaseIdempotency(
    { claims: new DynamoPurchaseStore(documents, tableName).claims, ticketStore: new DynamoTicketStore(documents, tableName) },
    { role: 'customer', subject: 'cus-1' },
    purchaseId,
  );
  return {
    store,
    readRecord: async () =>
      (await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `PURCHASE#${purchaseId}`, sk: 'PURCHASE' } })))
        .Item,
  };
});
