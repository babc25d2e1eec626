import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { DynamoIdempotencyStore } from '../../../shared/adapters/aws/idempotency-dynamodb';
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

idempotencyContract('DynamoDB', async () => {
  if (!created) {
    await client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
    created = true;
  }
  return {
    store: new DynamoIdempotencyStore(documents, tableName),
    readRecord: async (scope) =>
      (await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `IDEMPOTENCY#${scope}`, sk: 'IDEMPOTENCY' } })))
        .Item,
  };
});
