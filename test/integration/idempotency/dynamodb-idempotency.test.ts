import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore } from '../../../shared/adapters/aws/idempotency-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { PurchaseIdempotency } from '../../../shared/http/purchase-idempotency';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { coreTable } from '../../../shared/resources/tables';
import { idempotencyContract } from '../../contract/idempotency-contract';
import { idempotencyKeySpaceContract } from '../../contract/idempotency-key-space-contract';
import type { StoredResponse } from '../../../shared/http/idempotent';

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

// Both stores on one table, as deployed: the generic records and the purchase items.
idempotencyKeySpaceContract('DynamoDB', async () => {
  await table();
  return {
    idempotencyStore: new DynamoIdempotencyStore<StoredResponse>(documents, tableName),
    claims: new DynamoPurchaseStore(documents, tableName).claims,
    ticketStore: new DynamoTicketStore(documents, tableName),
  };
});

describe('DynamoDB idempotency records as stored', () => {
  const response = {
    statusCode: 200,
    body: JSON.stringify({ id: 'x'.repeat(900) }),
    headers: { 'content-type': 'application/json' },
  };
  const record = (scope: string) => ({
    scope,
    fingerprint: 'f1',
    request: { scope, method: 'POST', path: '/v1/things', body: { name: 'n' } },
    state: 'in_progress' as const,
    leaseExpiresAtMs: 2_000,
    expiresAtMs: 10_000,
  });

  it('keeps the answer compressed and the scope only in the key, and reads the record back whole', async () => {
    // Prepare
    await table();
    const store = new DynamoIdempotencyStore<typeof response>(documents, tableName);
    const scope = `customer:c-${randomUUID()}#key`;

    // Act
    await store.claim(record(scope), 1_000);
    await store.complete(scope, 'f1', response);
    const again = await store.claim(record(scope), 1_000);

    // Assess
    const item = (
      await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `IDEMPOTENCY#${scope}`, sk: 'IDEMPOTENCY' } }))
    ).Item;
    expect(item).not.toHaveProperty('response');
    expect(item).not.toHaveProperty('scope');
    expect(item?.['request']).not.toHaveProperty('scope');
    expect((item?.['responseCompressed'] as Uint8Array).length).toBeLessThan(response.body.length / 4);
    expect(again).toEqual({ claimed: false, existing: { ...record(scope), state: 'completed', response } });
  });

  it('reads a record stored before compression (plain answer, scope as an attribute) as it is', async () => {
    // Prepare
    await table();
    const store = new DynamoIdempotencyStore<typeof response>(documents, tableName);
    const scope = `customer:c-${randomUUID()}#key`;
    const old = { ...record(scope), state: 'completed' as const, response };
    await documents.send(
      new PutCommand({ TableName: tableName, Item: { pk: `IDEMPOTENCY#${scope}`, sk: 'IDEMPOTENCY', ...old, ttl: 10 } }),
    );

    // Act
    const answer = await store.claim(record(scope), 1_000);

    // Assess
    expect(answer).toEqual({ claimed: false, existing: old });
  });
});
