import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { DynamoDeviceStore } from '../../../shared/adapters/aws/identity-devices-dynamodb';
import { DynamoRegistrationStore } from '../../../shared/adapters/aws/identity-registrations-dynamodb';
import { DynamoSessionStore } from '../../../shared/adapters/aws/identity-sessions-dynamodb';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { coreTable } from '../../../shared/resources/tables';
import { identityStoresContract } from '../../contract/identity-stores-contract';

/** The DynamoDB identity stores against DynamoDB Local, in a core table of their own. */
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `kippu-test-identity-${randomBytes(6).toString('hex')}`;
let created = false;

afterAll(async () => {
  if (created) await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

identityStoresContract('DynamoDB', async () => {
  if (!created) {
    await client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
    created = true;
  }
  return {
    registrations: new DynamoRegistrationStore(documents, tableName),
    devices: new DynamoDeviceStore(documents, tableName),
    sessions: new DynamoSessionStore(documents, tableName),
  };
});
